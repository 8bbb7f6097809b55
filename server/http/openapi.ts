/**
 * Mounting the API contract (server/api/) on the Hono app: each endpoint goes into the OpenAPI
 * document, its role is enforced before its handler runs, its path parameters, query, headers and
 * body are checked against its schemas, and a handler's result is sent as JSON with the
 * endpoint's status. When `checkResponses` is on (the tests), every JSON answer is also checked
 * against the endpoint's reply schema, so a response that drifts from the contract fails loudly.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { api } from '../api/contract.ts';
import { pathParamNames, type Endpoint, type HandlerOutput, type PathParams } from '../api/endpoint.ts';
import { problem as problemSchema } from '../api/schemas.ts';
import { type ClientUser, requireClientUser } from '../auth/client-users.ts';
import { requireRole, type AppEnv } from '../auth/middleware.ts';
import { ApiError } from '../errors.ts';
import type { User } from '../store/users.ts';

type Schema<E, K extends 'query' | 'body' | 'headers'> = E extends { readonly [key in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

/** What a handler receives, already checked: the caller and the parsed request. */
export interface Request<E extends Endpoint> {
  /** The caller: a client user on portal endpoints; undefined only on public endpoints. */
  readonly user: E['access'] extends 'public' ? User | undefined : E['access'] extends 'client' ? ClientUser : User;
  readonly params: PathParams<E['path']>;
  readonly query: Schema<E, 'query'>;
  readonly body: Schema<E, 'body'>;
  readonly headers: Schema<E, 'headers'>;
}

/** Returns the reply's JSON (checked against the contract by type, and in tests at run time), or a Response of its own. */
export type Handler<E extends Endpoint> = (c: Context<AppEnv>, request: Request<E>) => HandlerOutput<E> | Response | Promise<HandlerOutput<E> | Response>;

export interface MountOptions {
  /** Check every JSON answer against its endpoint's reply schema (on in tests). */
  readonly checkResponses: boolean;
}

const problemReply = {
  description: 'A problem document: code, detail, and the field (or file, line and column) at fault',
  content: { 'application/problem+json': { schema: problemSchema } },
};
const mounted = new WeakMap<object, Set<Endpoint>>();

/** Mounts `handler` on `endpoint`: documented, role-checked, inputs parsed, output sent (and checked). */
export function mount<E extends Endpoint>(app: OpenAPIHono<AppEnv>, options: MountOptions, endpoint: E, handler: Handler<E>): void {
  app.openAPIRegistry.registerPath(openApiRoute(endpoint));
  const seen = mounted.get(app) ?? new Set<Endpoint>();
  mounted.set(app, seen.add(endpoint));
  app.on(endpoint.method.toUpperCase(), endpoint.path.replace(/\{(\w+)\}/g, ':$1'), async (c) => {
    const user = endpoint.access === 'public' ? c.get('user') : endpoint.access === 'client' ? requireClientUser(c) : requireRole(c, endpoint.access);
    const request = {
      user,
      params: c.req.param() as PathParams<E['path']>,
      query: endpoint.query ? parseWith(endpoint.query, c.req.query(), 'query') : undefined,
      headers: endpoint.headers ? parseHeaders(endpoint.headers, c) : undefined,
      body: endpoint.body ? parseWith(endpoint.body, await readJson(c, endpoint.body), 'body') : undefined,
    } as Request<E>;
    const result = await handler(c, request);
    if (result instanceof Response) return result;
    if (!('json' in endpoint.reply))
      throw new Error(`${endpoint.method.toUpperCase()} ${endpoint.path} answers with a file or events; its handler must return a Response`);
    if (options.checkResponses) checkReply(endpoint, endpoint.reply.json, result);
    return c.json(result as object, endpoint.reply.status ?? 200);
  });
}

/** The endpoints of the contract that `app` has no handler for (the server refuses to start with any). */
export function unmountedEndpoints(app: OpenAPIHono<AppEnv>): string[] {
  const seen = mounted.get(app) ?? new Set();
  return Object.entries(api)
    .filter(([, endpoint]) => !seen.has(endpoint))
    .map(([name, endpoint]) => `${name} (${endpoint.method.toUpperCase()} ${endpoint.path})`);
}

function openApiRoute(endpoint: Endpoint) {
  const params = pathParamNames(endpoint.path);
  const reply = endpoint.reply;
  const success =
    'json' in reply
      ? { description: 'OK', content: { 'application/json': { schema: reply.json } } }
      : 'file' in reply
        ? { description: reply.file, content: { 'application/octet-stream': { schema: z.string() } } }
        : { description: reply.events, content: { 'text/event-stream': { schema: z.string() } } };
  return createRoute({
    method: endpoint.method,
    path: endpoint.path,
    summary: endpoint.summary,
    description:
      endpoint.access === 'public'
        ? 'No authentication.'
        : endpoint.access === 'client'
          ? 'Requires the client role: a customer portal session (cookie ctb_portal, with X-CSRF-Token on writes); workbench sessions and API tokens are refused.'
          : `Requires the ${endpoint.access} role: a session cookie (with X-CSRF-Token on writes) or a bearer API token.`,
    tags: [endpoint.tag],
    request: {
      ...(endpoint.body ? { body: { content: { 'application/json': { schema: endpoint.body } }, required: !endpoint.body.safeParse(undefined).success } } : {}),
      ...(params.length > 0 ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
      ...(endpoint.query ? { query: endpoint.query } : {}),
      ...(endpoint.headers ? { headers: endpoint.headers } : {}),
    },
    responses: {
      ['json' in reply ? (reply.status ?? 200) : 200]: success,
      400: problemReply,
      401: problemReply,
      403: problemReply,
      404: problemReply,
      409: problemReply,
    },
  });
}

/** The request's JSON body; an empty one is `undefined` where the endpoint's body is optional, and refused where it is not. */
async function readJson(c: Context<AppEnv>, schema: z.ZodType): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (schema.safeParse(undefined).success) return undefined;
    throw new ApiError(400, 'bad_json', 'this request needs a JSON body');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_json', 'the request body must be JSON');
  }
}

function parseHeaders(schema: z.ZodObject, c: Context<AppEnv>): unknown {
  const names = Object.keys(schema.shape);
  const missing = names.find((name) => c.req.header(name) === undefined && !schema.shape[name]?.safeParse(undefined).success);
  if (missing) throw new ApiError(428, 'precondition_required', `send ${missing} with the version you edited (0 for a new one)`, missing);
  return parseWith(schema, Object.fromEntries(names.map((name) => [name, c.req.header(name)])), 'headers');
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new ApiError(400, 'bad_request', `${field || `the ${part}`}: ${issue?.message ?? 'invalid'}`, field || undefined);
  }
  return parsed.data;
}

function checkReply(endpoint: Endpoint, schema: z.ZodType, result: unknown): void {
  // Through JSON first: the client sees what JSON.stringify makes of the value (dates as strings, no undefined).
  const parsed = schema.safeParse(JSON.parse(JSON.stringify(result) ?? 'null'));
  if (parsed.success) return;
  const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).slice(0, 5);
  throw new Error(`${endpoint.method.toUpperCase()} ${endpoint.path} answered outside its contract: ${where.join('; ')}`);
}
