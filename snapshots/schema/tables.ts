/**
 * Every IS table and column that Billing Export 200 (v1.9.1) reads, plus a few extra columns that
 * make drill-down readable. Names are exactly IS's, so a formula reads like IS SQL.
 * Facts: section A of the research note; line numbers refer to the public BillingExport_200.sql.
 */
import { column, extra } from './build.ts';
import type { ColumnDef, TableDef } from './types.ts';

const stampInPeriod = (name: string) => [{ kind: 'inPeriod', column: name }] as const;

/** The columns shared by the nine messaging-interface logs (statEmail ... statFax), lines 472-631. */
function interfaceLogColumns(channel: string): readonly ColumnDef[] {
  return [
    column('cltID', 'int', `Client the ${channel} message belongs to.`),
    column('Timestamp', 'datetime', `When the ${channel} message was sent or received; the period filter.`),
    column('Error', 'nvarchar(1000)', 'NULL when the message went through; any other value (even empty) is a failure.', {
      nullable: true,
    }),
    column('Inbound', 'bit', '1 when IS received the message (replies and unsolicited messages included).'),
  ];
}

function interfaceLog(name: string, channel: string): TableDef {
  return {
    name,
    description: `One row per ${channel} message sent or received through the IS ${channel} interface.`,
    role: 'fact',
    columns: interfaceLogColumns(channel),
    primaryKey: [],
    references: [{ column: 'cltID', table: 'cltClients', targetColumn: 'cltID' }],
    periodColumn: 'Timestamp',
    selection: stampInPeriod('Timestamp'),
  };
}

/** The 28 per-state second counters of statCallEnd (13 states x selected/unselected, plus Bridge). */
const callStateCounters: readonly ColumnDef[] = [
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
].flatMap((state) => {
  // Bridge is a newer state that BE200 never reads (quirk D17).
  const make = state === 'Bridge' ? extra : (name: string, type: 'int', text: string) => column(name, type, text);
  return [
    make(`sel${state}`, 'int', `Seconds the call spent in the ${state} state while selected at an agent position.`),
    make(`unsel${state}`, 'int', `Seconds the call spent in the ${state} state while not at an agent (queued, automated).`),
  ];
});

