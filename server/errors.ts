/**
 * The error type of the HTTP layer's own refusals (a bad request body, authentication, CSRF, roles,
 * a missing If-Match…): an HTTP status, a stable code, a message for people and the field at fault.
 * Engine, snapshot and workspace-store errors carry only a code; http/problem.ts gives each its status.
 */
export class ApiError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 422 | 428 | 429 | 500 | 503 | 504;
  readonly code: string;
  readonly field?: string;

  constructor(status: ApiError['status'], code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}
