/**
 * The scenario's modifier overlay (engine/rating/scenario.ts applyScenario): `modifiers` replace
 * baseline modifiers of the same id or add new ones, `removeModifiers` drops baseline ones. Edits
 * keep the overlay minimal, so a modifier set back to its baseline value leaves the scenario.
 */
import type { ModifierDoc, ScenarioDoc } from './scenario-doc.ts';

export type ModifierStatus = 'baseline' | 'changed' | 'added' | 'removed';

/** A modifier as the scenario rates with it, beside the baseline's. */
export interface ModifierRow {
  readonly id: string;
  readonly status: ModifierStatus;
  /** The scenario's modifier; the baseline's when removed. */
  readonly modifier: ModifierDoc;
  readonly baseline?: ModifierDoc;
}

/** Baseline modifiers in setup order, then the ones the scenario adds. */
export function modifierRows(doc: ScenarioDoc, baseline: readonly ModifierDoc[]): ModifierRow[] {
  const overlay = new Map((doc.modifiers ?? []).map((m) => [m.id, m]));
  const removed = new Set(doc.removeModifiers ?? []);
  const rows: ModifierRow[] = baseline.map((base) => {
    const own = overlay.get(base.id);
    // The engine drops a removed id, then adds the scenario's modifier of that id back.
    if (own) return { id: base.id, status: sameModifier(own, base) ? 'baseline' : 'changed', modifier: own, baseline: base };
    return { id: base.id, status: removed.has(base.id) ? 'removed' : 'baseline', modifier: base, baseline: base };
  });
  const known = new Set(baseline.map((m) => m.id));
  for (const own of doc.modifiers ?? []) if (!known.has(own.id)) rows.push({ id: own.id, status: 'added', modifier: own });
  return rows;
}

/** The scenario with `modifier` in force: a baseline one replaced (or restored when equal), or a new one added. */
export function withModifier(doc: ScenarioDoc, baseline: readonly ModifierDoc[], modifier: ModifierDoc): ScenarioDoc {
  const base = baseline.find((m) => m.id === modifier.id);
  const others = (doc.modifiers ?? []).filter((m) => m.id !== modifier.id);
  const modifiers = base && sameModifier(base, modifier) ? others : [...others, modifier];
  return withOverlay(
    doc,
    modifiers,
    (doc.removeModifiers ?? []).filter((id) => id !== modifier.id),
  );
}

/** The scenario without a modifier: an added one is dropped, a baseline one is listed in removeModifiers. */
export function withoutModifier(doc: ScenarioDoc, baseline: readonly ModifierDoc[], id: string): ScenarioDoc {
  const removed = (doc.removeModifiers ?? []).filter((other) => other !== id);
  if (baseline.some((m) => m.id === id)) removed.push(id);
  return withOverlay(
    doc,
    (doc.modifiers ?? []).filter((m) => m.id !== id),
    removed,
  );
}

/** The scenario with a baseline modifier as the setup has it: no replacement, no removal. */
export function restoredModifier(doc: ScenarioDoc, id: string): ScenarioDoc {
  return withOverlay(
    doc,
    (doc.modifiers ?? []).filter((m) => m.id !== id),
    (doc.removeModifiers ?? []).filter((other) => other !== id),
  );
}

/** Empty lists are left out of the document, so an undone edit leaves no trace in the YAML. */
function withOverlay(doc: ScenarioDoc, modifiers: ModifierDoc[], removeModifiers: string[]): ScenarioDoc {
  const { modifiers: _m, removeModifiers: _r, ...rest } = doc;
  return { ...rest, name: doc.name, ...(modifiers.length > 0 ? { modifiers } : {}), ...(removeModifiers.length > 0 ? { removeModifiers } : {}) };
}

function sameModifier(a: ModifierDoc, b: ModifierDoc): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return typeof value === 'number' ? String(value) : value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sorted(v)]),
  );
}
