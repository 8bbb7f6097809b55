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
  const values = new Map<number, string>();
  for (const row of rows) {
    if (row.value === null || row.value === undefined || row.cltID === null) continue;
    values.set(Number(row.cltID), String(row.value));
  }
  return { formulaId: compiled.formulaId, values };
}
