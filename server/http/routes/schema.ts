/**
 * The IS schema as the formula editor needs it for autocomplete: every snapshot table with its
 * columns, DuckDB types and descriptions, and the parameters every formula may use. Read from
 * snapshots/schema, the one source of truth, so the editor never suggests a column validation refuses.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { standardParams } from '../../../engine/formulas/definition.ts';
import { tables } from '../../../snapshots/schema/index.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import { api } from '../../api/contract.ts';
import type { ServerContext } from '../../context.ts';
import { mount } from '../openapi.ts';

export function schemaRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const body = {
    tables: tables.map((table) => ({
      name: table.name,
      description: table.description,
      columns: table.columns.map((column) => ({ name: column.name, type: column.duckdbType, description: column.description })),
    })),
    params: standardParams.map((param) => ({ name: param.name, type: param.type, description: param.description })),
  };
  mount(app, ctx.settings, api.snapshotSchema, () => body);
}
