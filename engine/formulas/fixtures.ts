/**
 * Fixture tests of a formula: load the test's rows into empty IS tables, run the compiled
 * formula, and compare every client's value with the expectation (clients not listed expect 0).
 */
import { Decimal } from 'decimal.js';
import { parseStamp } from '../../snapshots/period.ts';
import { findColumn, findTable, quoteIdent, tables, type ColumnDef } from '../../snapshots/schema/index.ts';
import { openBulkWriter, type RowValue } from '../../snapshots/store/bulk-writer.ts';
import { EngineError } from '../errors.ts';
import { compileFormula } from './compile.ts';
import type { FixtureRows, Formula, FormulaTest, ParamValue } from './definition.ts';
import type { FormulaIndex } from './references.ts';
import { runCompiled } from './run.ts';
import type { Sandbox } from './sandbox.ts';

export interface TestOutcome {
  readonly formulaId: string;
  readonly test: string;
  readonly passed: boolean;
  /** Clients whose value differs: [cltID, expected, actual]. */
  readonly mismatches: readonly (readonly [number, string, string])[];
  readonly error?: EngineError;
}

/** A fixture stamp left out of a row: the middle of the default test period. */
const DEFAULT_STAMP = '2026-10-15 12:00:00.000';

export async function runFormulaTests(formula: Formula, index: FormulaIndex, sandbox: Sandbox): Promise<TestOutcome[]> {
  const compiled = compileFormula(formula, index);
  const outcomes: TestOutcome[] = [];
  for (const [i, test] of formula.tests.entries()) {
    try {
      await loadFixture(sandbox, test.rows, formula, i);
      const result = await runCompiled(sandbox, compiled, test.params);
      const mismatches = compare(test, result.values);
      outcomes.push({ formulaId: formula.id, test: test.name, passed: mismatches.length === 0, mismatches });
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      outcomes.push({ formulaId: formula.id, test: test.name, passed: false, mismatches: [], error });
    }
  }
  return outcomes;
}

function compare(test: FormulaTest, actual: ReadonlyMap<number, string>): [number, string, string][] {
  const clients = new Set([...Object.keys(test.expect).map(Number), ...actual.keys()]);
  const mismatches: [number, string, string][] = [];
  for (const cltID of [...clients].sort((a, b) => a - b)) {
    const expected = new Decimal(test.expect[String(cltID)] ?? 0);
    const got = new Decimal(actual.get(cltID) ?? 0);
    if (!expected.equals(got)) mismatches.push([cltID, expected.toString(), got.toString()]);
  }
  return mismatches;
}

/** Empties every IS table and appends the fixture's rows, filling left-out columns with neutral values. */
export async function loadFixture(sandbox: Sandbox, rows: FixtureRows, formula: Formula, testIndex: number): Promise<void> {
  for (const table of tables) await sandbox.connection.run(`DELETE FROM ${quoteIdent(table.name)}`);
  for (const [tableName, tableRows] of Object.entries(rows)) {
    const field = `tests[${testIndex}].rows.${tableName}`;
    const table = findTable(tableName);
    if (!table) throw fixtureError(formula, field, `${tableName} is not an IS table`);
    const writer = await openBulkWriter(sandbox.connection, table);
    tableRows.forEach((row, rowIndex) => {
      for (const name of Object.keys(row)) {
        if (!findColumn(table, name)) throw fixtureError(formula, `${field}[${rowIndex}].${name}`, `${table.name} has no column ${name}`);
      }
      const lower = new Map(Object.entries(row).map(([name, value]) => [name.toLowerCase(), value]));
      writer.append(table.columns.map((column) => fixtureValue(column, lower.get(column.name.toLowerCase()), formula, `${field}[${rowIndex}].${column.name}`)));
    });
    writer.close();
  }
}

function fixtureValue(column: ColumnDef, value: ParamValue | null | undefined, formula: Formula, field: string): RowValue {
  if (value === undefined) return neutralValue(column);
  if (value === null) {
    if (!column.nullable) throw fixtureError(formula, field, `${column.name} cannot be NULL`);
    return null;
  }
  if (column.duckdbType === 'TIMESTAMP') {
    try {
      return parseStamp(String(value));
    } catch {
      throw fixtureError(formula, field, `"${value}" is not a timestamp (YYYY-MM-DD HH:MM:SS.mmm)`);
    }
  }
  return value;
}

function neutralValue(column: ColumnDef): RowValue {
  if (column.nullable) return null;
  if (column.duckdbType === 'TIMESTAMP') return parseStamp(DEFAULT_STAMP);
  if (column.duckdbType === 'BOOLEAN') return false;
  if (column.duckdbType === 'VARCHAR') return '';
  return 0;
}

function fixtureError(formula: Formula, field: string, message: string): EngineError {
  return new EngineError('file_field', `fixture ${field}: ${message}`, {
    formulaId: formula.id,
    field,
    ...(formula.source ? { file: formula.source.file } : {}),
  });
}
