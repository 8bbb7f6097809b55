/**
 * The billing setup file (YAML): plans, modifiers, assignments, accounts and the rounding policy.
 * Parsed once against a schema; an error names the file, line, column and field. Amounts are
 * written as quoted decimals ('1.15') so they are never read as binary floating point.
 * The format is documented in docs/rating.md.
 */
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { paramName } from '../formulas/param-name.ts';
import { parseYamlFile } from '../yaml-file.ts';
import { allowancesSchema, checkAllowances, withAllowances } from './allowance-setup.ts';
import { checkInvoiceRules, invoiceRuleSchemas, toInvoiceRules } from './invoice-setup.ts';
import { exact } from './money.ts';
import { checkPrepaid, statusSchemas, toStatusRules } from './status-setup.ts';
import type { Assignment, BillingSetup, ChargeLine, Modifier, ModifierOperation, Pricing, RatePlan, Scope } from './model.ts';

/** An exact decimal: quoted text like '1.15', or a whole number. */
export const decimal = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    ctx.addIssue({ code: 'custom', message: `write ${value} as quoted text, '${value}', so it stays exact (YAML reads unquoted decimals as binary floats)` });
  } else if (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a decimal number; write it like '1.15'` });
  }
});
export const nonNegative = decimal.refine((value) => !String(value).startsWith('-'), 'must not be negative');
/** The id of a plan, line, modifier, statistic or account. */
export const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, _, . and -');
/** An IS client number, as text or a number. */
export const clientNumber = z.union([z.string().regex(/^\d+$/), z.number().int()]);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  // 2020-02-30 would pass the pattern and then count days as NaN (or as 2020-03-01) when prorating.
  .refine((text) => {
    const time = Date.parse(`${text}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
  }, 'no such day');
export const roundingMode = z.enum(['half-up', 'half-even', 'up', 'down']);
export const timeUnit = z.enum(['ticks', 'milliseconds', 'seconds', 'minutes', 'hours']);
const scope = z.union([z.enum(['global', 'default']), z.strictObject({ billingCode: z.string().min(1) }), z.strictObject({ client: clientNumber })]);
const tiers = z
  .array(z.strictObject({ upTo: nonNegative.optional(), price: nonNegative }))
  .min(1)
  .refine((list) => list.slice(0, -1).every((tier) => tier.upTo !== undefined), 'only the last tier may leave out upTo')
  .refine(
    (list) => list.every((tier, i) => i === 0 || tier.upTo === undefined || Number(tier.upTo) > Number(list[i - 1]?.upTo)),
    'tiers must rise: each upTo above the one before',
  );

/** By the days in force: true or period (over the billing period's days), month (over each calendar month's), or false. */
const proration = z.custom<boolean | 'period' | 'month'>(
  (value) => typeof value === 'boolean' || value === 'period' || value === 'month',
  'true or period (by the days of the billing period), month (by the days of each calendar month), or false',
);

const usageLine = z
  .strictObject({
    id: identifier,
    label: z.string().min(1).optional(),
    statistic: identifier,
    included: nonNegative.optional(),
    price: nonNegative.optional(),
    graduated: tiers.optional(),
    volume: tiers.optional(),
    package: z.strictObject({ size: nonNegative.refine((v) => Number(v) > 0, 'must be above 0'), price: nonNegative }).optional(),
    minimum: nonNegative.optional(),
    maximum: nonNegative.optional(),
    multiplier: nonNegative.optional(),
    tiersOn: z
      .enum(['total', 'billable'], { error: 'tiersOn: total (tiers count every unit) or billable (tiers count the units after the included ones)' })
      .optional(),
    prorate: proration.optional(),
    countsTowardMinimum: z.boolean().optional(),
    rollover: z.strictObject({ cap: nonNegative.optional(), expiresAfter: z.number().int().min(1).optional() }).optional(),
  })
  .refine((line) => [line.price, line.graduated, line.volume, line.package].filter((p) => p !== undefined).length === 1, {
    message: 'a usage line has exactly one of price, graduated, volume or package',
  });
