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
  if (error instanceof SnapshotError) {
    const status = statusBySnapshotCode[error.code];
    return c.json({ type: 'about:blank', title: error.code, status, code: error.code, detail: error.message }, status, problemHeaders);
  }
  console.error('Unhandled error', c.req.method, c.req.path, error);
  return c.json({ type: 'about:blank', title: 'internal_error', status: 500, code: 'internal_error', detail: 'Something went wrong on the server; it has been logged.' }, 500, problemHeaders);
}

const problemHeaders = { 'content-type': 'application/problem+json' };
