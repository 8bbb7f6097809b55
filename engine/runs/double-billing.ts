/**
 * Billing an account twice for the same days: a run about to be finalised invoices accounts that a
 * finalised run already invoiced for days of its period. A correction run re-bills the run it
 * corrects by design, so that run is left out by the caller; a superseded (corrected) run is too.
 */
import type { BillingPeriod } from '../rating/period.ts';

/** A run as far as double billing goes: its period and the accounts it invoices. */
export interface BilledRun {
  readonly run: string;
  readonly period: BillingPeriod;
  readonly accounts: readonly string[];
}

/** A finalised run that already invoices some of the candidate's accounts for overlapping days. */
export interface AlreadyBilled {
  readonly run: string;
  readonly period: BillingPeriod;
  /** The accounts both runs invoice, sorted. */
  readonly accounts: readonly string[];
}

/**
 * The finalised runs whose period overlaps the candidate's and which invoice some of its accounts.
 * @example alreadyBilled({ run: 'b', period: oct, accounts: ['A', 'B'] }, [{ run: 'a', period: oct, accounts: ['B', 'C'] }]) // [{ run: 'a', period: oct, accounts: ['B'] }]
 */
export function alreadyBilled(candidate: BilledRun, finalised: readonly BilledRun[]): AlreadyBilled[] {
  const mine = new Set(candidate.accounts);
  return finalised.flatMap((other) => {
    if (other.run === candidate.run || !overlaps(candidate.period, other.period)) return [];
    const shared = other.accounts.filter((account) => mine.has(account)).sort();
    return shared.length === 0 ? [] : [{ run: other.run, period: other.period, accounts: shared }];
  });
}

/** Whether two periods share a day. */
export const overlaps = (a: BillingPeriod, b: BillingPeriod): boolean => a.start <= b.end && b.start <= a.end;

/** Says what would be billed twice, naming runs, days and the first few accounts. */
export function alreadyBilledText(conflicts: readonly AlreadyBilled[]): string {
  return conflicts
    .map(({ run, period, accounts }) => {
      const shown = accounts.slice(0, 5).join(', ');
      const more = accounts.length > 5 ? ` and ${accounts.length - 5} more` : '';
      return `finalised run ${run} (${period.start} to ${period.end}) already invoices ${accounts.length} of these accounts (${shown}${more})`;
    })
    .join('; ');
}
