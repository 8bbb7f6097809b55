/**
 * Validation of a formula before it runs, with precise errors (code, message, line and column in
 * its file): one SELECT only; only snapshot tables, CTEs and other formulas; no table functions,
 * nor functions that read the instance (function-policy.ts);
 * parameters declared and used; columns that exist (DuckDB's binder on empty IS tables); and a
 * result of exactly (cltID integer, value exact number).
 */
import { findTable } from '../../snapshots/schema/index.ts';
import { EngineError, inFile, type Location } from '../errors.ts';
import { standardParams, type Formula } from './definition.ts';
import { directDependencies, FORMULA_SCHEMA, type FormulaIndex } from './references.ts';
import { withoutTrailingSemicolon } from './compile.ts';
import { forbiddenFunction } from './function-policy.ts';
import { bindParameters } from './params.ts';
import { openScratchSandbox, type Sandbox } from './sandbox.ts';
import { analyzeSql, at, findParameters } from './sql-analysis.ts';

export interface Validation {
  readonly formula: Formula;
  readonly errors: readonly EngineError[];
  /** The DuckDB type of `value` when the formula is valid. */
  readonly valueType?: string;
}

export interface Validator {
  validate(formula: Formula, index: FormulaIndex): Promise<Validation>;
  close(): void;
}

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT']);
const EXACT_NUMBER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL\(\d+,\d+\))$/;

export async function openValidator(): Promise<Validator> {
  const sandbox = await openScratchSandbox();
  await sandbox.connection.run(`ATTACH ':memory:' AS ${FORMULA_SCHEMA}`);
  const knownTypes = new Map<string, string>();
  const aggregates = await aggregateFunctions(sandbox);

  return {
    async validate(formula, index) {
      const errors: EngineError[] = [];
      const located = (code: ConstructorParameters<typeof EngineError>[0], message: string, where: Location = {}) =>
        errors.push(new EngineError(code, message, { formulaId: formula.id, ...inFile(where, formula.source) }));
      try {
        const analysis = await analyzeSql(sandbox.connection, formula.sql);
        checkTables(formula, analysis.tables, index, located);
        for (const fn of analysis.tableFunctions) {
          located('table_function', `table function ${fn.name}() is not allowed: a formula reads snapshot tables only`, at(formula.sql, fn.offset));
        }
        for (const fn of analysis.functions) {
          const why = forbiddenFunction(fn.name, fn.qualifier);
          if (why) located('forbidden_function', why, at(formula.sql, fn.offset));
        }
        checkAggregateCount(formula, analysis.functions, aggregates, located);
        checkParameters(formula, analysis.parameters, located);
        if (errors.length > 0) return { formula, errors };
        for (const dependency of directDependencies(formula, index))
          await declareFormulaTable(sandbox, dependency.id, knownTypes.get(dependency.id.toLowerCase()));
        const valueType = await checkResultShape(sandbox, formula, located);
        if (valueType && errors.length === 0) knownTypes.set(formula.id.toLowerCase(), valueType);
        return errors.length === 0 && valueType ? { formula, errors, valueType } : { formula, errors };
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        located(error.code, error.message, error.location);
        return { formula, errors };
      }
    },
    close: () => sandbox.close(),
  };
}

type Report = (code: ConstructorParameters<typeof EngineError>[0], message: string, where?: Location) => void;

/**
 * Aggregates one formula may call. DuckDB aggregates a grouping of small key ranges (the client, a
 * code) into an array it allocates outside its memory limit, one slot of every aggregate per key
 * value (sandbox.ts): this bound, with the fused group's own (fuse.ts), keeps that array small.
 * A statistic is one number; the legacy ones call one or two aggregates.
 */
export const MAX_AGGREGATES_PER_FORMULA = 32;

function checkAggregateCount(
  formula: Formula,
  functions: readonly { name: string; offset: number }[],
  aggregateNames: ReadonlySet<string>,
  report: Report,
): void {
  const aggregates = functions.filter((fn) => aggregateNames.has(fn.name.toLowerCase()));
  const first = aggregates[MAX_AGGREGATES_PER_FORMULA];
  if (!first) return;
  report(
    'too_many_aggregates',
    `a formula may call at most ${MAX_AGGREGATES_PER_FORMULA} aggregate functions (it computes one statistic); this one calls ${aggregates.length}, the first beyond the limit here`,
    at(formula.sql, first.offset),
  );
}

/** `refs` holds no CTE references: analyzeSql resolves names to the CTEs in scope as DuckDB does. */
function checkTables(formula: Formula, refs: Awaited<ReturnType<typeof analyzeSql>>['tables'], index: FormulaIndex, report: Report): void {
  for (const ref of refs) {
    const where = at(formula.sql, ref.offset);
    const qualifier = ref.catalog || ref.schema;
    if (qualifier.toLowerCase() === FORMULA_SCHEMA && !ref.catalog) {
      if (!index.has(ref.name.toLowerCase())) report('unknown_formula', `formulas.${ref.name} is not a formula of the library`, where);
    } else if (qualifier) {
      report(
        'unknown_table',
        `${qualifier}.${ref.name}: a formula reads snapshot tables by their IS name only (no catalog or schema), or other formulas as formulas.<Id>`,
        where,
      );
    } else if (!findTable(ref.name)) {
      report('unknown_table', `${ref.name} is not an IS snapshot table`, where);
    }
  }
}

