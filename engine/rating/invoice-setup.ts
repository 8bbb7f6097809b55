/**
 * The setup file's invoice-level rules (adjustments, credits, percentages, tax exemptions): their
 * schemas, the checks that span fields (an amount finer than the currency's minor unit, duplicate
 * ids, a percentage on a line that does not exist), and the model values they become.
 */
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { exact } from './money.ts';
import type { Adjustment, BillingSetup, InvoicePercentage, Scope } from './model.ts';

type Decimal = string | number;
type ScopeText = 'global' | 'default' | { billingCode: string } | { client: string | number };

/** An account as the setup names it: a billing code, a client number, or a master account. */
const accountName = z.union([z.string().min(1), z.number().int()]).transform(String);

/** The schema fields, built on the setup file's own decimal and scope rules. */
export function invoiceRuleSchemas(rules: {
  decimal: z.ZodType<Decimal>;
  nonNegative: z.ZodType<Decimal>;
  identifier: z.ZodType<string>;
  scope: z.ZodType<ScopeText>;
  rounding: z.ZodType<{ scale: number; mode: 'half-up' | 'half-even' | 'up' | 'down' }>;
  clientNumber: z.ZodType<string | number>;
}) {
  const adjustment = z.strictObject({
    id: rules.identifier.optional(),
    account: accountName,
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'a month YYYY-MM (the period starting in it) or a day YYYY-MM-DD (the period holding it)'),
    amount: rules.decimal.refine((value) => Number(value) !== 0, 'must not be 0: a charge is above 0, a credit below 0'),
    reason: z.string().min(1, 'say why: the reason is printed on the invoice'),
  });
  const kinds = ['usage', 'fee', 'minimum', 'adjustment', 'discount', 'surcharge', 'tax'] as const;
  const lineKind = z.enum(kinds, { error: `a line kind: ${kinds.join(', ')}` });
  const onMessage = `on: subtotal (the default), { lines: [line ids] } or { kinds: [${kinds.join(', ')}] }`;
  const percentage = z
    .strictObject({
      id: rules.identifier,
      label: z.string().min(1).optional(),
      kind: z.enum(['discount', 'surcharge', 'tax'], { error: 'kind: discount, surcharge or tax' }),
      percent: rules.nonNegative,
      // The object first: a wrong kind inside it is then the problem shown, not "expected subtotal".
      on: z
        .union([
          z
            .strictObject({ lines: z.array(rules.identifier).min(1).optional(), kinds: z.array(lineKind).min(1).optional() }, { error: onMessage })
            .refine((on) => (on.lines === undefined) !== (on.kinds === undefined), onMessage),
          z.literal('subtotal', { error: onMessage }),
        ])
        .default('subtotal'),
      scope: rules.scope.default('global'),
      rounding: rules.rounding.optional(),
    })
    .refine((p) => p.kind !== 'discount' || Number(p.percent) <= 100, { message: 'a discount is at most 100 (percent)', path: ['percent'] });
  return {
    adjustments: z.array(adjustment).default([]),
    credits: z.strictObject({ carryForward: z.boolean().default(false) }).default({ carryForward: false }),
    percentages: z.array(percentage).default([]),
    taxExempt: z
      .strictObject({
        accounts: z.array(accountName).default([]),
        billingCodes: z.array(z.string().min(1)).default([]),
        clients: z.array(rules.clientNumber).default([]),
      })
      .optional(),
  };
}

type Schemas = ReturnType<typeof invoiceRuleSchemas>;
export interface InvoiceRulesData {
  readonly adjustments: z.infer<Schemas['adjustments']>;
  readonly credits: z.infer<Schemas['credits']>;
  readonly percentages: z.infer<Schemas['percentages']>;
  readonly taxExempt?: z.infer<NonNullable<Schemas['taxExempt']>> | undefined;
  readonly rounding: { readonly money: { readonly scale: number } };
}

type Locate = (path: readonly (string | number)[]) => { line: number; column: number };

/** Checks across fields, each error at its place in the file. */
export function checkInvoiceRules(data: InvoiceRulesData, planLineIds: readonly string[], locate: Locate, file: string): void {
  const fail = (path: (string | number)[], message: string): never => {
    throw new EngineError('file_field', message, { file, ...locate(path), field: path.join('.') });
  };
  const scale = data.rounding.money.scale;
  data.adjustments.forEach((adjustment, i) => {
    if ((String(adjustment.amount).split('.')[1]?.length ?? 0) > scale)
      fail(['adjustments', i, 'amount'], `an adjustment is money: at most ${scale} decimal places (rounding.money.scale)`);
  });
  const adjustmentIds = adjustmentIdsOf(data.adjustments);
  const perAccount = new Set<string>();
  data.adjustments.forEach((adjustment, i) => {
    const key = `${adjustment.account} ${adjustmentIds[i]}`;
    if (perAccount.has(key)) fail(['adjustments', i, 'id'], `account ${adjustment.account} has two adjustments with the id ${adjustmentIds[i]}`);
    perAccount.add(key);
  });
  const known = new Set(['minimum', ...planLineIds, ...adjustmentIds]);
  data.percentages.forEach((percentage, i) => {
    if (known.has(percentage.id)) fail(['percentages', i, 'id'], `the line id ${percentage.id} is already used on invoices`);
    if (typeof percentage.on === 'object')
      percentage.on.lines?.forEach((line, j) => {
        if (!known.has(line)) fail(['percentages', i, 'on', 'lines', j], `no plan line, adjustment or earlier percentage has the id ${line}`);
      });
    known.add(percentage.id);
  });
}

/** The model's invoice rules; absent when the file states none, so existing setups stay as they were. */
export function toInvoiceRules(data: InvoiceRulesData, toScope: (scope: ScopeText) => Scope): Partial<BillingSetup> {
  const ids = adjustmentIdsOf(data.adjustments);
  const adjustments: Adjustment[] = data.adjustments.map((a, i) => ({
    id: ids[i] as string,
    account: a.account,
    period: a.period,
    amount: exact(a.amount),
    reason: a.reason,
  }));
  const percentages: InvoicePercentage[] = data.percentages.map((p) => ({
    id: p.id,
    label: p.label ?? p.id,
    kind: p.kind,
    percent: exact(p.percent),
    on: p.on === 'subtotal' ? { kind: 'subtotal' } : p.on.lines ? { kind: 'lines', lineIds: p.on.lines } : { kind: 'kinds', kinds: p.on.kinds ?? [] },
    scope: toScope(p.scope),
    ...(p.rounding ? { rounding: p.rounding } : {}),
  }));
  const exempt = data.taxExempt;
  return {
    ...(adjustments.length > 0 ? { adjustments } : {}),
    ...(data.credits.carryForward ? { credits: { carryForward: true } } : {}),
    ...(percentages.length > 0 ? { percentages } : {}),
    ...(exempt ? { taxExempt: { accounts: exempt.accounts, billingCodes: exempt.billingCodes, clientNumbers: exempt.clients.map(String) } } : {}),
  };
}

/** An adjustment's line id: its own, else adjustment-N, N counting the account's adjustments in the file. */
function adjustmentIdsOf(adjustments: readonly { id?: string | undefined; account: string }[]): string[] {
  const counts = new Map<string, number>();
  return adjustments.map((a) => {
    const n = (counts.get(a.account) ?? 0) + 1;
    counts.set(a.account, n);
    return a.id ?? `adjustment-${n}`;
  });
}
