/**
 * The one error type of the workspace store: a stable code, a message for people and the field at
 * fault. The store knows nothing of HTTP; `server/http/problem.ts` gives each code its status.
 */
export type WorkspaceErrorCode =
  /** No such user, draft, formula version, release or document. */
  | 'not_found'
  | 'user_exists'
  | 'release_exists'
  /** The edit was made from a revision (or document version) someone has since changed. */
  | 'edit_conflict'
  /** Only a draft being edited can change. */
  | 'draft_not_editable'
  /** A draft is not in the status the step starts from. */
  | 'wrong_state'
  /** Finalising would invoice accounts a finalised run already invoices for the same days. */
  | 'already_invoiced'
  /** The change would leave no active administrator. */
  | 'last_admin'
  /** The workspace has no formula release to bill with yet. */
  | 'no_release'
  /** An API token asked for more than its owner may do. */
  | 'scope_too_wide';

export class WorkspaceError extends Error {
  readonly code: WorkspaceErrorCode;
  readonly field?: string;

  constructor(code: WorkspaceErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'WorkspaceError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}