const feeLine = z
  .strictObject({
    id: identifier,
    label: z.string().min(1).optional(),
    // A recurring fee is a charge; a money credit is an adjustment below 0, a lasting one a discount.
    fee: decimal.refine(
      (value) => !String(value).startsWith('-'),
      'must not be negative: give a money credit as an adjustment (adjustments: account, period, amount below 0, reason) or a discount (percentages:)',
    ),
    recurrence: z
      .enum(['monthly', 'quarterly', 'annual', 'once'], { error: 'recurrence: monthly (the default), quarterly, annual or once' })
      .default('monthly'),
    prorate: proration.default(false),
    anchorMonth: z.number().int().min(1, 'a month, 1 to 12').max(12, 'a month, 1 to 12').optional(),
    billed: z.enum(['arrears', 'advance'], { error: 'billed: arrears (the default) or advance' }).optional(),
    countsTowardMinimum: z.boolean().optional(),
  })
  .refine((line) => line.recurrence === 'monthly' || line.prorate === false, {
    message: 'only a monthly fee prorates; a quarterly, annual or one-time fee is charged in full',
    path: ['prorate'],
  })
  .refine((line) => line.anchorMonth === undefined || line.recurrence === 'quarterly' || line.recurrence === 'annual', {
    message: 'anchorMonth is for quarterly and annual fees (the month their quarters or years start)',
    path: ['anchorMonth'],
  });

/** A modifier's operations: it has exactly one. */
export const modifierOperations = ['multiply', 'add', 'limit', 'round', 'convert', 'addStatistic'] as const;
export const modifierSchema = z
  .strictObject({
    id: identifier,
    statistic: identifier,
    scope: scope.default('global'),
    order: z.number().int().default(0),
    description: z.string().optional(),
    per: z.enum(['client', 'account'], { error: "per: client (the default) or account (the account's total, after the sum over its clients)" }).optional(),
    multiply: decimal.optional(),
    add: decimal.optional(),
    limit: z.strictObject({ min: decimal.optional(), max: decimal.optional() }).optional(),
    round: z.strictObject({ increment: nonNegative, mode: roundingMode }).optional(),
    convert: z.strictObject({ from: timeUnit, to: timeUnit }).optional(),
    addStatistic: z.strictObject({ statistic: identifier, factor: decimal }).optional(),
  })
  .refine((m) => modifierOperations.filter((op) => m[op] !== undefined).length === 1, {
    message: `a modifier has exactly one of ${modifierOperations.join(', ')}`,
  })
  .refine((m) => m.per !== 'account' || m.addStatistic === undefined, {
    message: 'statistics are added per client: addStatistic cannot be per: account',
    path: ['per'],
  });

export const planSchema = z
  .strictObject({
    id: identifier,
    name: z.string().min(1).optional(),
    minimum: z.strictObject({ amount: nonNegative, label: z.string().min(1).default('Monthly minimum'), prorate: proration.optional() }).optional(),
    lines: z.array(z.union([feeLine, usageLine])).min(1),
    // Units shared by several usage lines (allowance-setup.ts).
    allowances: allowancesSchema({ identifier, nonNegative }),
  })
  .superRefine(checkAllowances);

const moneyRounding = z.strictObject({ scale: z.number().int().min(0).max(6), mode: roundingMode });

