/**
 * The what-if's per-account rows as the page holds them: the server answers every row the first
 * time, then only the rows that changed since the version the page shows (server/services/what-if-delta.ts).
 */
import type { AccountTotals, Comparison } from '../api/types.ts';

export interface ShownRows {
  readonly version: string;
  readonly rows: readonly AccountTotals[];
}

/**
 * The rows after `answer`: its own when it sends every row, else `shown` with the changed rows
 * put in and the removed ones taken out (in account order, as the server lists them). Undefined
 * when the answer is relative to a version the page does not hold (ask again without `since`).
 */
export function applyAnswer(shown: ShownRows | null, answer: Comparison): ShownRows | undefined {
  if (!answer.version) return undefined;
  if (answer.everyAccount) return { version: answer.version, rows: answer.everyAccount };
  const delta = answer.changedAccounts;
  if (!delta || !shown || shown.version !== delta.since) return undefined;
  const byAccount = new Map(shown.rows.map((row) => [row.account, row] as const));
  for (const account of delta.removed) byAccount.delete(account);
  for (const row of delta.rows) byAccount.set(row.account, row);
  const rows = [...byAccount.values()].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  return { version: answer.version, rows };
}
