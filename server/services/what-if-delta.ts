/**
 * Every account of a what-if side by side, or only what changed since an answer the page already
 * holds: a rate edit changes some accounts' totals, and the page needs no more than those rows.
 * Each answer is named by a version, the hash of its rows, and the server keeps the latest answers'
 * rows (bounded), so that the next request can say `since` the one it shows. An unknown or
 * forgotten `since` gets every row, as the first request does.
 */
import { createHash } from 'node:crypto';
import type { AccountTotals } from '../../engine/rating/compare.ts';

export interface AccountRowsAnswer {
  /** The version of these rows, to send as `since` next time. */
  readonly version: string;
  /** Every account's row (when `since` was not given or not known). */
  readonly everyAccount?: readonly AccountTotals[];
  /** Only the rows new or different since `since`, and the accounts gone since, when `since` is known. */
  readonly changedAccounts?: { readonly since: string; readonly rows: readonly AccountTotals[]; readonly removed: readonly string[] };
}

export interface ShownRows {
  answer(rows: readonly AccountTotals[], since: string | undefined): AccountRowsAnswer;
}

const DEFAULT_KEPT = 32;

/** @example createShownRows().answer(accountTotals(before, after), request.since) */
export function createShownRows(kept = DEFAULT_KEPT): ShownRows {
  const byVersion = new Map<string, ReadonlyMap<string, AccountTotals>>();
  return {
    answer(rows, since) {
      const version = versionOf(rows);
      const previous = since === undefined ? undefined : byVersion.get(since);
      byVersion.delete(version);
      byVersion.set(version, new Map(rows.map((row) => [row.account, row] as const)));
      while (byVersion.size > kept) byVersion.delete(byVersion.keys().next().value as string);
      if (!previous || since === undefined) return { version, everyAccount: rows };
      const current = byVersion.get(version) as ReadonlyMap<string, AccountTotals>;
      const changed = rows.filter((row) => !sameRow(previous.get(row.account), row));
      const removed = [...previous.keys()].filter((account) => !current.has(account));
      return { version, changedAccounts: { since, rows: changed, removed } };
    },
  };
}

function versionOf(rows: readonly AccountTotals[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${row.account}\0${row.clients}\0${row.before}\0${row.after}\0${row.change}\n`);
  return hash.digest('hex').slice(0, 24);
}

function sameRow(a: AccountTotals | undefined, b: AccountTotals): boolean {
  return a !== undefined && a.clients === b.clients && a.before === b.before && a.after === b.after && a.change === b.change;
}
