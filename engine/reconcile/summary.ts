/**
 * The numbers a person reads first: how much was compared, how much agrees, and where the
 * variances are, per statistic and per client with the largest first. Accepted variances are
 * counted apart and left out of the within/mismatch counts and of the top list.
 */
import { Decimal } from 'decimal.js';
import { changeOf } from '../diff/delta.ts';
import { cellsCompared, isOpenMismatch, openColumns, type ExplanationCategory, type Reconciliation, type Variance } from './model.ts';

export interface VarianceTally {
  readonly within: number;
  readonly mismatch: number;
  readonly accepted: number;
  /** Sum of |ours - legacy| over the mismatches not accepted. */
  readonly mismatchTotal: string;
  readonly largestMismatch: string;
}

export interface ReconciliationSummary {
  readonly clients: { readonly compared: number; readonly onlyInLegacy: number; readonly onlyInOurs: number; readonly duplicated: number };
  readonly statistics: { readonly compared: number; readonly unknownColumns: number; readonly missing: number };
  readonly cells: { readonly compared: number; readonly equal: number; readonly within: number; readonly mismatch: number; readonly accepted: number };
  /** Mismatches not accepted, by explanation category ('unexplained' also counts those not explained yet). */
  readonly mismatchesBy: Readonly<Record<ExplanationCategory, number>>;
  readonly openMismatches: number;
  /**
   * What keeps the reconciliation open: unexplained mismatches nobody accepted, clients with
   * activity on one side only, client numbers on several rows with different values, and columns
   * the file lacks or names differently that nobody mapped or accepted.
   */
  readonly open: {
    readonly mismatches: number;
    readonly clientsOnOneSide: number;
    readonly conflictingDuplicates: number;
    readonly columns: number;
    readonly total: number;
  };
  /** Variances accepted because an earlier reconciliation of the period accepted the same values. */
  readonly carriedOver: number;
  readonly byStatistic: readonly (VarianceTally & { readonly statistic: string })[];
  readonly byClient: readonly (VarianceTally & { readonly clientNumber: string })[];
  /** Mismatches not accepted, largest |difference| first. */
  readonly topMismatches: readonly Variance[];
  readonly accepted: readonly Variance[];
}

/** @example summarize(reconciliation, 10).cells // { compared: 5280, equal: 5271, within: 2, mismatch: 7, accepted: 0 } */
export function summarize(reconciliation: Reconciliation, top = 10): ReconciliationSummary {
  const { variances } = reconciliation;
  const open = variances.filter((v) => !v.acceptance);
  const accepted = variances.filter((v) => v.acceptance);
  const mismatches = open.filter((v) => v.status === 'mismatch');
  const mismatchesBy: Record<ExplanationCategory, number> = { formula_changed: 0, data_changed: 0, known_quirk: 0, unexplained: 0 };
  for (const v of mismatches) mismatchesBy[v.explanation?.category ?? 'unexplained']++;
  const openItems = {
    mismatches: variances.filter(isOpenMismatch).length,
    clientsOnOneSide: [...reconciliation.onlyInLegacy, ...reconciliation.onlyInOurs].filter((client) => client.nonZero > 0).length,
    conflictingDuplicates: reconciliation.duplicates.filter((duplicate) => !duplicate.identical).length,
    columns: openColumns(reconciliation).length,
  };
  return {
    clients: {
      compared: reconciliation.clientsCompared,
      onlyInLegacy: reconciliation.onlyInLegacy.length,
      onlyInOurs: reconciliation.onlyInOurs.length,
      duplicated: reconciliation.duplicates.length,
    },
    statistics: {
      compared: reconciliation.statistics.length,
      unknownColumns: reconciliation.unknownColumns.length,
      missing: reconciliation.missingStatistics.length,
    },
    cells: {
      compared: cellsCompared(reconciliation),
      equal: cellsCompared(reconciliation) - variances.length,
      within: open.length - mismatches.length,
      mismatch: mismatches.length,
      accepted: accepted.length,
    },
    mismatchesBy,
    openMismatches: openItems.mismatches,
    open: { ...openItems, total: openItems.mismatches + openItems.clientsOnOneSide + openItems.conflictingDuplicates + openItems.columns },
    carriedOver: accepted.filter((v) => v.carriedOver).length,
    byStatistic: tallies(variances, (v) => v.statistic).map(([statistic, tally]) => ({ statistic, ...tally })),
    byClient: tallies(variances, (v) => v.clientNumber).map(([clientNumber, tally]) => ({ clientNumber, ...tally })),
    topMismatches: largestFirst(mismatches).slice(0, top),
    accepted,
  };
}

const size = (v: Variance): Decimal => changeOf(v.delta).abs();

export function largestFirst(variances: readonly Variance[]): Variance[] {
  return variances
    .map((v) => [v, size(v)] as const)
    .sort((a, b) => b[1].comparedTo(a[1]))
    .map(([v]) => v);
}

/** Tallies per group, the groups with the largest mismatch total first (then most mismatches). */
function tallies(variances: readonly Variance[], groupOf: (v: Variance) => string): [string, VarianceTally][] {
  const groups = new Map<string, { within: number; mismatch: number; accepted: number; total: Decimal; largest: Decimal }>();
  for (const v of variances) {
    const key = groupOf(v);
    const tally = groups.get(key) ?? { within: 0, mismatch: 0, accepted: 0, total: new Decimal(0), largest: new Decimal(0) };
    groups.set(key, tally);
    if (v.acceptance) tally.accepted++;
    else if (v.status === 'within') tally.within++;
    else {
      tally.mismatch++;
      tally.total = tally.total.plus(size(v));
      tally.largest = Decimal.max(tally.largest, size(v));
    }
  }
  return [...groups]
    .sort(([, a], [, b]) => b.total.comparedTo(a.total) || b.mismatch - a.mismatch || b.within - a.within)
    .map(([key, t]) => [
      key,
      { within: t.within, mismatch: t.mismatch, accepted: t.accepted, mismatchTotal: t.total.toFixed(), largestMismatch: t.largest.toFixed() },
    ]);
}
