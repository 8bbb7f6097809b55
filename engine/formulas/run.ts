/** Runs a compiled formula in a sandbox and reads its result exactly: one value per client. */
import type { ParamValue } from './definition.ts';
import type { CompiledFormula } from './compile.ts';
import { clientValues } from './client-values.ts';
import { bindParameters } from './params.ts';
import type { ResultColumns, Sandbox } from './sandbox.ts';
import { forEachLine } from './text-results.ts';

export interface FormulaResult {
  readonly formulaId: string;
  /** Exact decimal strings by cltID; clients without a row are 0 and absent here. */
  readonly values: ReadonlyMap<number, string>;
}

export async function runCompiled(sandbox: Sandbox, compiled: CompiledFormula, params: Readonly<Record<string, ParamValue>>): Promise<FormulaResult> {
  const bound = bindParameters(compiled.parameters, params, compiled.formulaId);
  const result = await sandbox.queryColumns(compiled.sql, bound, compiled.formulaId);
  return { formulaId: compiled.formulaId, values: valuesOf(result, 'value') };
}

/**
 * One result column as exact decimal strings by cltID. NULL and zero are left out: a client
 * without a value is 0, whichever way the query said so.
 */
export function valuesOf(result: ResultColumns, name: string): ReadonlyMap<number, string> {
  const clientColumn = columnNamed(result, 'cltID');
  const column = columnNamed(result, name);
  // Sized for every row and cut to the values kept: no growing, and the ids outside the JavaScript heap.
  const clients = new Float64Array(clientColumn.length);
  const texts = new Array<string>(clientColumn.length);
  let kept = 0;
  for (let row = 0; row < clientColumn.length; row++) {
    const value = column[row];
    const client = clientColumn[row];
    if (value === null || value === undefined || client === null || client === undefined) continue;
    const text = typeof value === 'string' ? value : String(value);
    if (isZero(text)) continue;
    clients[kept] = typeof client === 'number' ? client : Number(client);
    texts[kept++] = text;
  }
  texts.length = kept;
  return clientValues(clients.subarray(0, kept), texts);
}

/** The result of `formulaId` in a query's column `name`, its values read (valuesOf) only when first asked for. */
export function resultIn(formulaId: string, result: ResultColumns, name: string): FormulaResult {
  let values: ReadonlyMap<number, string> | undefined;
  return {
    formulaId,
    get values() {
      values ??= valuesOf(result, name);
      return values;
    },
  };
}

/**
 * Each row's client and its values in the columns `names`, as valuesOf reads them (undefined for
 * NULL and zero; rows without a client skipped), in an array reused from row to row: for a reader
 * that places many columns at once, in one pass over the result and without a map per column.
 */
export function forEachRow(result: ResultColumns, names: readonly string[], visit: (client: number, values: readonly (string | undefined)[]) => void): void {
  const values = new Array<string | undefined>(names.length).fill(undefined);
  const clientAt = result.names.lastIndexOf('cltID');
  const at = names.map((name) => result.names.lastIndexOf(name));
  if (clientAt < 0) return;
  const place = (client: unknown, field: (index: number) => unknown): void => {
    if (client === null || client === undefined) return;
    for (let i = 0; i < at.length; i++) values[i] = valueText(field(at[i] as number));
    visit(typeof client === 'number' ? client : Number(client), values);
  };
  if (result.lines !== undefined) {
    // A line's fields are texts: a client's integer reads the same as a number, and so does a value.
    forEachLine(result.lines, result.names.length, (fields) => place(fields[clientAt], (index) => fields[index]));
    return;
  }
  const clients = result.columns[clientAt] ?? [];
  for (let row = 0; row < clients.length; row++) place(clients[row], (index) => result.columns[index]?.[row]);
}

/** A value as valuesOf keeps it: its text, or undefined for NULL and zero. */
function valueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  return isZero(text) ? undefined : text;
}

/** A column by name, as a row object would have it: the last of that name (names compare exactly); none for no rows. */
function columnNamed(result: ResultColumns, name: string): readonly unknown[] {
  const index = result.names.lastIndexOf(name);
  return (index < 0 ? undefined : result.columns[index]) ?? [];
}

const ZERO = /^-?0*\.?0*$/;

function isZero(text: string): boolean {
  // Most values start with a digit 1-9, which no zero does; most zeros are written `0`.
  const first = text.charCodeAt(0);
  return !(first >= 49 && first <= 57) && (text === '0' || ZERO.test(text));
}