function checkParameters(formula: Formula, used: readonly { name: string; offset: number }[], report: Report): void {
  const declared = new Set([...standardParams, ...formula.params].map((param) => param.name));
  for (const parameter of used) {
    if (!declared.has(parameter.name)) {
      report(
        'undeclared_param',
        `$${parameter.name} is not declared: add it under params (with a type and default), or use one of $start, $end, $start_client, $end_client`,
        at(formula.sql, parameter.offset),
      );
    }
  }
  const usedNames = new Set(used.map((parameter) => parameter.name));
  formula.params.forEach((param, i) => {
    if (!usedNames.has(param.name))
      report('unused_param', `parameter ${param.name} is declared but the SQL never uses $${param.name}`, { field: `params[${i}]` });
  });
}

/** DuckDB's aggregate functions, asked once per process: the list is DuckDB's own and never changes. */
let aggregateNames: Promise<ReadonlySet<string>> | undefined;

/** Every aggregate function DuckDB knows, by lower-case name (count(*) is count_star). */
function aggregateFunctions(sandbox: Sandbox): Promise<ReadonlySet<string>> {
  aggregateNames ??= sandbox.connection
    .runAndReadAll("SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type = 'aggregate'")
    .then((result) => new Set(result.getRows().map(([name]) => String(name))))
    .catch((error: unknown) => {
      aggregateNames = undefined;
      throw error;
    });
  return aggregateNames;
}

async function declareFormulaTable(sandbox: Sandbox, id: string, valueType = 'BIGINT'): Promise<void> {
  await sandbox.connection.run(`CREATE OR REPLACE TABLE ${FORMULA_SCHEMA}."${id.replaceAll('"', '""')}" (cltID INTEGER, value ${valueType})`);
}

/** Binds the SQL on empty IS tables (every column checked) and checks what it returns. */
async function checkResultShape(sandbox: Sandbox, formula: Formula, report: Report): Promise<string | undefined> {
  try {
    await sandbox.connection.prepare(formula.sql);
  } catch (error) {
    const message = (error as Error).message;
    const code = /column .* not found|Referenced column|does not have a column/i.test(message) ? 'unknown_column' : 'bind_error';
    report(code, message.split('\n')[0] as string, duckdbErrorPosition(message, formula.sql));
    return undefined;
  }
  const used = new Set(findParameters(formula.sql).map((parameter) => parameter.name));
  const parameters = bindParameters(
    [...standardParams, ...formula.params].filter((param) => used.has(param.name)),
    {},
    formula.id,
  );
  const columns = await sandbox.describe(withoutTrailingSemicolon(formula.sql), parameters, formula.id);
  const [first, second] = columns;
  if (columns.length !== 2 || first?.name.toLowerCase() !== 'cltid' || second?.name.toLowerCase() !== 'value') {
    report('result_shape', `a formula returns exactly two columns, cltID and value; this one returns ${columns.map((c) => c.name).join(', ') || 'nothing'}`, {
      line: 1,
      column: 1,
    });
    return undefined;
  }
  if (!INTEGER_TYPES.has(first.type)) report('result_shape', `cltID must be an integer client id, not ${first.type}`, { line: 1, column: 1 });
  if (!EXACT_NUMBER.test(second.type)) {
    report('result_shape', `value must be an exact number (an integer or DECIMAL), not ${second.type}; cast it, e.g. CAST(... AS DECIMAL(18,3))`, {
      line: 1,
      column: 1,
    });
    return undefined;
  }
  return second.type;
}

/**
 * DuckDB marks errors with `LINE n: <excerpt>` and a caret under the culprit; the excerpt may be
 * cut with "..." on long lines. Returns the 1-based line and column in `sql`.
 */
export function duckdbErrorPosition(message: string, sql: string): Location {
  const match = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!match) return {};
  const line = Number(match[1]);
  const excerpt = match[2] as string;
  const caret = (match[3] as string).length - `LINE ${match[1]}: `.length;
  const lineText = sql.split('\n')[line - 1] ?? '';
  if (!excerpt.startsWith('...')) return { line, column: caret + 1 };
  const shown = excerpt.slice(3).replace(/\.\.\.$/, '');
  // The excerpt is a window of the line, found whole (its first characters may occur earlier too);
  // not cut at the end, it is the line's suffix.
  const start = excerpt.endsWith('...') ? lineText.indexOf(shown) : lineText.lastIndexOf(shown);
  return { line, column: start < 0 ? caret + 1 : start + caret - 3 + 1 };
}
