/**
 * What the editor and the explain panel read about the active release, fetched once and shared:
 * the formula list, each formula's detail, and the IS schema. Forgotten when a new release is made.
 */
import { createSignal } from 'solid-js';
import { call, endpoints } from '../api/client.ts';
import type { FormulaDetail, FormulaSummary, SchemaInfo } from '../api/types.ts';

const details = new Map<string, Promise<FormulaDetail>>();
let list: Promise<readonly FormulaSummary[]> | undefined;
let schema: Promise<SchemaInfo> | undefined;
const [releaseChanges, setReleaseChanges] = createSignal(0);

/** Changes whenever a release is made from the UI: read it to refetch. */
export { releaseChanges };

export function formulaDetail(id: string): Promise<FormulaDetail> {
  let found = details.get(id.toLowerCase());
  if (!found) {
    found = call(endpoints.showFormula, { params: { id } });
    found.catch(() => details.delete(id.toLowerCase()));
    details.set(id.toLowerCase(), found);
  }
  return found;
}

export function formulaList(): Promise<readonly FormulaSummary[]> {
  list ??= call(endpoints.listFormulas).then((response) => response.formulas);
  return list;
}

export function schemaInfo(): Promise<SchemaInfo> {
  schema ??= call(endpoints.snapshotSchema);
  return schema;
}

export function forgetRelease(): void {
  details.clear();
  list = undefined;
  setReleaseChanges((n) => n + 1);
}
