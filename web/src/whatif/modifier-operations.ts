/**
 * A modifier's operation as form fields: which inputs each operation has, their text values, the
 * checks the setup file's schema makes (engine/rating/setup-file.ts, whose rules are used here), so
 * a bad value is caught by its field before anything is saved, and the modifier document built from
 * valid values.
 */
import { decimal, identifier, modifierOperations, roundingMode, timeUnit } from '../../../engine/rating/setup-file.ts';
import type { ModifierDoc } from './scenario-doc.ts';

export const OPERATIONS = modifierOperations;
export type OperationKind = (typeof OPERATIONS)[number];

export const OPERATION_LABELS: Readonly<Record<OperationKind, string>> = {
  multiply: 'Multiply',
  add: 'Add',
  limit: 'Limit (cap)',
  round: 'Round to an increment',
  convert: 'Convert units',
  addStatistic: 'Add another statistic',
};

export interface OperationField {
  readonly key: string;
  readonly label: string;
  /** decimal: any exact decimal; positive: above 0; choice: one of `choices`; statistic: an identifier. */
  readonly type: 'decimal' | 'positive' | 'choice' | 'statistic';
  readonly choices?: readonly string[];
  readonly optional?: boolean;
}

export const OPERATION_FIELDS: Readonly<Record<OperationKind, readonly OperationField[]>> = {
  multiply: [{ key: 'factor', label: 'Factor', type: 'decimal' }],
  add: [{ key: 'amount', label: 'Amount', type: 'decimal' }],
  limit: [
    { key: 'min', label: 'Minimum', type: 'decimal', optional: true },
    { key: 'max', label: 'Maximum', type: 'decimal', optional: true },
  ],
  round: [
    { key: 'increment', label: 'Increment', type: 'positive' },
    { key: 'mode', label: 'Mode', type: 'choice', choices: roundingMode.options },
  ],
  convert: [
    { key: 'from', label: 'From', type: 'choice', choices: timeUnit.options },
    { key: 'to', label: 'To', type: 'choice', choices: timeUnit.options },
  ],
  addStatistic: [
    { key: 'statistic', label: 'Statistic', type: 'statistic' },
    { key: 'factor', label: 'Factor', type: 'decimal' },
  ],
};

export type OperationValues = Readonly<Record<string, string>>;

export function operationOf(modifier: ModifierDoc): OperationKind {
  return OPERATIONS.find((op) => modifier[op] !== undefined) ?? 'multiply';
}

/** The operation's values as text, e.g. round -> { increment: '1', mode: 'up' }. */
export function operationValues(modifier: ModifierDoc): OperationValues {
  const op = operationOf(modifier);
  const body = modifier[op];
  if (op === 'multiply') return { factor: String(body ?? '') };
  if (op === 'add') return { amount: String(body ?? '') };
  const fields = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(OPERATION_FIELDS[op].map((field) => [field.key, fields[field.key] === undefined ? '' : String(fields[field.key])]));
}

/** Blank values for a new operation: choices start at their first option. */
export function blankValues(op: OperationKind): OperationValues {
  return Object.fromEntries(OPERATION_FIELDS[op].map((field) => [field.key, field.choices?.[0] ?? '']));
}

/** Why a text is not an exact decimal as the setup file writes one (e.g. "1.2.3"), or null when it is. */
export function decimalError(value: string): string | null {
  // The setup file's message asks for quotes, which a form field does not need.
  return decimal.safeParse(value).success ? null : `"${value}" is not a decimal number; write it like 1.15`;
}

/** What is wrong with each field, by key; empty when the values can be saved. */
export function operationErrors(op: OperationKind, values: OperationValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of OPERATION_FIELDS[op]) {
    const value = (values[field.key] ?? '').trim();
    if (value === '') {
      if (!field.optional) errors[field.key] = `${field.label} is required`;
    } else if ((field.type === 'decimal' || field.type === 'positive') && decimalError(value)) {
      errors[field.key] = decimalError(value) as string;
    } else if (field.type === 'positive' && !(Number(value) > 0)) {
      errors[field.key] = `${field.label} must be above 0`;
    } else if (field.type === 'choice' && !field.choices?.includes(value)) {
      errors[field.key] = `choose one of ${field.choices?.join(', ')}`;
    } else if (field.type === 'statistic' && !identifier.safeParse(value).success) {
      errors[field.key] = 'a statistic id: letters, digits, _, . and -';
    }
  }
  if (op === 'limit') {
    const min = (values.min ?? '').trim();
    const max = (values.max ?? '').trim();
    if (min === '' && max === '') errors.max = 'give a minimum, a maximum or both';
    else if (!errors.min && !errors.max && min !== '' && max !== '' && Number(min) > Number(max)) errors.max = 'the maximum must not be below the minimum';
  }
  return errors;
}

/** The modifier with its operation replaced by `op` with valid `values` (decimals kept as text, so exact). */
export function withOperation(modifier: ModifierDoc, op: OperationKind, values: OperationValues): ModifierDoc {
  const rest = Object.fromEntries(Object.entries(modifier).filter(([key]) => !(OPERATIONS as readonly string[]).includes(key)));
  const text = (key: string) => (values[key] ?? '').trim();
  let body: ModifierDoc[string];
  if (op === 'multiply') body = text('factor');
  else if (op === 'add') body = text('amount');
  else body = Object.fromEntries(OPERATION_FIELDS[op].filter((field) => text(field.key) !== '').map((field) => [field.key, text(field.key)]));
  return { ...(rest as ModifierDoc), [op]: body };
}

/** A short reading of the operation, e.g. "round up to 1" or "limit to at most 600". */
export function describeOperation(modifier: ModifierDoc): string {
  const op = operationOf(modifier);
  const v = operationValues(modifier);
  switch (op) {
    case 'multiply':
      return `× ${v.factor}`;
    case 'add':
      return `+ ${v.amount}`;
    case 'limit':
      return [v.min ? `at least ${v.min}` : '', v.max ? `at most ${v.max}` : ''].filter(Boolean).join(', ');
    case 'round':
      return `round ${v.mode} to ${v.increment}`;
    case 'convert':
      return `${v.from} → ${v.to}`;
    case 'addStatistic':
      return `+ ${v.statistic} × ${v.factor}`;
  }
}
