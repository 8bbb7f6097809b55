/**
 * The parts of the baseline billing setup a scenario overlays: its plans, its statistic modifiers,
 * and which statistics it prices, each with the formula that computes it (docs/rating.md).
 */
import { parse } from 'yaml';
import type { ModifierDoc, PlanDoc } from './scenario-doc.ts';

export interface BaselineSetup {
  readonly plans: readonly PlanDoc[];
  readonly modifiers: readonly ModifierDoc[];
  /** Statistic -> the formula computing it: the setup's own definition, else the formula of that id. */
  readonly statistics: ReadonlyMap<string, string>;
}

interface SetupText {
  readonly plans?: PlanDoc[];
  readonly modifiers?: ModifierDoc[];
  readonly statistics?: { id: string; formula: string }[];
}

export function baselineSetup(text: string): BaselineSetup {
  const doc = (parse(text) as SetupText | null) ?? {};
  const plans = doc.plans ?? [];
  const modifiers = doc.modifiers ?? [];
  const defined = new Map((doc.statistics ?? []).map((s) => [s.id, s.formula]));
  // The same statistics rating computes (engine/rating/statistics.ts statisticsNeeded).
  const names = new Set<string>();
  for (const plan of plans) for (const line of plan.lines) if (typeof line.statistic === 'string') names.add(line.statistic);
  for (const modifier of modifiers) {
    names.add(modifier.statistic);
    const added = modifier.addStatistic as { statistic?: string } | undefined;
    if (added?.statistic) names.add(added.statistic);
  }
  const statistics = new Map([...names].sort().map((name) => [name, defined.get(name) ?? name]));
  return { plans, modifiers, statistics };
}
