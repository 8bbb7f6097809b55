/**
 * The one way the UI talks to the server: JSON over fetch with the session cookie, the CSRF token
 * from login on every write, and problem documents (`code`, `detail`, `field`, `line`, `column`)
 * turned into an {@link ApiProblem} whose message is the server's `detail`.
 */
import { type Endpoint, fillPath, type Input, type Output } from '../../../server/api/endpoint.ts';

export { api as endpoints } from '../../../server/api/contract.ts';

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** Any thrown value as a problem a person can read. */
export function asProblem(error: unknown): Problem {
  if (error instanceof ApiProblem) return error.problem;
  return { status: 0, code: 'client_error', detail: error instanceof Error ? error.message : String(error) };
}

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the server says the session is over (401), e.g. it expired or the server restarted. */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

async function request(method: Method, path: string, options: RequestOptions = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiProblem({ status: 0, code: 'unreachable', detail: 'The server cannot be reached. Is it still running?' });
  }
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    if (response.status === 401 && !PUBLIC_PATHS.has(path)) onUnauthenticated();
    throw new ApiProblem(problemFrom(response, json, text));
  }
  return json;
}

const PUBLIC_PATHS = new Set(['/api/login', '/api/setup']);

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function problemFrom(response: Response, json: unknown, text: string): Problem {
  const body = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
  return {
    status: response.status,
    code: typeof body.code === 'string' ? body.code : `http_${response.status}`,
    detail: typeof body.detail === 'string' ? body.detail : text.slice(0, 300) || `${response.status} ${response.statusText}`,
    ...(typeof body.field === 'string' ? { field: body.field } : {}),
    ...(typeof body.line === 'number' ? { line: body.line } : {}),
    ...(typeof body.column === 'number' ? { column: body.column } : {}),
  };
}

/**
 * Calls an endpoint of the API contract (server/api/): the path filled from `params`, the query
 * string from `query`, `body` as JSON, `headers` as given; resolves with the reply typed from the
 * endpoint's schema.
 *
 * @example const { drafts } = await call(endpoints.listDrafts, { query: { status: 'in_review' } });
 */
export function call<E extends Endpoint>(endpoint: E, input: Input<E> & CallOptions = {} as Input<E> & CallOptions): Promise<Output<E>> {
  const given = input as Partial<{
    params: Record<string, string>;
    query: Record<string, string | number | boolean | undefined>;
    body: unknown;
    headers: Record<string, unknown>;
  }> &
    CallOptions;
  const headers = Object.fromEntries(Object.entries(given.headers ?? {}).map(([name, value]) => [name, String(value)]));
  const reply = request(endpoint.method.toUpperCase() as Method, `${fillPath(endpoint.path, given.params)}${query(given.query ?? {})}`, {
    ...(given.body !== undefined || endpoint.body ? { body: given.body ?? {} } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(given.signal ? { signal: given.signal } : {}),
  });
  // The one place an answer gets its type: the server's tests check every JSON answer against this
  // endpoint's reply schema, so the browser does not parse it again (a grid page is 5,000 rows).
  return reply as Promise<Output<E>>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** The address of an endpoint that answers with a file (for links and downloads). */
export function urlOf<E extends Endpoint>(endpoint: E, input: Input<E>): string {
  const given = input as Partial<{ params: Record<string, string>; query: Record<string, string | number | boolean | undefined> }>;
  return `${fillPath(endpoint.path, given.params)}${query(given.query ?? {})}`;
}

/** A query string from the defined values. */
function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