export const tables: readonly TableDef[] = [
  {
    name: 'cltClients',
    description: 'Client (account) master: one row per IS account. Every client in the number range gets a report row.',
    role: 'dimension',
    columns: [
      column('cltID', 'int', 'Internal client key; the join key everywhere.'),
      column('ClientNumber', 'numeric(18,0)', 'Client (account) number; the report range and sort order.'),
      column('ClientName', 'nvarchar(255)', 'Client name.'),
      column('BillingCode', 'nvarchar(150)', 'Maps the IS client to an invoicing account.', { nullable: true }),
      extra('Inactive', 'bit', 'Set when the account is inactive; the report ignores it (quirk D26).', false),
      extra('Stamp', 'datetime', 'When the client was created.'),
    ],
    primaryKey: ['cltID'],
    references: [],
    selection: [{ kind: 'all' }],
  },
  {
    name: 'statClientMaintenance',
    description: 'Client Setup (Type 0) and script-editor (Type 1) sessions.',
    role: 'fact',
    columns: [
      extra('ID', 'bigint', 'Session key.', false),
      column('cltID', 'int', 'Client whose setup or script was edited.'),
      extra('agtID', 'int', 'Agent who edited.'),
      column('Stamp', 'datetime', 'When the session was recorded; the period filter.'),
      column('Type', 'int', '0 = Client Setup, 1 = script edit.'),
      column('Duration', 'bigint', 'Session length, very probably in 100-ns .NET ticks (quirk D14).'),
      extra('Saved', 'bit', 'Whether the changes were saved; the report ignores it (quirk D14).'),
    ],
    primaryKey: ['ID'],
    references: [{ column: 'cltID', table: 'cltClients', targetColumn: 'cltID' }],
    periodColumn: 'Stamp',
    selection: stampInPeriod('Stamp'),
  },
  {
    name: 'statDispatchAdded',
    description: 'Intelligent Dispatching jobs, one row per job created.',
    role: 'fact',
    columns: [
      column('dispID', 'int', 'Dispatch job key.'),
      column('cltID', 'int', 'Client the job belongs to.'),
      column('Timestamp', 'datetime', 'When the job was created; the period filter for every dispatch statistic.'),
      extra('JobName', 'nvarchar(100)', 'Name of the dispatch job.'),
      extra('msgID', 'int', 'Message the job dispatches.'),
    ],
    primaryKey: ['dispID'],
    references: [{ column: 'cltID', table: 'cltClients', targetColumn: 'cltID' }],
    periodColumn: 'Timestamp',
    selection: [
      { kind: 'inPeriod', column: 'Timestamp' },
      {
        kind: 'keyIn',
        column: 'dispID',
        source: { kind: 'filteredByPeriod', table: 'statDispatchDeleted', column: 'dispID', inPeriod: 'Timestamp' },
        why: 'jobs removed in the period, wherever they were created, for outcomes counted by removal time',
      },
    ],
  },
  {
    name: 'statDispatchDeleted',
    description: 'Removal of a dispatch job, with its outcome (0 saved, 1 delivered, 2 deleted).',
    role: 'fact',
    columns: [
      column('dispID', 'int', 'The job removed (statDispatchAdded.dispID).'),
      column('Reason', 'int', '0 = saved, 1 = delivered, 2 = deleted.'),
      column('Timestamp', 'datetime', 'When the job was removed; only DispDuration reads it.'),
      extra('agtID', 'int', 'Agent who removed the job.'),
    ],
    primaryKey: [],
    references: [{ column: 'dispID', table: 'statDispatchAdded', targetColumn: 'dispID', mayDangle: 'the added row may be purged' }],
    periodColumn: 'Timestamp',
    selection: [
      { kind: 'inPeriod', column: 'Timestamp' },
      {
        kind: 'keyIn',
        column: 'dispID',
        source: { kind: 'filteredByPeriod', table: 'statDispatchAdded', column: 'dispID', inPeriod: 'Timestamp' },
        why: 'outcomes are counted for jobs created in the period, even when removed after it (quirk D7)',
      },
    ],
  },
  {
    name: 'msgMessages',
    description: 'Messages; the report reads their current client and urgency.',
    role: 'fact',
    columns: [
      column('msgId', 'int', 'Message key.'),
      column('cltID', 'int', "The message's current client (it can change after the message is taken)."),
      column('Urgent', 'bit', "The message's current urgency flag."),
      extra('Stamp', 'datetime', 'When the message was created.'),
      extra('callId', 'int', 'Call during which the message was taken.'),
    ],
    primaryKey: ['msgId'],
    references: [{ column: 'cltID', table: 'cltClients', targetColumn: 'cltID' }],
    periodColumn: 'Stamp',
    selection: [
      {
        kind: 'keyIn',
        column: 'msgId',
        source: { kind: 'selected', table: 'msgHistories', column: 'msgId' },
        why: 'message statistics take client and urgency from the message behind each history event',
      },
      {
        kind: 'keyIn',
        column: 'msgId',
        source: { kind: 'selected', table: 'statMergeComm', column: 'msgID' },
        why: 'MergeComm jobs are tied to the message they ran on',
      },
    ],
  },
  {
    name: 'msgHistories',
    description: 'Message history events: taken (0), edited (1), delivered (2), MergeComm start (35) and completion (36), and others.',
    role: 'fact',
    columns: [
      extra('histId', 'int', 'History event key.', false),
      column('msgId', 'int', 'The message the event happened to.'),
      column('agtId', 'int', 'Agent ID (person or system component) that performed the event.'),
      column('Stamp', 'datetime', 'When the event happened; the period filter for message statistics.'),
      column('DispositionId', 'int', 'Event code: 0 taken, 1 edited, 2 delivered, 35 MergeComm started, 36 completed.'),
      extra('Disposition', 'nvarchar(50)', 'Text name of the event.'),
    ],
    primaryKey: ['histId'],
    references: [
      { column: 'msgId', table: 'msgMessages', targetColumn: 'msgId', mayDangle: 'purged messages leave histories behind (quirk D8)' },
      { column: 'agtId', table: 'agtAgents', targetColumn: 'agtId', mayDangle: 'deleted agent IDs leave histories behind (quirk D9)' },
    ],
    periodColumn: 'Stamp',
    selection: [
      { kind: 'inPeriod', column: 'Stamp' },
      {
        kind: 'keyIn',
        column: 'msgId',
        where: { column: 'DispositionId', equals: 36 },
        source: { kind: 'filtered', table: 'msgHistories', column: 'msgId', where: { column: 'DispositionId', equals: 35 }, inPeriod: 'Stamp' },
        why: 'a MergeComm job started in the period is timed to its completion, which may come after the period (lines 1246-1247)',
      },
    ],
  },
  {
    name: 'agtAgents',
    description: 'Agent IDs: people and system components (e-mail, SMS, MergeComm...), typed by agtType.',
    role: 'dimension',
    columns: [
      column('agtId', 'int', 'Agent key.'),
      column('agtType', 'int', 'What kind of agent: 0 person, 1 system, 5-20 interface components.'),
      column('subID', 'int', "The agent's default directory subject; links web logins to clients.", { nullable: true }),
      extra('Name', 'nvarchar(100)', 'Agent name.'),
      extra('Initials', 'nvarchar(10)', 'Agent initials.'),
    ],
    primaryKey: ['agtId'],
    references: [{ column: 'subID', table: 'dirSubjects', targetColumn: 'subId' }],
    selection: [{ kind: 'all' }],
  },
  {
    name: 'statDialouts',
    description: 'Dial-outs placed by agents on behalf of a client.',
    role: 'fact',
    columns: [
      extra('ID', 'int', 'Dial-out key.', false),
      column('cltID', 'int', 'Client the dial-out was made for.'),
      extra('agtId', 'int', 'Agent who dialled.'),
      column('Timestamp', 'datetime', 'When the dial-out was placed; the period filter.'),
      column('Duration', 'int', 'Length of the dial-out, presumed seconds (quirk D11).'),
      column('Overdial', 'bit', 'Set for overdials, which the report leaves out.'),
    ],
    primaryKey: ['ID'],
    references: [{ column: 'cltID', table: 'cltClients', targetColumn: 'cltID' }],
    periodColumn: 'Timestamp',
    selection: stampInPeriod('Timestamp'),
  },
  interfaceLog('statEmail', 'e-mail'),
  interfaceLog('statMsm', 'Secure Messaging (MSM)'),
  interfaceLog('statSms', 'SMS'),
  interfaceLog('statSnpp', 'SNPP paging'),
  interfaceLog('statTap', 'TAP paging'),
  interfaceLog('statWctp', 'WCTP'),
  interfaceLog('statVocera', 'Vocera'),
  interfaceLog('statCisco', 'Cisco IP-phone'),
  interfaceLog('statFax', 'fax'),
  {
    name: 'statCallStart',
    description: 'One row per call, written when the call arrives.',
    role: 'fact',
    columns: [
      column('callId', 'int', 'Call key.'),
      extra('cltID', 'int', 'Client at the start of the call.'),
      column('Stamp', 'datetime', 'When the call arrived; start of its elapsed duration.'),
      extra('ANI', 'varchar(32)', "Caller's number."),
    ],
    primaryKey: ['callId'],
    references: [],
    periodColumn: 'Stamp',
    selection: [
      {
        kind: 'keyIn',
        column: 'callId',
        source: { kind: 'selected', table: 'statCallEnd', column: 'callId' },
        why: 'a call is billed in the period it ended; its duration runs from its start, possibly before the period (quirk D7)',
      },
    ],
  },
  {
    name: 'statCallEnd',
    description: 'One row per call, written when the call ends: client, kind, completion code and per-state seconds.',
    role: 'fact',
    columns: [
      column('callId', 'int', 'Call key (statCallStart.callId).'),
      column('cltId', 'int', 'Client at the end of the call; the report attributes calls by it.'),
      column('Stamp', 'datetime', 'When the call ended; the period filter for every call statistic.'),
      column('Kind', 'int', 'Call kind (1 secretarial, 2 check-in, 3 fetch ...).'),
      column('CompCode', 'int', 'Completion code: 0 normal, 1 script timeout, 2 park abandon, 3 abandoned.'),
      ...callStateCounters,
      extra('agtId', 'int', 'Last agent on the call.'),
    ],
    primaryKey: ['callId'],
    references: [
      { column: 'callId', table: 'statCallStart', targetColumn: 'callId', mayDangle: 'a start row can be missing (quirk D16)' },
      { column: 'cltId', table: 'cltClients', targetColumn: 'cltID' },
    ],
    periodColumn: 'Stamp',
    selection: stampInPeriod('Stamp'),
  },
  {
    name: 'statMergeComm',
    description: 'MergeComm jobs; timing comes from the message histories 35 (start) and 36 (completion).',
    role: 'fact',
    columns: [
      column('cltID', 'int', 'Client the job ran for.'),
      column('msgID', 'int', 'Message the job ran on.'),
      column('agtID', 'int', 'MergeComm agent ID (joined but unused by the report).', { nullable: true }),
      column('SourceType', 'int', 'What started the job: 0 other, 1 script, 2 schedule, 3 phone ... 15 web service.'),
    ],
    primaryKey: [],
    references: [
      { column: 'cltID', table: 'cltClients', targetColumn: 'cltID' },
      { column: 'msgID', table: 'msgMessages', targetColumn: 'msgId', mayDangle: 'purged messages leave jobs behind' },
    ],
    selection: [
      {
        kind: 'keyIn',
        column: 'msgID',
        source: { kind: 'filtered', table: 'msgHistories', column: 'msgId', where: { column: 'DispositionId', equals: 35 }, inPeriod: 'Stamp' },
        why: 'the report selects MergeComm jobs by their start history (DispositionId 35) stamp',
      },
    ],
  },
  {
    name: 'statLogout',
    description: 'One row per completed login session, written at logout.',
    role: 'fact',
    columns: [
      column('agtId', 'int', 'Agent ID that logged in.'),
      column('stationType', 'int', 'Station type: 2 IS Web, 18 web messaging, 26 miTeamWeb are billed.'),
      column('Login', 'datetime', 'Start of the session; the period filter.'),
      column('Logout', 'datetime', 'End of the session.', { nullable: true }),
    ],
    primaryKey: [],
    references: [{ column: 'agtId', table: 'agtAgents', targetColumn: 'agtId' }],
    periodColumn: 'Login',
    selection: stampInPeriod('Login'),
  },
  {
    name: 'dirListings',
    description: 'Directory listings; a listing that carries an agent ID and a client links web logins to that client.',
    role: 'dimension',
    columns: [
      extra('listId', 'int', 'Listing key.', false),
      column('agtID', 'int', 'Agent ID assigned to the listing.', { nullable: true }),
      column('subId', 'int', 'Directory subject the listing belongs to.'),
      column('cltId', 'int', 'Client assigned to the listing.', { nullable: true }),
    ],
    primaryKey: ['listId'],
    references: [
      { column: 'subId', table: 'dirSubjects', targetColumn: 'subId' },
      { column: 'cltId', table: 'cltClients', targetColumn: 'cltID' },
    ],
    selection: [{ kind: 'all' }],
  },
  {
    name: 'statDirectorySetup',
    description: 'Directory-subject edit sessions.',
    role: 'fact',
    columns: [
      extra('Id', 'int', 'Session key.', false),
      column('subId', 'int', 'Directory subject edited.'),
      extra('agtId', 'int', 'Agent who edited.'),
      column('Stamp', 'datetime', 'When the edit was saved; the period filter.'),
      column('Duration', 'datetime', 'Edit length encoded as a datetime offset from 1900-01-01 00:00.'),
    ],
    primaryKey: ['Id'],
    references: [{ column: 'subId', table: 'dirSubjects', targetColumn: 'subId' }],
    periodColumn: 'Stamp',
    selection: stampInPeriod('Stamp'),
  },
  {
    name: 'dirSubjects',
    description: 'Directory subjects; BillingcltID names the client billed for edits to the subject.',
    role: 'dimension',
    columns: [
      column('subId', 'int', 'Subject key.'),
      extra('Name', 'nvarchar(100)', 'Subject name.'),
      column('BillingcltID', 'int', "The subject's Billing Client.", { nullable: true }),
    ],
    primaryKey: ['subId'],
    references: [{ column: 'BillingcltID', table: 'cltClients', targetColumn: 'cltID' }],
    selection: [{ kind: 'all' }],
  },
];
