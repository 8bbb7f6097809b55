/**
 * The data situations that make billing hard, each defined by a query over IS tables, so their
 * presence is measured in the data itself rather than trusted from the generator. The demo records
 * the counts in its manifest; tests assert that each case is there.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { formatStamp, type Period } from '../period.ts';

export interface EdgeCase {
  readonly name: string;
  readonly description: string;
  /** Where the case can exist: in the snapshot, or only in the source (outside the period). */
  readonly where: 'snapshot' | 'source';
  readonly sql: (range: { start: string; end: string }) => string;
}

const interfaceTables = ['statEmail', 'statMsm', 'statSms', 'statSnpp', 'statTap', 'statWctp', 'statVocera', 'statCisco', 'statFax'];
const callsInPeriod = (r: { start: string; end: string }) => `statCallEnd e JOIN statCallStart s USING (callId) WHERE e.Stamp BETWEEN ${r.start} AND ${r.end}`;

export const edgeCases: readonly EdgeCase[] = [
  {
    name: 'callsStartingBeforePeriod',
    description: 'calls that start before the period and end inside it',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM ${callsInPeriod(r)} AND s.Stamp < ${r.start}`,
  },
  {
    name: 'callsEndingAfterPeriod',
    description: 'calls that start inside the period and end after it',
    where: 'source',
    sql: (r) => `SELECT count(*) FROM statCallEnd e JOIN statCallStart s USING (callId) WHERE s.Stamp BETWEEN ${r.start} AND ${r.end} AND e.Stamp > ${r.end}`,
  },
  {
    name: 'callsEndingOnPeriodStart',
    description: 'calls ending exactly on the start stamp',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM statCallEnd WHERE Stamp = ${r.start}`,
  },
  {
    name: 'callsEndingOnPeriodEnd',
    description: 'calls ending exactly on the end stamp',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM statCallEnd WHERE Stamp = ${r.end}`,
  },
  {
    name: 'historiesOnPeriodStart',
    description: 'message events exactly on the start stamp',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM msgHistories WHERE Stamp = ${r.start}`,
  },
  {
    name: 'historiesOnPeriodEnd',
    description: 'message events exactly on the end stamp',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM msgHistories WHERE Stamp = ${r.end}`,
  },
  {
    name: 'stampsNearHalfSecond',
    description: 'calls whose start or end falls within 3 ms of a half second',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM ${callsInPeriod(r)} AND (abs(epoch_ms(s.Stamp) % 1000 - 500) <= 3 OR abs(epoch_ms(e.Stamp) % 1000 - 500) <= 3)`,
  },
  {
    name: 'zeroLengthCalls',
    description: 'calls whose start and end stamps are equal',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM ${callsInPeriod(r)} AND s.Stamp = e.Stamp`,
  },
  {
    name: 'callsWithoutStartRow',
    description: 'call end rows with no start row',
    where: 'snapshot',
    sql: (r) =>
      `SELECT count(*) FROM statCallEnd e WHERE e.Stamp BETWEEN ${r.start} AND ${r.end} AND NOT EXISTS (SELECT 1 FROM statCallStart s WHERE s.callId = e.callId)`,
  },
  {
    name: 'callsInProgress',
    description: 'calls with a start row but no end row yet',
    where: 'source',
    sql: () => `SELECT count(*) FROM statCallStart s WHERE NOT EXISTS (SELECT 1 FROM statCallEnd e WHERE e.callId = s.callId)`,
  },
  {
    name: 'messagesWhoseClientChanged',
    description: "messages whose current client differs from their call's client",
    where: 'snapshot',
    sql: () => `SELECT count(*) FROM msgMessages m JOIN statCallEnd e ON e.callId = m.callId WHERE m.cltID <> e.cltId`,
  },
  { name: 'urgentMessages', description: 'urgent messages', where: 'snapshot', sql: () => `SELECT count(*) FROM msgMessages WHERE Urgent` },
  {
    name: 'historiesByUnknownAgents',
    description: 'message events whose agent ID is missing from agtAgents',
    where: 'snapshot',
    sql: () => `SELECT count(*) FROM msgHistories h WHERE NOT EXISTS (SELECT 1 FROM agtAgents a WHERE a.agtId = h.agtId)`,
  },
  {
    name: 'historiesOfPurgedMessages',
    description: 'message events whose message row was purged',
    where: 'snapshot',
    sql: () => `SELECT count(*) FROM msgHistories h WHERE NOT EXISTS (SELECT 1 FROM msgMessages m WHERE m.msgId = h.msgId)`,
  },
  {
    name: 'historiesBySystemAgents',
    description: 'messages taken or delivered by system components',
    where: 'snapshot',
    sql: () => `SELECT count(*) FROM msgHistories h JOIN agtAgents a USING (agtId) WHERE h.DispositionId IN (0, 2) AND a.agtType > 0`,
  },
  { name: 'inactiveClients', description: 'inactive clients', where: 'snapshot', sql: () => `SELECT count(*) FROM cltClients WHERE Inactive` },
  {
    name: 'clientsWithoutActivity',
    description: 'clients with no call, message, dial-out or interface traffic at all',
    where: 'snapshot',
    sql: () =>
      `SELECT count(*) FROM cltClients c WHERE NOT EXISTS (SELECT 1 FROM statCallEnd e WHERE e.cltId = c.cltID)
       AND NOT EXISTS (SELECT 1 FROM msgMessages m WHERE m.cltID = c.cltID)
       AND NOT EXISTS (SELECT 1 FROM statDialouts d WHERE d.cltID = c.cltID)
       ${interfaceTables.map((t) => `AND NOT EXISTS (SELECT 1 FROM ${t} i WHERE i.cltID = c.cltID)`).join(' ')}`,
  },
  {
    name: 'listingsSharedByTwoClients',
    description: "agent IDs that sit on listings of two or more clients in the agent's subject",
    where: 'snapshot',
    sql: () =>
      `SELECT count(*) FROM (SELECT a.agtId FROM agtAgents a JOIN dirListings l ON l.agtID = a.agtId AND l.subId = a.subID
       GROUP BY a.agtId HAVING count(DISTINCT l.cltId) > 1)`,
  },
  {
    name: 'duplicateListingsForOneClient',
    description: 'an agent ID on two listings of the same client in one subject',
    where: 'snapshot',
    sql: () => `SELECT count(*) FROM (SELECT agtID FROM dirListings WHERE agtID IS NOT NULL GROUP BY agtID, subId, cltId HAVING count(*) > 1)`,
  },
  {
    name: 'dispatchesRemovedAfterPeriod',
    description: 'dispatch jobs created in the period and removed after it',
    where: 'snapshot',
    sql: (r) =>
      `SELECT count(*) FROM statDispatchAdded a JOIN statDispatchDeleted d USING (dispID) WHERE a.Timestamp BETWEEN ${r.start} AND ${r.end} AND d.Timestamp > ${r.end}`,
  },
  {
    name: 'dispatchesNeverRemoved',
    description: 'dispatch jobs created in the period and never removed',
    where: 'snapshot',
    sql: (r) =>
      `SELECT count(*) FROM statDispatchAdded a WHERE a.Timestamp BETWEEN ${r.start} AND ${r.end} AND NOT EXISTS (SELECT 1 FROM statDispatchDeleted d WHERE d.dispID = a.dispID)`,
  },
  {
    name: 'dispatchesCreatedBeforeRemovedInside',
    description: 'dispatch jobs created before the period and removed inside it',
    where: 'source',
    sql: (r) =>
      `SELECT count(*) FROM statDispatchAdded a JOIN statDispatchDeleted d USING (dispID) WHERE a.Timestamp < ${r.start} AND d.Timestamp BETWEEN ${r.start} AND ${r.end}`,
  },
  {
    name: 'mergeCommCompletedAfterPeriod',
    description: 'MergeComm jobs started in the period and completed after it',
    where: 'snapshot',
    sql: (r) =>
      `SELECT count(*) FROM msgHistories s JOIN msgHistories c ON c.msgId = s.msgId AND c.DispositionId = 36
       WHERE s.DispositionId = 35 AND s.Stamp BETWEEN ${r.start} AND ${r.end} AND c.Stamp > ${r.end}`,
  },
  {
    name: 'mergeCommNeverCompleted',
    description: 'MergeComm starts with no completion',
    where: 'snapshot',
    sql: (r) =>
      `SELECT count(*) FROM msgHistories s WHERE s.DispositionId = 35 AND s.Stamp BETWEEN ${r.start} AND ${r.end}
       AND NOT EXISTS (SELECT 1 FROM msgHistories c WHERE c.msgId = s.msgId AND c.DispositionId = 36)`,
  },
  {
    name: 'mergeCommRunTwice',
    description: 'messages with two MergeComm jobs',
    where: 'snapshot',
    sql: () => `SELECT count(*) FROM (SELECT msgID FROM statMergeComm GROUP BY msgID HAVING count(*) > 1)`,
  },
  { name: 'overdials', description: 'dial-outs flagged as overdials', where: 'snapshot', sql: () => `SELECT count(*) FROM statDialouts WHERE Overdial` },
  {
    name: 'zeroLengthDialouts',
    description: 'dial-outs of zero duration',
    where: 'snapshot',
    sql: () => `SELECT count(*) FROM statDialouts WHERE Duration = 0`,
  },
  {
    name: 'interfaceFailuresWithEmptyError',
    description: 'interface messages whose Error is an empty string (a failure to the report)',
    where: 'snapshot',
    sql: () => `SELECT ${interfaceTables.map((t) => `(SELECT count(*) FROM ${t} WHERE Error = '')`).join(' + ')}`,
  },
  {
    name: 'webLoginsOnBilledStations',
    description: 'logins on IS Web, web messaging and miTeamWeb stations',
    where: 'snapshot',
    sql: (r) => `SELECT count(*) FROM statLogout WHERE stationType IN (2, 18, 26) AND Login BETWEEN ${r.start} AND ${r.end}`,
  },
];

/** Counts every edge case in the tables visible on the connection. */
export async function countEdgeCases(
  connection: DuckDBConnection,
  period: Period,
  which: EdgeCase['where'][] = ['snapshot', 'source'],
): Promise<Record<string, number>> {
  const range = { start: `TIMESTAMP '${formatStamp(period.start)}'`, end: `TIMESTAMP '${formatStamp(period.end)}'` };
  const counts: Record<string, number> = {};
  for (const edgeCase of edgeCases.filter((c) => which.includes(c.where))) {
    const rows = (await connection.runAndReadAll(edgeCase.sql(range))).getRowsJson();
    counts[edgeCase.name] = Number(rows[0]?.[0] ?? 0);
  }
  return counts;
}
