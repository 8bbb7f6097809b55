/**
 * The one place where errors become HTTP responses: RFC 9457 problem documents with a stable
 * `code`, a `detail` for people, and the `field` (or file line and column) at fault. Each layer's
 * error carries a code from its own union, and each union has one table here giving every code its
 * status, so a new code without a status does not compile. The HTTP layer's own errors (`ApiError`:
 * bad JSON, authentication, CSRF, roles…) carry their status. Anything else is logged and becomes a 500.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EngineError, type EngineErrorCode } from '../../engine/errors.ts';
import { SnapshotError, type SnapshotErrorCode } from '../../snapshots/errors.ts';
import { ApiError } from '../errors.ts';
import { WorkspaceError, type WorkspaceErrorCode } from '../store/errors.ts';

type StatusTable<Code extends string> = Readonly<Record<Code, ContentfulStatusCode>>;

const statusBySnapshotCode: StatusTable<SnapshotErrorCode> = {
  bad_period: 400,
  bad_scale: 400,
  bad_seed: 400,
  bad_source_url: 400,
  bad_client_range: 400,
  not_found: 404,
  workspace_locked: 409,
  cancelled: 409,
  disk_full: 507,
  corrupt_snapshot: 500,
  source_unreachable: 502,
  source_login_failed: 502,
  source_schema_mismatch: 502,
  source_query_failed: 502,
  source_connection_lost: 502,
  /** The source answered, with nothing for the period: the request (period, clients, source) is the caller's to change. */
  empty_period: 422,
};

/** Engine errors are about what the caller sent or stored (a formula, a setup, a file), except the limits of the server running it. */
const statusByEngineCode: StatusTable<EngineErrorCode> = {
  file_syntax: 400,
  file_field: 400,
  sql_syntax: 400,
  not_select: 400,
  multiple_statements: 400,
  unknown_table: 400,
  table_function: 400,
  forbidden_function: 400,
  too_many_aggregates: 400,
  unknown_column: 400,
  bind_error: 400,
  undeclared_param: 400,
  unused_param: 400,
  result_shape: 400,
  unknown_formula: 400,
  reference_cycle: 400,
  duplicate_formula: 400,
  bad_param_value: 400,
  unknown_statistic: 400,
  unknown_plan: 400,
  rating_error: 400,
  import_format: 400,
  import_file_type: 400,
  bad_acceptance: 400,
  /** A valid formula that fails on the snapshot's data (a cast, a division): the formula must change, so the caller's. */
  runtime_error: 422,
  /**
   * The sandbox's time limit is the server's, not a property of the request: the same formula may
   * finish on a quieter server or a smaller snapshot. 504 says the server gave up waiting for the
   * query it ran (as a gateway does for its upstream), so clients and proxies read it as a timeout.
   */
  timeout: 504,
  /**
   * The sandbox's memory limit is the server's resource running out, so a 5xx; 503 (unavailable
   * for now) rather than 507, which means storage and which a full disk answers (`disk_full`).
   */
  memory_limit: 503,
};

const statusByWorkspaceCode: StatusTable<WorkspaceErrorCode> = {
  not_found: 404,
  user_exists: 409,
  release_exists: 409,
  edit_conflict: 409,
  draft_not_editable: 409,
  wrong_state: 409,
  already_invoiced: 409,
  last_admin: 409,
  /** Nothing to bill with until the first release exists (first start seeds one): the server is not ready. */
  no_release: 503,
  scope_too_wide: 403,
};

/** What a problem document says about an error; undefined for an error no layer owns (a bug). */
export interface Problem {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly detail: string;
  readonly field?: string | undefined;
  /** For an error in a file: the file, line and column. */
  readonly where?: Readonly<Record<string, unknown>>;
}

/**
 * An error as a problem, its status from its layer's table.
 *
 * @example problemOf(new WorkspaceError('edit_conflict', 'draft 4 changed', 'revision')) // { status: 409, code: 'edit_conflict', ... }
 */
export function problemOf(error: unknown): Problem | undefined {
  if (error instanceof ApiError) return { status: error.status, code: error.code, detail: error.message, field: error.field };
  if (error instanceof WorkspaceError) return { status: statusByWorkspaceCode[error.code], code: error.code, detail: error.message, field: error.field };
  if (error instanceof SnapshotError) return { status: statusBySnapshotCode[error.code], code: error.code, detail: error.message };
  if (error instanceof EngineError) {
    const { line, column, field, file } = error.location;
    return {
      status: statusByEngineCode[error.code],
      code: error.code,
      detail: error.message,
      field,
      where: { ...(file ? { file } : {}), ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
    };
  }
  return undefined;
}

/**
 * The problem response for an error; `hidden` are folders no caller is told about (the workspace:
 * the command line names it in messages, the server says `<workspace>`).
 */
export function problemResponse(error: unknown, c: Context, hidden: readonly string[] = []): Response {
  const found = problemOf(error);
  const hide = (text: string) => hidden.reduce((shown, path) => shown.replaceAll(path, '<workspace>'), text);
  if (found) return problem(c, found.status, found.code, hide(found.detail), found.field, found.where);
  console.error('Unhandled error', c.req.method, c.req.path, error);
  return problem(c, 500, 'internal_error', 'Something went wrong on the server; it has been logged.');
}

/**
 * A problem document with a stable `code` and a `detail` for people. The detail and field are cut
 * short: a message may quote what was sent (a 50 MB upload once made a 157 MB error).
 */
export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string, field?: string, where: Record<string, unknown> = {}): Response {
  const bounded = { detail: truncated(detail, 1000), ...(field ? { field: truncated(field, 200) } : {}) };
  return c.json({ type: 'about:blank', title: code, status, code, ...bounded, ...where }, status, {
    'content-type': 'application/problem+json',
  });
}

/** At most `max` characters, saying how much was left out. */
export function truncated(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
