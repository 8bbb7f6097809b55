/**
 * Routes are declared once: the declaration goes into the OpenAPI document the server serves, and
 * the handler is mounted on the same method and path. Bodies and queries are validated at the edge
 * with the same zod schemas the document shows.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../auth/middleware.ts';
import { ApiError } from '../errors.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Role = 'public' | 'viewer' | 'editor' | 'approver' | 'admin';

export interface RouteSpec {
  readonly method: Method;
  /** OpenAPI style: /api/drafts/{id}. */
  readonly path: string;
  readonly summary: string;
  readonly role: Role;
  readonly tag: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
}

const problem = {
  description: 'A problem document (code, detail, field)',
  content: { 'application/problem+json': { schema: z.object({ code: z.string(), detail: z.string(), field: z.string().optional() }) } },
};

export function defineRoute(app: OpenAPIHono<AppEnv>, spec: RouteSpec, handler: (c: Context<AppEnv>) => Response | Promise<Response>): void {
  const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  app.openAPIRegistry.registerPath(
    createRoute({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      description:
        spec.role === 'public' ? 'No authentication.' : `Requires the ${spec.role} role: a session cookie (with X-CSRF-Token on writes) or a bearer API token.`,
      tags: [spec.tag],
      request: {
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } } : {}),
        ...(params.length > 0 ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
        ...(spec.query ? { query: spec.query } : {}),
      },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: z.unknown() } } },
        400: problem,
        401: problem,
        403: problem,
        404: problem,
        409: problem,
      },
    }),
  );
  app.on(spec.method.toUpperCase(), spec.path.replace(/\{(\w+)\}/g, ':$1'), handler);
}

/** The request body, parsed as JSON and checked against `schema`; 400 naming the field otherwise. */
export async function readBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad_json', 'the request body must be JSON');
  }
  return parseWith(schema, json);
}

export function readQuery<S extends z.ZodObject>(c: Context<AppEnv>, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query());
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new ApiError(400, 'bad_request', `${field || 'the request'}: ${issue?.message ?? 'invalid'}`, field);
  }
  return parsed.data;
}

export { z };
