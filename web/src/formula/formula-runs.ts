/**
 * Running the text in the editor: its fixture tests (POST /api/formulas/test), and its values on
 * the snapshot (POST /api/formulas/run) as a grid column, described by the file's own metadata.
 */
import { parse } from 'yaml';
import { api } from '../api/client.ts';
import type { CheckError, GridColumn, TestOutcome, Unit } from '../api/types.ts';
import type { DraftColumn } from '../grid/grid-model.ts';

export interface TestRun {
  readonly valid: boolean;
  readonly errors: readonly CheckError[];
  readonly tests: readonly TestOutcome[];
}

export function runTests(text: string): Promise<TestRun> {
  return api.post<TestRun>('/api/formulas/test', { text });
}

export async function runOnSnapshot(text: string, snapshot: string): Promise<DraftColumn> {
  const result = await api.post<{ formula: string; values: Record<string, string | number> }>('/api/formulas/run', { text, snapshot });
  return {
    column: columnOf(text, result.formula),
    values: new Map(Object.entries(result.values).map(([cltID, value]) => [Number(cltID), String(value)])),
  };
}

const UNITS: readonly Unit[] = ['count', 'seconds', 'milliseconds', 'ticks'];

/** The grid column a formula text describes (it has validated: the server just ran it). */
function columnOf(text: string, id: string): GridColumn {
  const file = (parse(text) ?? {}) as Record<string, unknown>;
  const unit = UNITS.includes(file.unit as Unit) ? (file.unit as Unit) : 'count';
  return { id, title: String(file.title ?? id), unit, family: String(file.family ?? 'custom'), variant: String(file.variant ?? 'custom') };
}
