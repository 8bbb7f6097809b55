/**
 * The API contract's building block: an endpoint is a method, a path, the role it needs and the
 * zod schemas of what it takes and returns. The server mounts handlers on endpoints and checks
 * requests against them; the web calls endpoints through a client typed from the same objects.
 * This folder imports nothing but zod and other schema modules, so the browser bundle can use it.
 */
import { z } from 'zod';

export const ROLES = ['viewer', 'editor', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Whether `role` may do what `needed` may: admin > approver > editor > viewer. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Who may call an endpoint: nobody in particular (`public`), a client user of the customer portal
 * (`client`: a portal session, never a workbench user or token), or a workbench user with at
 * least this role (never a client user).
 */
export type Access = 'public' | 'client' | Role;

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What an endpoint answers: JSON matching a schema, or something that is not JSON (a file, a
 * stream of server-sent events) described in words.
 */
export type Reply = { readonly json: z.ZodType; readonly status?: 200 | 201 | 202 } | { readonly file: string } | { readonly events: string };

export interface Endpoint {
  readonly method: Method;
  /** OpenAPI style: /api/drafts/{id}. */
  readonly path: string;
  readonly summary: string;
  readonly access: Access;
  readonly tag: string;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Request headers the endpoint reads (e.g. If-Match), documented in the OpenAPI document. */
  readonly headers?: z.ZodObject;
  readonly reply: Reply;
}

/** Declares an endpoint, keeping its literal types for the typed client. */
export const endpoint = <const E extends Endpoint>(spec: E): E => spec;

/** No fields: what an endpoint without path parameters, query or body takes of each. */
type Nothing = Record<never, never>;

/** `{id}` and `{name}` of a path as an object type: PathParams<'/api/runs/{id}'> = { id: string }. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? { readonly [K in Name | keyof PathParams<Rest>]: string }
  : Nothing;

type Schema<E, K extends 'query' | 'body' | 'headers'> = E extends { readonly [key in K]: infer S extends z.ZodType } ? S : never;

/** What a caller sends to an endpoint. */
export type Input<E extends Endpoint> = ([keyof PathParams<E['path']>] extends [never] ? Nothing : { readonly params: PathParams<E['path']> }) &
  ([Schema<E, 'query'>] extends [never] ? Nothing : { readonly query: z.input<Schema<E, 'query'>> }) &
  ([Schema<E, 'body'>] extends [never]
    ? Nothing
    : undefined extends z.input<Schema<E, 'body'>>
      ? { readonly body?: z.input<Schema<E, 'body'>> }
      : { readonly body: z.input<Schema<E, 'body'>> }) &
  ([Schema<E, 'headers'>] extends [never]
    ? Nothing
    : Nothing extends z.input<Schema<E, 'headers'>>
      ? { readonly headers?: z.input<Schema<E, 'headers'>> }
      : { readonly headers: z.input<Schema<E, 'headers'>> });

/** What a JSON endpoint answers, as the caller receives it. */
export type Output<E extends Endpoint> = E['reply'] extends { readonly json: infer S extends z.ZodType } ? z.output<S> : never;

/** `T` with every array and object readonly: what a value must be to be sent as `T`. */
export type Sendable<T> = T extends (infer U)[] ? readonly Sendable<U>[] : T extends object ? { readonly [K in keyof T]: Sendable<T[K]> } : T;

/** What a handler of a JSON endpoint returns before it is sent (the schema's input side, readonly allowed). */
export type HandlerOutput<E extends Endpoint> = E['reply'] extends { readonly json: infer S extends z.ZodType } ? Sendable<z.input<S>> : Response;

/** The path with its parameters filled in, each URL-encoded: /api/runs/{id} -> /api/runs/r-1. */
export function fillPath(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** The names in a path's braces: /api/runs/{id}/files/{name} -> ['id', 'name']. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
