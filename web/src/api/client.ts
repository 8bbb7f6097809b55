/**
 * The one way the UI talks to the server: JSON over fetch with the session cookie, the CSRF token
 * from login on every write, and problem documents (`code`, `detail`, `field`, `line`, `column`)
 * turned into an {@link ApiProblem} whose message is the server's `detail`.
 */

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

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
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
  return json as T;
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

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, signal ? { signal } : {}),
  post: <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, { body, ...(headers ? { headers } : {}) }),
  put: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PUT', path, { body, ...(headers ? { headers } : {}) }),
};

/** A query string from the defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
