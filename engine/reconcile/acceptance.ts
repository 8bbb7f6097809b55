/**
 * Accepted variances: a person says a variance is fine, with a reason, for the exact values seen.
 * Acceptances are records (who, when, why, which cell, which values, which release) kept elsewhere
 * — the workspace database, a JSON file for the CLI — and applied here as a pure function to any
 * reconciliation of the same period. An acceptance only holds while both values and the release
 * are unchanged; otherwise it is reported as stale with why, never silently kept.
 */
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import {
  type Acceptance,
  type ColumnAcceptance,
  type ReleaseRef,
  type Reconciliation,
  type StaleAcceptance,
  sameNumber,
  sideText,
  type Variance,
} from './model.ts';

/** What a reconciliation is, for deciding whether an acceptance carries over to it. */
export interface AcceptanceScope {
  /** The reconciliation's id: an acceptance given in another one is shown as carried over. */
  readonly id?: string;
  /** The release its values came from. */
  readonly release?: ReleaseRef;
  readonly columns?: readonly ColumnAcceptance[];
}

/**
 * @example acceptVariance(variance, { by: 'maria', reason: 'export made before the October fix' })
 */
export function acceptVariance(
  variance: Variance,
  decision: { by: string; reason: string; now?: () => Date; release?: ReleaseRef; reconciliation?: string },
): Acceptance {
  return {
    kind: 'acceptance',
    by: decision.by,
    at: (decision.now ?? (() => new Date()))().toISOString(),
    reason: decision.reason,
    clientNumber: variance.clientNumber,
    statistic: variance.statistic,
    legacyValue: sideText(variance.delta.before),
    ourValue: sideText(variance.delta.after),
    ...(decision.release ? { release: decision.release } : {}),
    ...(decision.reconciliation ? { reconciliation: decision.reconciliation } : {}),
  };
}

/**
 * Marks the variances that acceptances cover (the latest one that still holds wins), the ones given
 * in another reconciliation as carried over, and the column acceptances that apply.
 */
export function applyAcceptances(reconciliation: Reconciliation, acceptances: readonly Acceptance[], scope: AcceptanceScope = {}): Reconciliation {
  const byCell = new Map<string, Acceptance[]>();
  for (const acceptance of [...acceptances].sort((a, b) => b.at.localeCompare(a.at))) {
    const key = cellKey(acceptance.clientNumber, acceptance.statistic);
    byCell.set(key, [...(byCell.get(key) ?? []), acceptance]);
  }
  const applied = new Set<Acceptance>();
  const variances = reconciliation.variances.map((variance) => {
    const { acceptance: _previous, carriedOver: _carried, ...rest } = variance;
    const match = byCell
      .get(cellKey(variance.clientNumber, variance.statistic))
      ?.find((acceptance) => coversValues(acceptance, variance) && sameRelease(acceptance.release, scope.release));
    if (!match) return rest;
    applied.add(match);
    const carriedOver = scope.id !== undefined && match.reconciliation !== undefined && match.reconciliation !== scope.id;
    return { ...rest, acceptance: match, ...(carriedOver ? { carriedOver } : {}) };
  });
  const current = new Map(variances.map((variance) => [cellKey(variance.clientNumber, variance.statistic), variance]));
  const compared = new Set(reconciliation.statistics);
  const stale: StaleAcceptance[] = acceptances
    .filter((acceptance) => !applied.has(acceptance))
    .map((acceptance) => ({
      acceptance,
      why: whyStale(acceptance, current.get(cellKey(acceptance.clientNumber, acceptance.statistic)), compared.has(acceptance.statistic), scope.release),
    }));
  const present = new Set([
    ...reconciliation.missingStatistics.map((s) => `missing\u0000${s}`),
    ...reconciliation.unknownColumns.map((c) => `unknown\u0000${c.header}`),
  ]);
  const acceptedColumns = latestPerColumn(scope.columns ?? []).filter((a) => present.has(`${a.finding}\u0000${a.column}`));
  return { ...reconciliation, variances, staleAcceptances: stale, acceptedColumns };
}

function whyStale(acceptance: Acceptance, variance: Variance | undefined, compared: boolean, release: ReleaseRef | undefined): string {
  if (!compared) return `${acceptance.statistic} was not compared this time (the file has no column for it)`;
  if (!variance) return `the cell is equal now (legacy and ours agree); accepted legacy ${acceptance.legacyValue} / ours ${acceptance.ourValue}`;
  if (variance.acceptance) return 'superseded by a later acceptance of the same cell';
  const { before, after } = variance.delta;
  const changes = [
    before.kind === 'value' && sameNumber(acceptance.legacyValue, before.value)
      ? ''
      : `the legacy value changed from ${acceptance.legacyValue} to ${sideText(before)}`,
    after.kind === 'value' && sameNumber(acceptance.ourValue, after.value) ? '' : `our value changed from ${acceptance.ourValue} to ${sideText(after)}`,
  ].filter(Boolean);
  if (changes.length > 0) return changes.join('; ');
  return `accepted with release ${releaseText(acceptance.release)}, this reconciliation used ${releaseText(release)}`;
}

const releaseText = (release: ReleaseRef | undefined): string =>
  release ? `${release.name} (sha256 ${release.contentHash.slice(0, 12)})` : 'an unnamed release';

/** An acceptance without a release (from a JSON file) holds for any; otherwise the formulas must be the same. */
function sameRelease(accepted: ReleaseRef | undefined, current: ReleaseRef | undefined): boolean {
  return accepted === undefined || current === undefined || accepted.contentHash === current.contentHash;
}

function latestPerColumn(columns: readonly ColumnAcceptance[]): ColumnAcceptance[] {
  const latest = new Map<string, ColumnAcceptance>();
  for (const column of [...columns].sort((a, b) => a.at.localeCompare(b.at))) latest.set(`${column.finding}\u0000${column.column}`, column);
  return [...latest.values()];
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
