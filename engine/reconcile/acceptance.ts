/**
 * Accepted variances: a person says a variance is fine, with a reason, for the exact values seen.
 * Acceptances are records (who, when, why, which cell, which values) kept elsewhere — the server's
 * audit log, a JSON file for the CLI — and applied here as a pure function. An acceptance only
 * holds while both values are unchanged; otherwise it is reported as stale, never silently kept.
 */
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { sameNumber, sideText, type Acceptance, type Reconciliation, type StaleAcceptance, type Variance } from './model.ts';

/**
 * @example acceptVariance(variance, { by: 'maria', reason: 'export made before the October fix' })
 */
export function acceptVariance(variance: Variance, decision: { by: string; reason: string; now?: () => Date }): Acceptance {
  return {
    kind: 'acceptance',
    by: decision.by,
    at: (decision.now ?? (() => new Date()))().toISOString(),
    reason: decision.reason,
    clientNumber: variance.clientNumber,
    statistic: variance.statistic,
    legacyValue: sideText(variance.delta.before),
    ourValue: sideText(variance.delta.after),
  };
}

/** Marks the variances that acceptances cover; the latest acceptance of a cell wins. */
export function applyAcceptances(reconciliation: Reconciliation, acceptances: readonly Acceptance[]): Reconciliation {
  const byCell = new Map<string, Acceptance[]>();
  for (const acceptance of [...acceptances].sort((a, b) => b.at.localeCompare(a.at))) {
    const key = cellKey(acceptance.clientNumber, acceptance.statistic);
    byCell.set(key, [...(byCell.get(key) ?? []), acceptance]);
  }
  const applied = new Set<Acceptance>();
  const variances = reconciliation.variances.map((variance) => {
    const { acceptance: _previous, ...rest } = variance;
    const match = byCell.get(cellKey(variance.clientNumber, variance.statistic))?.find((acceptance) => coversValues(acceptance, variance));
    if (!match) return rest;
    applied.add(match);
    return { ...rest, acceptance: match };
  });
  const current = new Map(variances.map((variance) => [cellKey(variance.clientNumber, variance.statistic), variance]));
  const stale: StaleAcceptance[] = acceptances
    .filter((acceptance) => !applied.has(acceptance))
    .map((acceptance) => ({ acceptance, why: whyStale(acceptance, current.get(cellKey(acceptance.clientNumber, acceptance.statistic))) }));
  return { ...reconciliation, variances, staleAcceptances: stale };
}

function whyStale(acceptance: Acceptance, variance: Variance | undefined): string {
  if (!variance) return 'no variance in this cell any more (equal now, or the client or statistic was not compared)';
  if (variance.acceptance) return 'superseded by a later acceptance of the same cell';
  return `the values changed since: accepted legacy ${acceptance.legacyValue} / ours ${acceptance.ourValue}, now legacy ${sideText(variance.delta.before)} / ours ${sideText(variance.delta.after)}`;
}

function coversValues(acceptance: Acceptance, variance: Variance): boolean {
  const { before, after } = variance.delta;
  return before.kind === 'value' && after.kind === 'value' && sameNumber(acceptance.legacyValue, before.value) && sameNumber(acceptance.ourValue, after.value);
}

const cellKey = (clientNumber: string, statistic: string) => `${clientNumber}\u0000${statistic}`;

const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'an exact decimal written as text, e.g. "12" or "-3.5"');
const acceptanceSchema = z.object({
  by: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  reason: z.string().min(1, 'say why the variance is acceptable'),
  clientNumber: z.string().regex(/^\d+$/, 'a client number'),
  statistic: z.string().min(1),
  legacyValue: decimalText,
  ourValue: decimalText,
});

/**
 * Reads acceptances from JSON: an array of `{ by, at, reason, clientNumber, statistic,
 * legacyValue, ourValue }`, or `{ "acceptances": [...] }`.
 */
export function parseAcceptances(text: string, file: string): Acceptance[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EngineError('bad_acceptance', `not valid JSON: ${(error as Error).message}`, { file });
  }
  const list = Array.isArray(json) ? json : (json as { acceptances?: unknown } | null)?.acceptances;
  const parsed = z.array(acceptanceSchema).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? [])
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    const message = list === undefined ? 'expected a list of acceptances, or { "acceptances": [...] }' : (issue?.message ?? 'not a list of acceptances');
    throw new EngineError('bad_acceptance', `${field ? `${field}: ` : ''}${message}`, { file, ...(field ? { field } : {}) });
  }
  return parsed.data.map((entry) => ({ kind: 'acceptance', ...entry }));
}
