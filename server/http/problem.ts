/**
 * The one place where errors become HTTP responses: RFC 9457 problem documents with a stable
 * `code`, a `detail` for people, and the `field` (or file line and column) at fault. Domain errors
 * map to 4xx/5xx by code; anything unknown is logged and becomes a 500.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EngineError, type EngineErrorCode } from '../../engine/errors.ts';
import { SnapshotError, type SnapshotErrorCode } from '../../snapshots/errors.ts';
import { ApiError } from '../errors.ts';

const statusBySnapshotCode: Readonly<Record<SnapshotErrorCode, ContentfulStatusCode>> = {
  bad_period: 400,
  bad_scale: 400,
  bad_seed: 400,
  bad_source_url: 400,
  bad_client_range: 400,
  not_found: 404,
  workspace_locked: 409,
  cancelled: 409,
  disk_full: 507,
  corrupt_snapshot: 500,
  source_unreachable: 502,
  source_login_failed: 502,
  source_schema_mismatch: 502,
  source_query_failed: 502,
  source_connection_lost: 502,
};

/** Engine errors are about what the caller sent (a formula, a setup), except failures while running. */
const engineServerErrors = new Set<EngineErrorCode>(['runtime_error', 'timeout', 'memory_limit']);

export function problemResponse(error: unknown, c: Context): Response {
  if (error instanceof ApiError) return problem(c, error.status, error.code, error.message, error.field);
  if (error instanceof SnapshotError) return problem(c, statusBySnapshotCode[error.code] ?? 500, error.code, error.message);
  if (error instanceof EngineError) {
    const status =
      error.code === 'unknown_formula' || error.code === 'unknown_statistic' || error.code === 'unknown_plan'
        ? 400
        : engineServerErrors.has(error.code)
          ? 422
          : 400;
    const { line, column, field, file } = error.location;
    return problem(c, status, error.code, error.message, field, {
      ...(file ? { file } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
    });
  }
  console.error('Unhandled error', c.req.method, c.req.path, error);
  return problem(c, 500, 'internal_error', 'Something went wrong on the server; it has been logged.');
}

/** A problem document with a stable `code` and a `detail` for people. */
export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string, field?: string, where: Record<string, unknown> = {}): Response {
  return c.json({ type: 'about:blank', title: code, status, code, detail, ...(field ? { field } : {}), ...where }, status, {
    'content-type': 'application/problem+json',
  });
}
