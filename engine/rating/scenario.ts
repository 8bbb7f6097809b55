/**
 * Scenarios (what-if): a named overlay on a baseline billing setup. It may replace or add plans and
 * modifiers, remove modifiers, change formula parameters (such as TimeCap), and compute a statistic
 * with another formula. Changes to plans and modifiers only re-rate; parameter and formula changes
 * need the statistics computed again (`needsStatistics`).
 */
import { z } from 'zod';
import type { ParamValue } from '../formulas/definition.ts';
import { paramName } from '../formulas/param-name.ts';
import { parseYamlFile } from '../yaml-file.ts';
import type { BillingSetup, Modifier, RatePlan } from './model.ts';
import { modifierSchema, planSchema, toModifier, toPlan } from './setup-file.ts';

export interface Scenario {
  readonly kind: 'scenario';
  readonly name: string;
  readonly plans: readonly RatePlan[];
  readonly modifiers: readonly Modifier[];
  readonly removeModifiers: readonly string[];
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Statistic -> the formula that computes it in the scenario. */
  readonly formulas: Readonly<Record<string, string>>;
}

const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  plans: z.array(planSchema).default([]),
  modifiers: z.array(modifierSchema).default([]),
  removeModifiers: z.array(z.string()).default([]),
  params: z.record(paramName, z.union([z.string(), z.number(), z.boolean()])).default({}),
  formulas: z.record(z.string(), z.string()).default({}),
});

export function parseScenarioFile(text: string, file: string, currency = 'USD'): Scenario {
  const { data } = parseYamlFile(text, file, scenarioSchema);
  return {
    kind: 'scenario',
    name: data.name,
    plans: data.plans.map((plan) => toPlan(plan, currency)),
    modifiers: data.modifiers.map(toModifier),
    removeModifiers: data.removeModifiers,
    params: data.params,
    formulas: data.formulas,
  };
}

/** The baseline setup with the scenario's plan and modifier changes. */
export function applyScenario(setup: BillingSetup, scenario: Scenario): BillingSetup {
  const replacedPlans = new Set(scenario.plans.map((plan) => plan.id));
  const replacedModifiers = new Set([...scenario.modifiers.map((m) => m.id), ...scenario.removeModifiers]);
  return {
    ...setup,
    plans: [...setup.plans.filter((plan) => !replacedPlans.has(plan.id)), ...scenario.plans],
    modifiers: [...setup.modifiers.filter((m) => !replacedModifiers.has(m.id)), ...scenario.modifiers],
  };
}

/** Whether the scenario changes statistics (parameters or formulas), or only prices. */
export function needsStatistics(scenario: Scenario): boolean {
  return Object.keys(scenario.params).length > 0 || Object.keys(scenario.formulas).length > 0;
}