/** The setup file's schema: the server parses with it and the setup editor checks against it as the user types. */
export const setupSchema = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a three-letter currency code')
    .default('USD'),
  rounding: z
    .strictObject({
      money: z.strictObject({ scale: z.number().int().min(0).max(6), mode: roundingMode }).default({ scale: 2, mode: 'half-up' }),
      apply: z.enum(['per-line', 'total']).default('per-line'),
    })
    .default({ money: { scale: 2, mode: 'half-up' }, apply: 'per-line' }),
  accounts: z
    .strictObject({
      groupBy: z.enum(['billingCode', 'client']).default('billingCode'),
      masters: z.array(z.strictObject({ account: identifier, clients: z.array(clientNumber).min(1) })).default([]),
    })
    .default({ groupBy: 'billingCode', masters: [] }),
  statistics: z
    .array(
      z.strictObject({
        id: identifier,
        formula: identifier,
        params: z.record(paramName, z.union([z.string(), z.number(), z.boolean()])).default({}),
      }),
    )
    .default([]),
  plans: z.array(planSchema).min(1),
  modifiers: z.array(modifierSchema).default([]),
  assignments: z.array(z.strictObject({ plan: identifier, scope: scope.default('default'), from: day, until: day.optional() })).min(1),
  // Invoice-level rules: adjustments, credits, percentages, tax exemptions (invoice-setup.ts).
  // Whom not to bill, and prepaid blocks (status-setup.ts).
  ...statusSchemas({ identifier, clientNumber, day, nonNegative }),
  ...invoiceRuleSchemas({ decimal, nonNegative, identifier, scope, rounding: moneyRounding, clientNumber }),
});

type SetupData = z.infer<typeof setupSchema>;

/**
 * @example parseSetupFile(readFileSync('billing.yaml', 'utf8'), 'billing.yaml').plans[0].id
 */
export function parseSetupFile(text: string, file: string): BillingSetup {
  const { data, locate } = parseYamlFile(text, file, setupSchema);
  const planIds = new Set<string>();
  data.plans.forEach((plan, i) => {
    if (planIds.has(plan.id))
      throw new EngineError('file_field', `plan ${plan.id} is defined twice`, { file, ...locate(['plans', i, 'id']), field: `plans.${i}.id` });
    planIds.add(plan.id);
  });
  data.assignments.forEach((assignment, i) => {
    if (!planIds.has(assignment.plan)) {
      throw new EngineError('file_field', `assignment names plan ${assignment.plan}, which is not defined under plans`, {
        file,
        ...locate(['assignments', i, 'plan']),
        field: `assignments.${i}.plan`,
      });
    }
  });
  checkInvoiceRules(
    data,
    data.plans.flatMap((plan) => plan.lines.map((line) => line.id)),
    locate,
    file,
  );
  checkPrepaid(
    data,
    data.plans.flatMap((plan) => plan.lines.flatMap((line) => ('statistic' in line ? [line.id] : []))),
    locate,
    file,
  );
  return toSetup(data);
}

export function toPlan(plan: z.infer<typeof planSchema>, currency: string): RatePlan {
  return {
    kind: 'plan',
    id: plan.id,
    name: plan.name ?? plan.id,
    currency,
    lines: withAllowances(plan.lines.map(toLine), plan.allowances),
    ...(plan.minimum
      ? {
          minimum: {
            amount: exact(plan.minimum.amount),
            label: plan.minimum.label,
            ...(plan.minimum.prorate !== undefined ? { prorate: plan.minimum.prorate } : {}),
          },
        }
      : {}),
  };
}

export function toModifier(m: z.infer<typeof modifierSchema>): Modifier {
  return {
    kind: 'modifier',
    id: m.id,
    statistic: m.statistic,
    scope: toScope(m.scope),
    order: m.order,
    description: m.description ?? m.id,
    operation: toOperation(m),
    ...(m.per === 'account' ? { per: 'account' as const } : {}),
  };
}

