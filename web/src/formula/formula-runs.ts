/**
 * Running the text in the editor: its fixture tests (POST /api/formulas/test), and its values on
 * the snapshot (POST /api/formulas/run) as a grid column, described by the file's own metadata.
 */
import { parse } from 'yaml';
import { unit, variant } from '../../../server/api/schemas.ts';
import { call, endpoints } from '../api/client.ts';
import type { GridColumn, TestRun } from '../api/types.ts';
import type { DraftColumn } from '../grid/grid-model.ts';

export function runTests(text: string): Promise<TestRun> {
  return call(endpoints.testFormula, { body: { text } });
}

export async function runOnSnapshot(text: string, snapshot: string): Promise<DraftColumn> {
  const result = await call(endpoints.runFormula, { body: { text, snapshot } });
  return {
    column: { ...columnOf(text, result.formula), changedFromLegacy: result.changedFromLegacy },
    values: new Map(Object.entries(result.values).map(([cltID, value]) => [Number(cltID), String(value)])),
  };
}

/** The grid column a formula text describes (it has validated: the server just ran it). */
function columnOf(text: string, id: string): Omit<GridColumn, 'changedFromLegacy'> {
  const file = (parse(text) ?? {}) as Record<string, unknown>;
  return {
    id,
    title: String(file.title ?? id),
    unit: unit.catch('count').parse(file.unit),
    family: String(file.family ?? 'custom'),
    variant: variant.catch('custom').parse(file.variant),
  };
}
