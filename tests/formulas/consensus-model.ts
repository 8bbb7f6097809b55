/**
 * The row-by-row TypeScript model of the consensus variants: each Billing Export 200 statistic
 * with the legacy quirks fixed as the consensus formulas describe (rounding half-up to whole
 * seconds, distinct messages and sessions, MergeComm jobs paired start-to-next-completion, Bridge
 * time counted as selected time ...). Only statistics with a consensus variant appear.
 */
import { agentTypes, callKinds, mergeCommSourceTypes } from '../../snapshots/schema/index.ts';
import type { IsRows, ModelParams, Row, Statistics } from './reference-model.ts';

const STATES = [
  'Disc',
  'Ring',
  'Talk',
  'Talk1',
  'Talk2',
  'Conference',
  'Hold',
  'InProgress',
  'VoiceMail',
  'Auto',
  'OutboundQueue',
  'AutoHold',
  'Patch',
  'Bridge',
];
const STATE_STEMS: readonly [string, string][] = [
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
const num = (value: unknown): number => Number(value ?? 0);
/**
 * Milliseconds to whole seconds, half-up: (ms + 500) integer-divided by 1000. Durations are never
 * negative except across a daylight-saving change, where DuckDB's integer division truncates.
 */
export const roundHalfUpSeconds = (ms: number): bigint => BigInt(Math.trunc((ms + 500) / 1000));

export function computeConsensusStatistics(rows: IsRows, params: ModelParams): Statistics {
  const stats: Statistics = new Map();
  const add = (name: string, cltID: number, amount: bigint | number): void => {
    const column = stats.get(name) ?? new Map<number, bigint>();
    column.set(cltID, (column.get(cltID) ?? 0n) + BigInt(amount));
    stats.set(name, column);
  };
  const inPeriod = (stamp: unknown): boolean => stamp !== null && stamp !== undefined && num(stamp) >= params.start && num(stamp) <= params.end;
  const table = (name: string): readonly Row[] => rows[name] ?? [];
  const clients = new Set(table('cltClients').map((c) => num(c.cltID)));

  // D14: saved sessions only; durations converted from 100-ns ticks to seconds, the total rounded half-up.
  const ticks = new Map<string, number>();
  for (const m of table('statClientMaintenance')) {
    const name = m.Type === 0 ? 'ClientSetups' : m.Type === 1 ? 'ScriptEdits' : undefined;
    if (!name || !inPeriod(m.Stamp) || m.Saved !== true) continue;
    add(name, num(m.cltID), 1);
    ticks.set(`${name}Dur\t${num(m.cltID)}`, (ticks.get(`${name}Dur\t${num(m.cltID)}`) ?? 0) + num(m.Duration));
  }
  for (const [key, total] of ticks) {
    const [name, clt] = key.split('\t') as [string, string];
    add(name, Number(clt), BigInt(Math.floor((total + 5_000_000) / 10_000_000)));
  }

  // D7, D15: outcomes counted when the job is removed, each job once (its last removal).
  const added = new Map(table('statDispatchAdded').map((a) => [num(a.dispID), a]));
  const lastRemoval = new Map<number, Row>();
  for (const d of table('statDispatchDeleted')) {
    const previous = lastRemoval.get(num(d.dispID));
    if (!previous || num(d.Timestamp) >= num(previous.Timestamp)) lastRemoval.set(num(d.dispID), d);
  }
  for (const [dispID, d] of lastRemoval) {
    const a = added.get(dispID);
    if (!a || !inPeriod(d.Timestamp)) continue;
    const outcome = ['DispSaved', 'DispDelivered', 'DispDeleted'][num(d.Reason)];
    if (outcome) add(outcome, num(a.cltID), 1);
    add('DispDuration', num(a.cltID), roundHalfUpSeconds(num(d.Timestamp) - num(a.Timestamp)));
  }

  // D10: distinct messages; D9: by agent type regardless of urgency for Taken/Delivered; D1: Inf and Sms counted.
  const messages = new Map(table('msgMessages').map((m) => [num(m.msgId), m]));
  const agents = new Map(table('agtAgents').map((a) => [num(a.agtId), a]));
  const seen = new Set<string>();
  const addOnce = (name: string, cltID: number, msgId: number): void => {
    const key = `${name}\t${cltID}\t${msgId}`;
    if (seen.has(key)) return;
    seen.add(key);
    add(name, cltID, 1);
  };
  for (const h of table('msgHistories')) {
    if (!inPeriod(h.Stamp)) continue;
    const m = messages.get(num(h.msgId));
    if (!m) continue;
    const cltID = num(m.cltID);
    const disposition = num(h.DispositionId);
    const general = { 0: 'MsgTaken', 1: 'MsgEdits', 2: 'MsgDlvrd' }[disposition];
    if (general) addOnce(general, cltID, num(h.msgId));
    const agent = agents.get(num(h.agtId));
    const prefix = agent ? agentTypes.codes.find((t) => t.code === num(agent.agtType))?.legacyPrefix : undefined;
    if (!prefix || (disposition !== 0 && disposition !== 2)) continue;
    const urgent = m.Urgent === true;
    if (disposition === 0) {
      addOnce(`${prefix}Taken`, cltID, num(h.msgId));
      if (urgent) addOnce(`${prefix}Urgent`, cltID, num(h.msgId));
    } else {
      addOnce(`${prefix}Delivered`, cltID, num(h.msgId));
      if (urgent) addOnce(`${prefix}UrgDelivered`, cltID, num(h.msgId));
    }
  }

  // D11: zero-length dial-outs are not dial-outs.
  for (const d of table('statDialouts')) {
    if (inPeriod(d.Timestamp) && d.Overdial !== true && num(d.Duration) > 0) add('Dialouts', num(d.cltID), 1);
  }

  // D25: an empty Error is no error.
  for (const name of INTERFACES) {
    for (const row of table(`stat${name}`)) {
      if (inPeriod(row.Timestamp) && row.Error !== null && row.Error !== '') add(`${name}Fail`, num(row.cltID), 1);
    }
  }

  computeCalls(table, inPeriod, params, add);
  computeMergeComm(table, clients, inPeriod, add);
  computeWebLogins(table, clients, inPeriod, add);
  return stats;
}

type Add = (name: string, cltID: number, amount: bigint | number) => void;

/** D16: calls counted from their end row alone; D5: elapsed rounded half-up; D17: Bridge is selected time; D4: UnSel is unselected time. */
function computeCalls(table: (name: string) => readonly Row[], inPeriod: (stamp: unknown) => boolean, params: ModelParams, add: Add): void {
  const starts = new Map(table('statCallStart').map((s) => [num(s.callId), s]));
  const cap = params.timeCapMinutes > 0 ? params.timeCapMinutes * 60 : undefined;
  for (const e of table('statCallEnd')) {
    if (!inPeriod(e.Stamp)) continue;
    const cltID = num(e.cltId);
    const kind = num(e.Kind);
    const selected = STATES.reduce((sum, state) => sum + num(e[`sel${state}`]), 0);
    const unselected = STATES.reduce((sum, state) => sum + num(e[`unsel${state}`]), 0);
    const talk = num(e.selTalk) + num(e.selTalk1) + num(e.selTalk2) + num(e.selConference);
    const prefix = callKinds.codes.find((k) => k.code === kind)?.legacyPrefix;
    const start = starts.get(num(e.callId));
    if (start) {
      const elapsed = roundHalfUpSeconds(num(e.Stamp) - num(start.Stamp));
      add('CallDuration', cltID, elapsed);
      if (prefix) add(`${prefix}Duration`, cltID, elapsed);
    }
    add('Calls', cltID, 1);
    for (const [stem, column] of STATE_STEMS) {
      add(`Sel${stem}`, cltID, num(e[`sel${column}`]));
      add(`UnSel${stem}`, cltID, num(e[`unsel${column}`]));
    }
    if (prefix) {
      add(`${prefix}Calls`, cltID, 1);
      add(kind >= 16 ? `UnSel${prefix}Duration` : `Sel${prefix}Duration`, cltID, kind >= 16 ? unselected : selected);
    }
    if (num(e.selPatch) > 0) add('SelPatches', cltID, 1);
    if (num(e.unselPatch) > 0) add('UnSelPatches', cltID, 1);
    if (kind === 1 && talk > 0) add('SelSecCalls', cltID, 1);
    if (kind === 2 && talk > 0) add('SelCheckCalls', cltID, 1);
    if (kind === 1) add('SecTalkTime', cltID, talk);
    if (kind === 2) add('CheckTalkTime', cltID, talk);
    if (kind > 2) add('NonLiveTalkTime', cltID, talk);
    const capped = cap !== undefined && selected > cap ? cap : selected;
    if (kind === 1) add('SelSecDurationCap', cltID, capped);
    if (kind === 3) add('SelFetchDurationCap', cltID, capped);
    if (num(e.CompCode) === 0 && talk > 0) add('AnsweredCalls', cltID, 1);
    if (num(e.CompCode) === 3 && talk === 0 && (kind === 1 || kind === 2)) add('AbandonedCalls', cltID, 1);
  }
}

/**
 * D29, D3, D2: one job per distinct start in the period, paired with the message's first
 * completion before its next start; seconds per job, half-up.
 */
function computeMergeComm(table: (name: string) => readonly Row[], clients: ReadonlySet<number>, inPeriod: (stamp: unknown) => boolean, add: Add): void {
  const histories = new Map<number, Row[]>();
  for (const h of table('msgHistories')) {
    if (num(h.DispositionId) !== 35 && num(h.DispositionId) !== 36) continue;
    histories.set(num(h.msgId), [...(histories.get(num(h.msgId)) ?? []), h]);
  }
  const jobRows = new Set<string>();
  for (const job of table('statMergeComm')) {
    if (clients.has(num(job.cltID))) jobRows.add(`${num(job.cltID)}\t${num(job.msgID)}\t${num(job.SourceType)}`);
  }
  for (const key of jobRows) {
    const [cltID, msgID, sourceType] = key.split('\t').map(Number) as [number, number, number];
    const source = mergeCommSourceTypes.codes.find((s) => s.code === sourceType)?.legacyPrefix;
    if (!source) continue;
    const events = histories.get(msgID) ?? [];
    const starts = [...new Set(events.filter((h) => num(h.DispositionId) === 35).map((h) => num(h.Stamp)))].sort((a, b) => a - b);
    starts.forEach((started, i) => {
      if (!inPeriod(started)) return;
      const nextStart = starts[i + 1] ?? Number.POSITIVE_INFINITY;
      const completions = events.filter((h) => num(h.DispositionId) === 36 && num(h.Stamp) >= started && num(h.Stamp) < nextStart).map((h) => num(h.Stamp));
      if (completions.length === 0) return;
      add(`${source}Source`, cltID, 1);
      add(`${source}SourceDur`, cltID, roundHalfUpSeconds(Math.min(...completions) - started));
    });
  }
}

/** D12: each session once per client it is linked to, however many listings link it. */
function computeWebLogins(table: (name: string) => readonly Row[], clients: ReadonlySet<number>, inPeriod: (stamp: unknown) => boolean, add: Add): void {
  const columns: Record<number, string> = { 2: 'WebDirectory', 18: 'WebMessaging', 26: 'MiTeamWeb' };
  const agents = new Map(table('agtAgents').map((a) => [num(a.agtId), a]));
  const listings = table('dirListings');
  const counted = new Set<string>();
  for (const login of table('statLogout')) {
    const column = columns[num(login.stationType)];
    const agent = agents.get(num(login.agtId));
    if (!column || !inPeriod(login.Login) || !agent || agent.subID === null) continue;
    for (const listing of listings) {
      if (listing.agtID === null || num(listing.agtID) !== num(agent.agtId) || num(listing.subId) !== num(agent.subID)) continue;
      if (listing.cltId === null || !clients.has(num(listing.cltId))) continue;
      const key = `${num(listing.cltId)}\t${num(login.agtId)}\t${num(login.stationType)}\t${num(login.Login)}\t${num(login.Logout)}`;
      if (counted.has(key)) continue;
      counted.add(key);
      add(column, num(listing.cltId), 1);
      add(`${column}Dur`, num(listing.cltId), roundHalfUpSeconds(num(login.Logout) - num(login.Login)));
    }
  }
}
