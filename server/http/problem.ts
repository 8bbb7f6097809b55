/**
 * The one place where errors become HTTP responses: RFC 9457 problem documents with a stable
 * `code`. Domain errors map to 4xx/5xx by code; anything unknown is logged and becomes a 500.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SnapshotError, type SnapshotErrorCode } from '../../snapshots/errors.ts';

const statusBySnapshotCode: Readonly<Record<SnapshotErrorCode, ContentfulStatusCode>> = {
  bad_period: 400,
  bad_scale: 400,
  bad_seed: 400,
  not_found: 404,
  workspace_locked: 409,
  cancelled: 409,
  disk_full: 507,
  corrupt_snapshot: 500,
};

export function problemResponse(error: unknown, c: Context): Response {
  if (error instanceof SnapshotError) return problem(c, statusBySnapshotCode[error.code], error.code, error.message);
  console.error('Unhandled error', c.req.method, c.req.path, error);
  return problem(c, 500, 'internal_error', 'Something went wrong on the server; it has been logged.');
}

/** A problem document with a stable `code` and a `detail` for people. */
export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string): Response {
  return c.json({ type: 'about:blank', title: code, status, code, detail }, status, { 'content-type': 'application/problem+json' });
}
