/** Runs a compiled formula in a sandbox and reads its result exactly: one value per client. */
import type { ParamValue } from './definition.ts';
import type { CompiledFormula } from './compile.ts';
import { bindParameters } from './params.ts';
import type { Sandbox } from './sandbox.ts';

export interface FormulaResult {
  readonly formulaId: string;
  /** Exact decimal strings by cltID; clients without a row are 0 and absent here. */
  readonly values: ReadonlyMap<number, string>;
}

export async function runCompiled(sandbox: Sandbox, compiled: CompiledFormula, params: Readonly<Record<string, ParamValue>>): Promise<FormulaResult> {
  const bound = bindParameters(compiled.parameters, params, compiled.formulaId);
  const rows = await sandbox.query(compiled.sql, bound, compiled.formulaId);
  return { formulaId: compiled.formulaId, values: valuesOf(rows, 'value') };
}

/**
 * One result column as exact decimal strings by cltID. NULL and zero are left out: a client
 * without a value is 0, whichever way the query said so.
 */
export function valuesOf(rows: readonly Record<string, unknown>[], column: string): Map<number, string> {
  const values = new Map<number, string>();
  for (const row of rows) {
    const value = row[column];
    if (value === null || value === undefined || row.cltID === null || isZero(String(value))) continue;
    values.set(Number(row.cltID), String(value));
  }
  return values;
}

function isZero(text: string): boolean {
  return /^-?0*\.?0*$/.test(text);
}
