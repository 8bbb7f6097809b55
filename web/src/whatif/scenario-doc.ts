/**
 * A scenario as the what-if view edits it: the YAML document of docs/rating.md, whose `plans`
 * replace baseline plans of the same id. Editing one rate copies that plan (from the scenario if it
 * already overrides it, else from the baseline) and sets the one price; everything else is kept.
 * Modifier and formula overlays are edited by modifier-doc.ts and formula-swap-doc.ts.
 */
import { parse, stringify } from 'yaml';
import { decimal } from '../../../engine/rating/setup-file.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type PlanDoc = { id: string; name?: string; lines: { [key: string]: Json }[] } & { [key: string]: Json };
/** A statistic modifier as the setup file writes it: exactly one operation key (multiply, limit, round…). */
export type ModifierDoc = { id: string; statistic: string; order?: number; scope?: Json; description?: string } & { [key: string]: Json | undefined };

export interface ScenarioDoc {
  readonly name: string;
  readonly plans?: PlanDoc[];
  readonly modifiers?: ModifierDoc[];
  readonly removeModifiers?: string[];
  readonly params?: Record<string, string | number | boolean>;
  /** Statistic -> the formula that computes it in the scenario. */
  readonly formulas?: Record<string, string>;
  readonly [key: string]: unknown;
}

/** One editable price of a plan: a path inside the plan document. */
export interface RateField {
  readonly key: string;
  readonly plan: string;
  readonly label: string;
  readonly path: readonly (string | number)[];
}

export function parseScenario(text: string): ScenarioDoc {
  return (parse(text) as ScenarioDoc | null) ?? { name: '' };
}

export function scenarioText(doc: ScenarioDoc): string {
  return stringify(doc);
}

/** Every price, fee and minimum of the plans, in document order. */
export function rateFields(plans: readonly PlanDoc[]): RateField[] {
  const fields: RateField[] = [];
  const add = (plan: string, label: string, path: (string | number)[]) => fields.push({ key: `${plan}/${path.join('.')}`, plan, label, path });
  for (const plan of plans) {
    const minimum = plan.minimum as { amount?: Json } | undefined;
    if (minimum?.amount !== undefined) add(plan.id, 'Plan minimum', ['minimum', 'amount']);
    plan.lines.forEach((line, i) => {
      const name = String(line.label ?? line.id);
      if (line.fee !== undefined) add(plan.id, `${name}: fee`, ['lines', i, 'fee']);
      if (line.price !== undefined) add(plan.id, `${name}: price`, ['lines', i, 'price']);
      for (const kind of ['graduated', 'volume'] as const) {
        const tiers = line[kind];
        if (Array.isArray(tiers))
          tiers.forEach((_tier, t) => {
            add(plan.id, `${name}: ${kind} tier ${t + 1}${tierRange(tiers, t)}`, ['lines', i, kind, t, 'price']);
          });
      }
      if (line.package !== undefined) add(plan.id, `${name}: package price`, ['lines', i, 'package', 'price']);
      if (line.minimum !== undefined) add(plan.id, `${name}: minimum`, ['lines', i, 'minimum']);
    });
  }
  return fields;
}

function tierRange(tiers: Json[], t: number): string {
  const upTo = (tiers[t] as { upTo?: Json }).upTo;
  const from = t === 0 ? 0 : (tiers[t - 1] as { upTo?: Json }).upTo;
  return upTo === undefined ? ` (above ${from})` : ` (up to ${upTo})`;
}

/** The plan as the scenario prices it: its own copy when it overrides the plan, else the baseline's. */
export function effectivePlan(doc: ScenarioDoc, baseline: readonly PlanDoc[], planId: string): PlanDoc | undefined {
  return doc.plans?.find((p) => p.id === planId) ?? baseline.find((p) => p.id === planId);
}

export function valueAt(plan: PlanDoc | undefined, path: readonly (string | number)[]): string {
  let node: unknown = plan;
  for (const step of path) node = node === undefined || node === null ? undefined : (node as Record<string | number, unknown>)[step];
  return node === undefined || node === null ? '' : String(node);
}

/** The scenario with one price changed (its plan copied into the scenario first when needed). */
export function withRate(doc: ScenarioDoc, baseline: readonly PlanDoc[], field: RateField, value: string): ScenarioDoc {
  const source = effectivePlan(doc, baseline, field.plan);
  if (!source) return doc;
  const plan = structuredClone(source) as PlanDoc;
  let node = plan as unknown as Record<string | number, unknown>;
  for (const step of field.path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[field.path[field.path.length - 1] as string | number] = value;
  const plans = [...(doc.plans ?? []).filter((p) => p.id !== field.plan), plan];
  return { ...doc, plans };
}

/** The scenario with a formula parameter set, or removed when the value is empty. */
export function withParam(doc: ScenarioDoc, name: string, value: string): ScenarioDoc {
  const params = { ...(doc.params ?? {}) };
  if (value.trim() === '') delete params[name];
  else params[name] = decimal.safeParse(value.trim()).success ? Number(value.trim()) : value.trim();
  const { params: _old, ...rest } = doc;
  return Object.keys(params).length > 0 ? { ...rest, name: doc.name, params } : { ...rest, name: doc.name };
}
