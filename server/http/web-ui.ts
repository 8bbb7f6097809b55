/**
 * Serves the built workbench UI (web/dist) at `/`: files as they are (hashed assets cached for
 * good), the customer portal's page (portal.html) at `/portal`, and index.html for any other
 * non-API path so the single-page app can route it. Until the UI has been built (`npm run build`;
 * `npm start` builds it), `/` shows the plain landing page.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppEnv } from '../auth/middleware.ts';

/** Where Vite writes the UI (web/vite.config.ts). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');
/** The customer portal's own page: its routes are in the hash (`/portal#statistics/2026-10`). */
const isPortal = (path: string): boolean => path === '/portal' || path.startsWith('/portal/');

export function mountWebUi(app: Hono<AppEnv>, landingPage: () => string, distDir = WEB_DIST): void {
  const indexFile = join(distDir, 'index.html');
  const built = (): boolean => existsSync(indexFile);
  // Created on first use: serveStatic complains at creation when its root does not exist yet.
  let files: MiddlewareHandler | undefined;

  app.get('*', async (c, next) => {
    if (isApi(c.req.path)) return next();
    if (!built()) return c.req.path === '/' ? c.html(landingPage()) : next();
    files ??= serveStatic({
      root: distDir,
      onFound: (path, ctx) => {
        ctx.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    c.header('Cache-Control', 'no-cache');
    if (isPortal(c.req.path)) return c.html(readFileSync(join(distDir, 'portal.html'), 'utf8'));
    const served = await files(c, async () => {});
    if (served) return served;
    // Not a file: a page of the app (e.g. /grid after a reload).
    return c.html(readFileSync(indexFile, 'utf8'));
  });
}
