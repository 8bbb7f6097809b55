/**
 * An independent, row-by-row TypeScript model of every Billing Export 200 (v1.9.1) statistic,
 * written from the report's definition (section C and quirks D of the research note), not from
 * our SQL. Tests compare the legacy formulas against it on demo snapshots; fixture expectations
 * were computed with it too.
 */
import { callKinds, agentTypes, mergeCommSourceTypes } from '../../snapshots/schema/index.ts';

/** IS rows as plain values: stamps in epoch milliseconds, bits as booleans. */
export type Row = Readonly<Record<string, number | string | boolean | null>>;
export type IsRows = Readonly<Record<string, readonly Row[]>>;

export interface ModelParams {
  readonly start: number;
  readonly end: number;
  readonly timeCapMinutes: number;
}

/** Statistic name -> cltID -> value. Clients with no value are 0. */
export type Statistics = Map<string, Map<number, bigint>>;

const SEL_13 = [
  'selDisc',
  'selRing',
  'selTalk',
  'selTalk1',
  'selTalk2',
  'selConference',
  'selHold',
  'selInProgress',
  'selVoiceMail',
  'selAuto',
  'selOutboundQueue',
  'selPatch',
  'selAutoHold',
];
const STATE_COLUMNS: readonly [string, string][] = [
  ['Disc', 'Disc'],
  ['Ring', 'Ring'],
  ['Talk', 'Talk'],
  ['Talk1', 'Talk1'],
  ['Talk2', 'Talk2'],
  ['Conf', 'Conference'],
  ['Hold', 'Hold'],
  ['InProg', 'InProgress'],
  ['VM', 'VoiceMail'],
  ['Auto', 'Auto'],
  ['OutboundQueue', 'OutboundQueue'],
  ['AutoHold', 'AutoHold'],
  ['Patch', 'Patch'],
];
const INTERFACES = ['Email', 'Msm', 'Sms', 'Snpp', 'Tap', 'Wctp', 'Vocera', 'Cisco', 'Fax'];
/** Agent types whose columns the report computes but never writes (quirk D1). */
const NEVER_WRITTEN = new Set([5, 6]);

const num = (value: unknown): number => Number(value ?? 0);
const big = (value: unknown): bigint => BigInt(Math.trunc(num(value)));
/** SQL Server DATEDIFF(second): whole-second boundaries crossed (quirk D5). */
const secondBoundaries = (from: number, to: number): bigint => BigInt(Math.floor(to / 1000) - Math.floor(from / 1000));

