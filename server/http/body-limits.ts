/**
 * Every request body is bounded before it is read: a small limit for JSON, a large one for the two
 * endpoints that carry a file (a legacy Billing Export 200 upload, a library package). Beyond it
 * the request is refused with 413 without being read (a 200 MB upload once ran the heap out).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../auth/middleware.ts';
import { problem } from './problem.ts';

export interface BodyLimits {
  /** Any JSON body, in bytes. */
  readonly json: number;
  /** A body carrying a file (base64 in JSON, so a third larger than the file), in bytes. */
  readonly upload: number;
}

/** 1 MiB of JSON holds any formula, setup or scenario; 48 MiB of upload a ~35 MB legacy file. */
export const defaultBodyLimits: BodyLimits = { json: 1024 * 1024, upload: 48 * 1024 * 1024 };

/** Endpoints whose body carries a file. */
const UPLOADS = new Set(['POST /api/reconciliations', 'POST /api/library/import']);

const mebibytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export function limitBodies(limits: BodyLimits): MiddlewareHandler<AppEnv> {
  const limiter = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => problem(c, 413, 'body_too_large', `the request body is larger than the ${mebibytes(maxSize)} this endpoint accepts`),
    });
  const json = limiter(limits.json);
  const upload = limiter(limits.upload);
  return (c, next) => (UPLOADS.has(`${c.req.method} ${c.req.path}`) ? upload(c, next) : json(c, next));
}
