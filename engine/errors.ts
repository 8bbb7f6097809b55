/**
 * The one error type of the engine (formulas, rating, runs): a stable `code`, a message for
 * people, and where the problem is (formula, file, line and column, field), so the CLI and the
 * editor can point at it.
 */
export type EngineErrorCode =
  | 'file_syntax'
  | 'file_field'
  | 'sql_syntax'
  | 'not_select'
  | 'multiple_statements'
  | 'unknown_table'
  | 'table_function'
  | 'forbidden_function'
  | 'too_many_aggregates'
  | 'unknown_column'
  | 'bind_error'
  | 'undeclared_param'
  | 'unused_param'
  | 'result_shape'
  | 'unknown_formula'
  | 'reference_cycle'
  | 'duplicate_formula'
  | 'bad_param_value'
  | 'timeout'
  | 'memory_limit'
  | 'runtime_error'
  | 'unknown_statistic'
  | 'unknown_plan'
  | 'rating_error'
  | 'import_format'
  | 'import_file_type'
  | 'bad_acceptance';

export interface Location {
  readonly formulaId?: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  /** The metadata field at fault, e.g. `tests[2].expect`. */
  readonly field?: string;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly location: Location;

  constructor(code: EngineErrorCode, message: string, location: Location = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
    this.location = location;
  }

  /** `file:line:column: message` (the form editors and compilers use), with what is known. */
  describe(): string {
    const { file, line, column, formulaId, field } = this.location;
    const where = [file ?? formulaId, line, line !== undefined ? column : undefined].filter((part) => part !== undefined).join(':');
    const fieldNote = field && !this.message.includes(field) ? ` (${field})` : '';
    return `${where ? `${where}: ` : ''}${this.message}${fieldNote}`;
  }
}

/**
 * Moves a location found inside a formula's SQL to the file that holds it. Every line of the SQL
 * is shifted by the column it starts at: a `sql: |` block indents all its lines the same.
 */
export function inFile(location: Location, sqlStart: { file?: string; line: number; column: number } | undefined): Location {
  if (!sqlStart || location.line === undefined) return { ...location, ...(sqlStart?.file ? { file: sqlStart.file } : {}) };
  const line = sqlStart.line + location.line - 1;
  const column = location.column !== undefined ? sqlStart.column + location.column - 1 : location.line === 1 ? sqlStart.column : undefined;
  return { ...location, line, ...(column !== undefined ? { column } : {}), ...(sqlStart.file ? { file: sqlStart.file } : {}) };
}