export function computeLegacyStatistics(rows: IsRows, params: ModelParams): Statistics {
  const stats: Statistics = new Map();
  const add = (name: string, cltID: number, amount: bigint | number): void => {
    const column = stats.get(name) ?? new Map<number, bigint>();
    column.set(cltID, (column.get(cltID) ?? 0n) + BigInt(amount));
    stats.set(name, column);
  };
  const inPeriod = (stamp: unknown): boolean => stamp !== null && num(stamp) >= params.start && num(stamp) <= params.end;
  const table = (name: string): readonly Row[] => rows[name] ?? [];
  const clients = new Map(table('cltClients').map((c) => [num(c.cltID), c]));
  const agents = new Map(table('agtAgents').map((a) => [num(a.agtId), a]));
  const messages = new Map(table('msgMessages').map((m) => [num(m.msgId), m]));

  for (const m of table('statClientMaintenance')) {
    if (!inPeriod(m.Stamp)) continue;
    const name = m.Type === 0 ? 'ClientSetups' : m.Type === 1 ? 'ScriptEdits' : undefined;
    if (!name) continue;
    add(name, num(m.cltID), 1);
    add(`${name}Dur`, num(m.cltID), big(m.Duration));
  }

  const added = new Map(table('statDispatchAdded').map((a) => [num(a.dispID), a]));
  for (const a of added.values()) if (inPeriod(a.Timestamp)) add('Dispatches', num(a.cltID), 1);
  for (const d of table('statDispatchDeleted')) {
    const a = added.get(num(d.dispID));
    if (!a || !inPeriod(a.Timestamp)) continue; // outcomes follow the job's creation stamp (D7)
    const outcome = ['DispSaved', 'DispDelivered', 'DispDeleted'][num(d.Reason)];
    if (outcome) add(outcome, num(a.cltID), 1);
    add('DispDuration', num(a.cltID), secondBoundaries(num(a.Timestamp), num(d.Timestamp)));
  }

  for (const h of table('msgHistories')) {
    if (!inPeriod(h.Stamp)) continue;
    const m = messages.get(num(h.msgId));
    if (!m) continue; // purged messages drop out (D8)
    const cltID = num(m.cltID);
    const disposition = num(h.DispositionId);
    const general = { 0: 'MsgTaken', 1: 'MsgEdits', 2: 'MsgDlvrd' }[disposition];
    if (general) add(general, cltID, 1);
    const agent = agents.get(num(h.agtId));
    if (!agent || (disposition !== 0 && disposition !== 2)) continue;
    const type = agentTypes.codes.find((t) => t.code === num(agent.agtType));
    if (!type?.legacyPrefix) continue; // agtType 2-4 are never counted (D9)
    const urgent = m.Urgent === true;
    const suffix = disposition === 0 ? (urgent ? 'Urgent' : 'Taken') : urgent ? 'UrgDelivered' : 'Delivered';
    if (!NEVER_WRITTEN.has(type.code)) add(`${type.legacyPrefix}${suffix}`, cltID, 1);
  }

  for (const d of table('statDialouts')) {
    if (!inPeriod(d.Timestamp) || d.Overdial === true) continue;
    add('Dialouts', num(d.cltID), 1);
    add('DialoutDur', num(d.cltID), big(d.Duration));
  }

  for (const name of INTERFACES) {
    for (const row of table(`stat${name}`)) {
      if (!inPeriod(row.Timestamp)) continue;
      add(name, num(row.cltID), 1);
      if (row.Error !== null) add(`${name}Fail`, num(row.cltID), 1);
      if (row.Inbound === true) add(`${name}In`, num(row.cltID), 1);
    }
  }

  computeCalls(table, inPeriod, params, add);
  computeMergeComm(table, clients, inPeriod, add);
  computeWebLogins(table, agents, clients, inPeriod, add);

  const subjects = new Map(table('dirSubjects').map((s) => [num(s.subId), s]));
  for (const setup of table('statDirectorySetup')) {
    if (!inPeriod(setup.Stamp)) continue;
    const billing = subjects.get(num(setup.subId))?.BillingcltID;
    if (billing === null || billing === undefined || !clients.has(num(billing))) continue;
    add('DirSetups', num(billing), 1);
    add('DirSetupsDuration', num(billing), secondBoundaries(Date.UTC(1900, 0, 1), num(setup.Duration)));
  }
  return stats;
}

type Add = (name: string, cltID: number, amount: bigint | number) => void;

function computeCalls(table: (name: string) => readonly Row[], inPeriod: (stamp: unknown) => boolean, params: ModelParams, add: Add): void {
  const starts = new Map(table('statCallStart').map((s) => [num(s.callId), s]));
  const capSeconds = params.timeCapMinutes > 0 ? params.timeCapMinutes * 60 : undefined;
  for (const e of table('statCallEnd')) {
    if (!inPeriod(e.Stamp)) continue;
    const s = starts.get(num(e.callId));
    if (!s) continue; // calls need both rows (D16)
    const cltID = num(e.cltId);
    const kind = num(e.Kind);
    const elapsed = secondBoundaries(num(s.Stamp), num(e.Stamp) + 500); // D5
    const selected = SEL_13.reduce((sum, column) => sum + num(e[column]), 0);
    const talk = num(e.selTalk) + num(e.selTalk1) + num(e.selTalk2) + num(e.selConference);
    add('Calls', cltID, 1);
    add('CallDuration', cltID, elapsed);
    for (const [stem, column] of STATE_COLUMNS) {
      add(`Sel${stem}`, cltID, num(e[`sel${column}`]));
      add(`UnSel${stem}`, cltID, num(e[`unsel${column}`]));
    }
    const prefix = callKinds.codes.find((k) => k.code === kind)?.legacyPrefix;
    if (prefix) {
      add(`${prefix}Calls`, cltID, 1);
      add(`${prefix}Duration`, cltID, elapsed);
      // Kinds 16-24 have an "UnSel" column that actually holds selected time (D4).
      add(kind >= 16 ? `UnSel${prefix}Duration` : `Sel${prefix}Duration`, cltID, selected);
    }
    if (num(e.selPatch) > 0) add('SelPatches', cltID, 1);
    if (num(e.unselPatch) > 0) add('UnSelPatches', cltID, 1);
    if (kind === 1 && selected > 0) add('SelSecCalls', cltID, 1);
    if (kind === 2 && selected > 0) add('SelCheckCalls', cltID, 1);
    if (kind === 1) add('SecTalkTime', cltID, talk);
    if (kind === 2) add('CheckTalkTime', cltID, talk);
    if (kind > 2) add('NonLiveTalkTime', cltID, talk);
    const capped = capSeconds !== undefined && selected > capSeconds ? capSeconds : selected;
    if (kind === 1) add('SelSecDurationCap', cltID, capped);
    if (kind === 3) add('SelFetchDurationCap', cltID, capped);
    if (num(e.CompCode) === 0 && num(e.selTalk) > 0) add('AnsweredCalls', cltID, 1);
    if (num(e.CompCode) === 3 && num(e.selTalk) === 0 && (kind === 1 || kind === 2)) add('AbandonedCalls', cltID, 1);
  }
}

