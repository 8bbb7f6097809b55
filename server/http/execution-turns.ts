/**
 * The requests that run user SQL take a turn from the execution pool (services/execution-pool.ts)
 * before their handler runs: a formula run or test, a draft's submission, approval or result diff,
 * the grid with a draft in place. Everything else (login, health, pages of the release's results)
 * never waits behind them.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../auth/middleware.ts';
import { BusyError, type ExecutionPool } from '../services/execution-pool.ts';

/** Whether a request runs SQL someone is still writing or reviewing. */
export function runsUserSql(method: string, path: string, query: (name: string) => string | undefined): boolean {
  if (method === 'POST') return /^\/api\/formulas\/(run|test)$/.test(path) || /^\/api\/drafts\/[^/]+\/(submit|reviews)$/.test(path);
  if (method === 'GET' && /^\/api\/drafts\/[^/]+\/review$/.test(path)) return query('snapshot') !== undefined;
  if (method === 'GET' && /^\/api\/drafts\/[^/]+\/money$/.test(path)) return true;
  if (method === 'GET' && path === '/api/grid') return query('draft') !== undefined;
  // A followed library's formulas run on a snapshot: SQL written elsewhere, not yet reviewed here.
  if (method === 'GET' && /^\/api\/library\/followed\/[^/]+\/(changes|consensus)$/.test(path)) return query('snapshot') !== undefined;
  return false;
}

export function executionTurns(pool: ExecutionPool): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user || !runsUserSql(c.req.method, c.req.path, (name) => c.req.query(name))) return next();
    try {
      await pool.run(user.name, () => next());
    } catch (error) {
      if (error instanceof BusyError) c.header('Retry-After', error.retryAfter);
      throw error;
    }
  };
}
