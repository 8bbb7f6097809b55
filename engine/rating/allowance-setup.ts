/**
 * The setup file's shared allowances: a plan's `allowances` (units included once for several of
 * its usage lines, drawn down in the listed order), the checks that span its lines, and the model
 * values they become (each member line carries its allowance). The checks also refuse a line that
 * has tiers and an allowance without saying how they combine (`tiersOn`).
 */
import { z } from 'zod';
import { exact } from './money.ts';
import type { ChargeLine, SharedAllowance } from './model.ts';

type Decimal = string | number;

export function allowancesSchema(rules: { identifier: z.ZodType<string>; nonNegative: z.ZodType<Decimal> }) {
  return z
    .array(
      z.strictObject({
        id: rules.identifier,
        units: rules.nonNegative,
        /** The usage lines that share it, in the order they draw it down. */
        lines: z.array(rules.identifier).min(1, 'name the usage lines that share the allowance, in the order they draw it down'),
      }),
    )
    .default([]);
}

type AllowanceData = z.infer<ReturnType<typeof allowancesSchema>>[number];
interface LineData {
  readonly id: string;
  readonly statistic?: string;
  readonly included?: Decimal | undefined;
  readonly graduated?: unknown;
  readonly volume?: unknown;
  readonly tiersOn?: 'total' | 'billable' | undefined;
}

/** The checks across a plan's allowances and lines, each at its place (for zod's superRefine). */
export function checkAllowances(plan: { readonly allowances: readonly AllowanceData[]; readonly lines: readonly LineData[] }, ctx: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const shared = new Map<string, string>();
  const ids = new Set<string>();
  plan.allowances.forEach((allowance, a) => {
    if (ids.has(allowance.id)) problem(['allowances', a, 'id'], `allowance ${allowance.id} is defined twice in this plan`);
    ids.add(allowance.id);
    allowance.lines.forEach((id, l) => {
      const line = plan.lines.find((candidate) => candidate.id === id);
      if (!line || line.statistic === undefined) problem(['allowances', a, 'lines', l], `this plan has no usage line ${id}`);
      else if (shared.has(id)) problem(['allowances', a, 'lines', l], `line ${id} already draws from allowance ${shared.get(id)}`);
      else shared.set(id, allowance.id);
    });
  });
  plan.lines.forEach((line, l) => {
    if (line.statistic === undefined) return;
    const allowance = shared.get(line.id);
    const tiered = line.graduated !== undefined ? 'graduated' : line.volume !== undefined ? 'volume' : undefined;
    if (allowance && line.included !== undefined && Number(line.included) !== 0)
      problem(['lines', l, 'included'], `line ${line.id} draws from allowance ${allowance}: it cannot also have included units of its own`);
    if (allowance && tiered && line.tiersOn === undefined)
      problem(
        ['lines', l],
        `line ${line.id} has ${tiered} tiers and draws from allowance ${allowance}: say how they combine, tiersOn: total (the tiers count every unit, the allowance covers the first ones) or tiersOn: billable (the tiers count the units after the allowance)`,
      );
    if (line.tiersOn !== undefined && !tiered) problem(['lines', l, 'tiersOn'], `tiersOn is for graduated or volume tiers; line ${line.id} has none`);
    else if (line.tiersOn !== undefined && !allowance && (line.included === undefined || Number(line.included) === 0))
      problem(['lines', l, 'tiersOn'], `tiersOn says how tiers combine with included units or an allowance; line ${line.id} has neither`);
  });
}

/** The plan's lines, each usage line that shares an allowance carrying it (with every member's statistic, in draw-down order). */
export function withAllowances(lines: readonly ChargeLine[], allowances: readonly AllowanceData[]): ChargeLine[] {
  if (allowances.length === 0) return [...lines];
  const models = allowances.map(
    (allowance): SharedAllowance => ({
      id: allowance.id,
      units: exact(allowance.units),
      lines: allowance.lines.map((id) => {
        const line = lines.find((candidate) => candidate.id === id);
        return { line: id, statistic: line?.kind === 'usage' ? line.statistic : id };
      }),
    }),
  );
  return lines.map((line) => {
    const allowance = line.kind === 'usage' ? models.find((m) => m.lines.some((member) => member.line === line.id)) : undefined;
    return allowance && line.kind === 'usage' ? { ...line, allowance } : line;
  });
}