function toSetup(data: SetupData): BillingSetup {
  const plans: RatePlan[] = data.plans.map((plan) => toPlan(plan, data.currency));
  const modifiers: Modifier[] = data.modifiers.map(toModifier);
  const assignments: Assignment[] = data.assignments.map((a) => ({
    plan: a.plan,
    scope: toScope(a.scope),
    from: a.from,
    ...(a.until ? { until: a.until } : {}),
  }));
  return {
    statistics: data.statistics,
    plans,
    modifiers,
    assignments,
    accounts: { groupBy: data.accounts.groupBy, masters: data.accounts.masters.map((m) => ({ account: m.account, clientNumbers: m.clients.map(String) })) },
    rounding: data.rounding,
    ...toInvoiceRules(data, toScope),
    ...toStatusRules(data),
  };
}

function toLine(line: SetupData['plans'][number]['lines'][number]): ChargeLine {
  if ('fee' in line) {
    return {
      kind: 'fee',
      id: line.id,
      label: line.label ?? line.id,
      amount: exact(line.fee),
      recurrence: line.recurrence,
      prorate: line.prorate,
      ...(line.anchorMonth !== undefined ? { anchorMonth: line.anchorMonth } : {}),
      ...(line.billed !== undefined ? { billed: line.billed } : {}),
      ...(line.countsTowardMinimum !== undefined ? { countsTowardMinimum: line.countsTowardMinimum } : {}),
    };
  }
  const bands = (list: { upTo?: string | number | undefined; price: string | number }[]) =>
    list.map((tier) => ({ upTo: tier.upTo === undefined ? null : exact(tier.upTo), price: exact(tier.price) }));
  const pricing: Pricing =
    line.price !== undefined
      ? { kind: 'unit', price: exact(line.price) }
      : line.graduated
        ? { kind: 'graduated', tiers: bands(line.graduated) }
        : line.volume
          ? { kind: 'volume', tiers: bands(line.volume) }
          : { kind: 'package', size: exact(line.package?.size ?? 1), price: exact(line.package?.price ?? 0) };
  return {
    kind: 'usage',
    id: line.id,
    label: line.label ?? line.id,
    statistic: line.statistic,
    included: exact(line.included ?? 0),
    pricing,
    ...(line.minimum !== undefined ? { minimum: exact(line.minimum) } : {}),
    ...(line.maximum !== undefined ? { maximum: exact(line.maximum) } : {}),
    multiplier: exact(line.multiplier ?? 1),
    ...(line.tiersOn ? { tiersOn: line.tiersOn } : {}),
    ...(line.prorate !== undefined ? { prorate: line.prorate } : {}),
    ...(line.countsTowardMinimum !== undefined ? { countsTowardMinimum: line.countsTowardMinimum } : {}),
    ...(line.rollover
      ? {
          rollover: {
            ...(line.rollover.cap !== undefined ? { cap: exact(line.rollover.cap) } : {}),
            ...(line.rollover.expiresAfter !== undefined ? { expiresAfter: line.rollover.expiresAfter } : {}),
          },
        }
      : {}),
  };
}

function toScope(value: SetupData['assignments'][number]['scope']): Scope {
  if (value === 'global' || value === 'default') return { kind: 'global' };
  if ('billingCode' in value) return { kind: 'billingCode', billingCode: value.billingCode };
  return { kind: 'client', clientNumber: String(value.client) };
}

function toOperation(m: SetupData['modifiers'][number]): ModifierOperation {
  if (m.multiply !== undefined) return { op: 'multiply', factor: exact(m.multiply) };
  if (m.add !== undefined) return { op: 'add', amount: exact(m.add) };
  if (m.limit)
    return {
      op: 'limit',
      ...(m.limit.min !== undefined ? { min: exact(m.limit.min) } : {}),
      ...(m.limit.max !== undefined ? { max: exact(m.limit.max) } : {}),
    };
  if (m.round) return { op: 'round', increment: exact(m.round.increment), mode: m.round.mode };
  if (m.convert) return { op: 'convert', from: m.convert.from, to: m.convert.to };
  const add = m.addStatistic as { statistic: string; factor: string | number };
  return { op: 'addStatistic', statistic: add.statistic, factor: exact(add.factor) };
}
