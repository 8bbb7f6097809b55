/**
 * The one error type of the server layer: an HTTP status, a stable code, a message for people and
 * the field at fault. Engine and snapshot errors are mapped to problems in http/problem.ts.
 */
export class ApiError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 422 | 428 | 429 | 500 | 503;
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
