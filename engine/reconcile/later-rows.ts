/**
 * The evidence for "data changed since the export": rows of the snapshot stamped after the legacy
 * file was made, per client, for each quirk through which a statistic reads data that changes after
 * the period (explain.ts CHANGES_AFTER_PERIOD). IS stamps are naive local times; the export time is
 * compared as the same wall-clock time (its offset dropped), as a billing manager reads both.
 */
import { EngineError } from '../errors.ts';
import type { Sandbox } from '../formulas/sandbox.ts';
import type { OurClient } from './model.ts';

export interface LaterRowCount {
  readonly table: string;
  readonly count: number;
  /** The earliest later stamp, as the snapshot holds it. */
  readonly first: string;
}

/** Client number → quirk (D8, D15, D29) → the rows stamped after the export. */
export type LaterRows = ReadonlyMap<string, ReadonlyMap<string, LaterRowCount>>;

/** Per quirk: the table whose later rows change the statistic, and the rows of each client stamped after `$after`. */
const QUERIES: readonly { readonly quirk: string; readonly table: string; readonly sql: string }[] = [
  {
    quirk: 'D8',
    table: 'msgHistories',
    sql: 'SELECT m.cltID AS clt, count(*) AS n, min(h.Stamp) AS first FROM msgHistories h JOIN msgMessages m ON m.msgId = h.msgId WHERE h.Stamp > $after::TIMESTAMP GROUP BY m.cltID',
  },
  {
    quirk: 'D15',
    table: 'statDispatchDeleted',
    sql: 'SELECT a.cltID AS clt, count(*) AS n, min(d.Timestamp) AS first FROM statDispatchDeleted d JOIN statDispatchAdded a ON a.dispID = d.dispID WHERE d.Timestamp > $after::TIMESTAMP GROUP BY a.cltID',
  },
  {
    quirk: 'D29',
    table: 'msgHistories (MergeComm completed)',
    sql: 'SELECT m.cltID AS clt, count(*) AS n, min(h.Stamp) AS first FROM msgHistories h JOIN msgMessages m ON m.msgId = h.msgId WHERE h.DispositionId = 36 AND h.Stamp > $after::TIMESTAMP GROUP BY m.cltID',
  },
];

/** The export time as a naive stamp: "2026-11-02T08:00:00Z" → "2026-11-02 08:00:00". */
export function naiveStamp(exportedAt: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)/.exec(exportedAt);
  if (match) return `${match[1]} ${match[2]}`;
  const date = new Date(exportedAt);
  if (Number.isNaN(date.getTime()))
    throw new EngineError('bad_param_value', `the export time must be a date and time, not "${exportedAt}"`, { field: 'exportedAt' });
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** @example await laterRows(sandbox, '2026-11-02T08:00:00Z', ours.clients).get('1004')?.get('D15') // { table: 'statDispatchDeleted', count: 2, first: '2026-11-03 10:12:00' } */
export async function laterRows(sandbox: Sandbox, exportedAt: string, clients: readonly OurClient[]): Promise<LaterRows> {
  const numberOf = new Map(clients.map((client) => [String(client.cltID), client.clientNumber]));
  const after = naiveStamp(exportedAt);
  const found = new Map<string, Map<string, LaterRowCount>>();
  for (const { quirk, table, sql } of QUERIES) {
    const rows = await sandbox.query(sql, { values: { after }, types: {} }, `rows after the export (${quirk})`);
    for (const row of rows) {
      const clientNumber = numberOf.get(String(row.clt));
      if (!clientNumber) continue;
      const perQuirk = found.get(clientNumber) ?? new Map<string, LaterRowCount>();
      found.set(clientNumber, perQuirk);
      perQuirk.set(quirk, { table, count: Number(row.n), first: String(row.first) });
    }
  }
  return found;
}
