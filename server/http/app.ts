/**
 * The Hono application: authentication, then thin routes over engine/, snapshots/ and the store.
 * Every route is declared in the OpenAPI document served at /api/openapi.json.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import { authenticate, type AppEnv } from '../auth/middleware.ts';
import type { ServerContext } from '../context.ts';
import { listSnapshots } from '../../snapshots/store/snapshot-store.ts';
import { limitBodies } from './body-limits.ts';
import { executionTurns } from './execution-turns.ts';
import { landingPage } from './landing-page.ts';
import { unmountedEndpoints } from './openapi.ts';
import { problem, problemResponse } from './problem.ts';
import { billingRoutes } from './routes/billing.ts';
import { draftRoutes } from './routes/drafts.ts';
import { portalAccessRoutes } from './routes/portal-access.ts';
import { portalDataRoutes } from './routes/portal-data.ts';
import { libraryRoutes } from './routes/library.ts';
import { formulaRoutes } from './routes/formulas.ts';
import { quirkRoutes } from './routes/quirks.ts';
import { reconcileRoutes } from './routes/reconcile.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { schemaRoutes } from './routes/schema.ts';
import { sessionRoutes } from './routes/session.ts';
import { snapshotRoutes } from './routes/snapshots.ts';
import { workbenchRoutes } from './routes/workbench.ts';
import { mountWebUi } from './web-ui.ts';

/**
 * On every answer: the built UI loads only its own scripts, styles and data (Solid sets inline
 * styles, hence 'unsafe-inline' for styles only); no page may frame it; types are never sniffed.
 */
const SECURITY_HEADERS: Parameters<typeof secureHeaders>[0] = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  xContentTypeOptions: 'nosniff',
  referrerPolicy: 'same-origin',
  crossOriginEmbedderPolicy: false,
};

export function createApp(ctx: ServerContext): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.onError((error, c) => problemResponse(error, c, [ctx.workspace.root]));
  app.notFound((c) => problem(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}`));
  app.use('*', secureHeaders(SECURITY_HEADERS));
  app.use('*', limitBodies(ctx.settings.bodyLimits));
  app.use('*', authenticate(ctx));
  app.use('*', executionTurns(ctx.execution));

  sessionRoutes(app, ctx);
  snapshotRoutes(app, ctx);
  formulaRoutes(app, ctx);
  draftRoutes(app, ctx);
  billingRoutes(app, ctx);
  workbenchRoutes(app, ctx);
  reconcileRoutes(app, ctx);
  reviewRoutes(app, ctx);
  portalAccessRoutes(app, ctx);
  portalDataRoutes(app, ctx);
  libraryRoutes(app, ctx);
  schemaRoutes(app, ctx);
  quirkRoutes(app, ctx);
  const missing = unmountedEndpoints(app);
  if (missing.length > 0) throw new Error(`the API contract has endpoints without a handler: ${missing.join(', ')}`);

  app.doc('/api/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Call Theory Billing API',
      version: ctx.version,
      description: 'Statistics, formulas, review, rating and billing runs for Amtelco IS answering services.',
    },
  });
  // The workbench UI at /, or the plain landing page until the UI is built.
  mountWebUi(app, () => landingPage(listSnapshots(ctx.workspace), ctx.version));
  return app;
}
