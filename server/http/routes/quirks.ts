/**
 * The catalogue of legacy-report quirks (D1 ... D30, formulas/quirks.yaml), so the workbench can
 * show each quirk code with its title and what it means. Read once, when the routes are mounted.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { loadQuirkCatalogue } from '../../../engine/formulas/quirks.ts';
import { api } from '../../api/contract.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { mount } from '../openapi.ts';

export function quirkRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const body = { quirks: loadQuirkCatalogue() };
  mount(app, ctx.settings, api.listQuirks, () => body);
}
