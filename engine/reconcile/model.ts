/**
 * A reconciliation of our statistics against a legacy Billing Export 200 file, as immutable values
 * with a `kind`. Each compared cell that is not equal is a `Variance` holding the shared `Delta`
 * (before = the legacy file, after = ours, change = ours - legacy). Equal cells are only counted:
 * 2,000 clients x 264 statistics are half a million cells, nearly all equal.
 */
import { Decimal } from 'decimal.js';
import type { ReportVariant } from '../be200/select-formulas.ts';
import type { Delta, Side } from '../diff/delta.ts';
import type { DisplayDifference, FileFormat } from './legacy-export.ts';

/** Our side: one client of the snapshot with every statistic of the report (zeros included). */
export interface OurClient {
  readonly clientNumber: string;
  readonly cltID: number;
  readonly clientName: string;
  readonly values: ReadonlyMap<string, string>;
}

export interface OurResults {
  readonly variant: ReportVariant;
  readonly clients: readonly OurClient[];
}

export type VarianceStatus = 'within' | 'mismatch';

/**
 * Why a variance may exist, in the order they are considered: our own legacy formula differs from
 * the shipped one ('formula_changed'), data changed since the export ('data_changed'), a catalogued
 * quirk of the report ('known_quirk'); 'unexplained' explains nothing.
 */
export type ExplanationCategory = 'formula_changed' | 'data_changed' | 'known_quirk' | 'unexplained';

export const EXPLANATION_CATEGORIES: readonly ExplanationCategory[] = ['formula_changed', 'data_changed', 'known_quirk', 'unexplained'];

export interface Explanation {
  readonly kind: 'explanation';
  readonly category: ExplanationCategory;
  /** Section D quirks (D1 ... D30) that may account for it. */
  readonly quirks: readonly string[];
  readonly text: string;
  /** What the explanation rests on, one fact a line (a formula's version, rows after the export, values). */
  readonly evidence?: readonly string[];
}

/** Which formulas a result was computed with: a release's name and the hash of its formulas. */
export interface ReleaseRef {
  readonly name: string;
  readonly contentHash: string;
}

/** A person's decision that a variance is acceptable, for these exact values. */
export interface Acceptance {
  readonly kind: 'acceptance';
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  readonly reason: string;
  readonly clientNumber: string;
  readonly statistic: string;
  readonly legacyValue: string;
  readonly ourValue: string;
  /** The release our value came from; an acceptance holds only for the same formulas. */
  readonly release?: ReleaseRef;
  /** The reconciliation it was given in; a later one of the same period shows it as carried over. */
  readonly reconciliation?: string;
}

/** A column the file lacks ('missing', a statistic) or does not name as we do ('unknown', a header), accepted with a reason. */
export interface ColumnAcceptance {
  readonly kind: 'column-acceptance';
  readonly finding: 'missing' | 'unknown';
  /** The statistic (missing) or the file's header (unknown). */
  readonly column: string;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
  readonly reconciliation?: string;
}

export interface Variance {
  readonly kind: 'variance';
  readonly clientNumber: string;
  readonly statistic: string;
  /** The legacy file's row. */
  readonly row: number;
  readonly status: VarianceStatus;
  readonly delta: Delta;
  readonly explanation?: Explanation;
  readonly acceptance?: Acceptance;
  /** The acceptance was given in an earlier reconciliation of the same period and still holds. */
  readonly carriedOver?: boolean;
}

export interface ClientOnlyInLegacy {
  readonly kind: 'only-in-legacy';
  readonly clientNumber: string;
  readonly row: number;
  readonly clientName?: string;
  /** How many of its statistics are not 0: a row of zeros is usually harmless. */
  readonly nonZero: number;
}

export interface ClientOnlyInOurs {
  readonly kind: 'only-in-ours';
  readonly clientNumber: string;
  readonly cltID: number;
  readonly clientName: string;
  readonly nonZero: number;
}

/** A client number on several rows of the legacy file; the first row is the one compared. */
export interface DuplicateClient {
  readonly kind: 'duplicate-client';
  readonly clientNumber: string;
  readonly rows: readonly number[];
  /** Whether the rows carry the same statistics. */
  readonly identical: boolean;
}

/** An acceptance that no longer applies: the cell is now equal, or its values changed since. */
export interface StaleAcceptance {
  readonly acceptance: Acceptance;
  readonly why: string;
}

export interface Reconciliation {
  readonly kind: 'reconciliation';
  readonly legacy: { readonly file: string; readonly format: FileFormat; readonly exportedAt?: string; readonly rows: number };
  readonly variant: ReportVariant;
  /** Statistics present on both sides, in report order. */
  readonly statistics: readonly string[];
  readonly clientsCompared: number;
  /** Within-tolerance and mismatching cells, in legacy row order then report order. */
  readonly variances: readonly Variance[];
  readonly onlyInLegacy: readonly ClientOnlyInLegacy[];
  readonly onlyInOurs: readonly ClientOnlyInOurs[];
  readonly duplicates: readonly DuplicateClient[];
  readonly unknownColumns: readonly { readonly header: string; readonly column: string }[];
  readonly missingStatistics: readonly string[];
  readonly displayDifferences: readonly DisplayDifference[];
  readonly staleAcceptances: readonly StaleAcceptance[];
  /** Columns of the file mapped to a statistic by a saved mapping (a header we do not know by that name). */
  readonly mappedColumns?: readonly { readonly header: string; readonly statistic: string }[];
  /** Missing or unknown columns someone accepted; the others stay open. */
  readonly acceptedColumns?: readonly ColumnAcceptance[];
  /** Client names of the clients the variances and findings name (ours, else the file's). */
  readonly clientNames?: Readonly<Record<string, string>>;
}

/** Columns still open: missing statistics and unknown headers nobody mapped or accepted. */
export function openColumns(reconciliation: Reconciliation): { readonly finding: 'missing' | 'unknown'; readonly column: string }[] {
  const accepted = new Set((reconciliation.acceptedColumns ?? []).map((a) => `${a.finding}\u0000${a.column}`));
  return [
    ...reconciliation.missingStatistics.map((column) => ({ finding: 'missing' as const, column })),
    ...reconciliation.unknownColumns.map((c) => ({ finding: 'unknown' as const, column: c.header })),
  ].filter((c) => !accepted.has(`${c.finding}\u0000${c.column}`));
}

/** Whether an explanation accounts for a variance (anything but 'unexplained'). */
export const isExplained = (variance: Variance): boolean => variance.explanation !== undefined && variance.explanation.category !== 'unexplained';

/** Cells compared: every statistic present on both sides for every client on both sides. */
export const cellsCompared = (reconciliation: Reconciliation): number => reconciliation.clientsCompared * reconciliation.statistics.length;

/** A mismatch nobody accepted and nothing explains: what keeps a reconciliation open. */
export const isOpenMismatch = (variance: Variance): boolean =>
  variance.status === 'mismatch' && !variance.acceptance && (variance.explanation === undefined || variance.explanation.category === 'unexplained');

/** A side of a delta for people: its value, "(absent)" or "(unknown: why)". */
export function sideText(side: Side): string {
  return side.kind === 'value' ? side.value : side.kind === 'absent' ? '(absent)' : `(unknown: ${side.reason})`;
}

/** Two exact decimals are the same number ("12.0" is 12); text that is not a number never is. */
export function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return new Decimal(a).eq(b);
  } catch {
    return false;
  }
}