/** Every job row pairs with every start (35) in the period and every completion (36) of its message (D29). */
function computeMergeComm(table: (name: string) => readonly Row[], clients: ReadonlyMap<number, Row>, inPeriod: (stamp: unknown) => boolean, add: Add): void {
  const byMessage = new Map<number, { starts: number[]; completions: number[] }>();
  for (const h of table('msgHistories')) {
    const d = num(h.DispositionId);
    if (d !== 35 && d !== 36) continue;
    const entry = byMessage.get(num(h.msgId)) ?? { starts: [], completions: [] };
    (d === 35 ? entry.starts : entry.completions).push(num(h.Stamp));
    byMessage.set(num(h.msgId), entry);
  }
  const agentRows = new Map<number, number>();
  for (const a of table('agtAgents')) agentRows.set(num(a.agtId), (agentRows.get(num(a.agtId)) ?? 0) + 1);
  const milliseconds = new Map<string, bigint>();
  for (const job of table('statMergeComm')) {
    const cltID = num(job.cltID);
    if (!clients.has(cltID)) continue;
    const source = mergeCommSourceTypes.codes.find((s) => s.code === num(job.SourceType))?.legacyPrefix;
    const histories = byMessage.get(num(job.msgID));
    if (!source || !histories) continue;
    const fanOut = Math.max(1, job.agtID === null ? 1 : (agentRows.get(num(job.agtID)) ?? 1)); // the unused LEFT JOIN
    for (const started of histories.starts.filter(inPeriod)) {
      for (const completed of histories.completions) {
        add(`${source}Source`, cltID, fanOut);
        const key = `${source}\t${cltID}`;
        milliseconds.set(key, (milliseconds.get(key) ?? 0n) + BigInt(fanOut * (completed - started)));
      }
    }
  }
  for (const [key, ms] of milliseconds) {
    const [source, cltID] = key.split('\t') as [string, string];
    // 14 sources are integer-divided by 1000 once, on the sum; two are left in milliseconds (D2, D3).
    const raw = source === 'RaulandBorg' || source === 'WebService';
    add(`${source}SourceDur`, Number(cltID), raw ? ms : ms / 1000n);
  }
}

/** A login counts once per listing that links its agent ID to a client in the agent's subject (D12). */
function computeWebLogins(
  table: (name: string) => readonly Row[],
  agents: ReadonlyMap<number, Row>,
  clients: ReadonlyMap<number, Row>,
  inPeriod: (stamp: unknown) => boolean,
  add: Add,
): void {
  const columns: Record<number, string> = { 2: 'WebDirectory', 18: 'WebMessaging', 26: 'MiTeamWeb' };
  const listings = table('dirListings');
  for (const login of table('statLogout')) {
    const column = columns[num(login.stationType)];
    if (!column || !inPeriod(login.Login)) continue;
    const agent = agents.get(num(login.agtId));
    if (!agent) continue;
    for (const listing of listings) {
      if (listing.agtID === null || num(listing.agtID) !== num(agent.agtId) || agent.subID === null || num(listing.subId) !== num(agent.subID)) continue;
      if (listing.cltId === null || !clients.has(num(listing.cltId))) continue;
      add(column, num(listing.cltId), 1);
      add(`${column}Dur`, num(listing.cltId), secondBoundaries(num(login.Login), num(login.Logout)));
    }
  }
}
