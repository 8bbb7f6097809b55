/**
 * Which rows of each IS table belong to a client user's clients: one rule per table, applied in
 * order, so a rule may read the tables scoped before it (`memory.main.<table>`, the instance's own catalog). Tables with a client
 * column keep the granted clients' rows; the others follow the key the formulas attribute them by.
 * A table without a rule is an error when a scope is made (see `scopeRuleOf`), never copied whole.
 */
import { tables } from '../../snapshots/schema/index.ts';

/** Where a scope's tables are: the default catalog of the scope's in-memory instance. */
export const SCOPED = 'memory.main.';

export interface ScopeRule {
  readonly table: string;
  /**
   * A predicate on the source table's rows (columns unqualified), given the prefix of the scoped
   * tables (`memory.main.`); `granted` is the set of granted cltIDs.
   */
  readonly where: (scoped: string) => string;
  /** Why rows are attributed this way (the formulas that read the table attribute them so). */
  readonly why: string;
}

const byClient = (table: string, column: string, why = 'the client column every formula of the table groups by'): ScopeRule => ({
  table,
  where: () => `${column} IN (SELECT cltID FROM granted)`,
  why,
});

const INTERFACE_LOGS = ['statEmail', 'statMsm', 'statSms', 'statSnpp', 'statTap', 'statWctp', 'statVocera', 'statCisco', 'statFax'];

/** Columns naming an agent, in the tables scoped before agtAgents: its rows are the agents these name. */
const AGENT_COLUMNS: readonly (readonly [string, string])[] = [
  ['msgHistories', 'agtId'],
  ['statCallEnd', 'agtId'],
  ['statDialouts', 'agtId'],
  ['statClientMaintenance', 'agtID'],
  ['statDispatchDeleted', 'agtId'],
  ['statMergeComm', 'agtID'],
  ['statDirectorySetup', 'agtId'],
  ['statLogout', 'agtId'],
  ['dirListings', 'agtID'],
];

/** In the order they are applied. */
export const scopeRules: readonly ScopeRule[] = [
  byClient('cltClients', 'cltID', 'the granted clients themselves'),
  byClient('statClientMaintenance', 'cltID'),
  byClient('statDispatchAdded', 'cltID'),
  {
    table: 'statDispatchDeleted',
    where: (scoped) => `dispID IN (SELECT dispID FROM ${scoped}statDispatchAdded)`,
    why: "a removal belongs to its job's client; a removal whose job was purged names no client and is left out (no formula can attribute it)",
  },
  byClient('msgMessages', 'cltID', 'a message belongs to its current client, as message statistics attribute it'),
  byClient('statMergeComm', 'cltID'),
  {
    table: 'msgHistories',
    where: (scoped) => `msgId IN (SELECT msgId FROM ${scoped}msgMessages) OR msgId IN (SELECT msgID FROM ${scoped}statMergeComm)`,
    why: "a history event belongs to its message's client; a granted client's MergeComm job is also timed by its message's histories (35, 36), whoever the message belongs to now",
  },
  byClient('statDialouts', 'cltID'),
  ...INTERFACE_LOGS.map((table) => byClient(table, 'cltID')),
  byClient('statCallEnd', 'cltId', 'calls are attributed to the client at their end, as the report does'),
  {
    table: 'statCallStart',
    where: (scoped) => `callId IN (SELECT callId FROM ${scoped}statCallEnd)`,
    why: "a call's start row belongs to the client its end row names (the start row's own cltID is the client at the start)",
  },
  byClient('dirListings', 'cltId', 'listings link agent IDs to a client; a listing without a client links no one'),
  {
    table: 'dirSubjects',
    where: (scoped) => `BillingcltID IN (SELECT cltID FROM granted) OR subId IN (SELECT subId FROM ${scoped}dirListings)`,
    why: "subjects billed to a granted client, and the subjects of the granted clients' listings",
  },
  {
    table: 'statDirectorySetup',
    where: (scoped) => `subId IN (SELECT subId FROM ${scoped}dirSubjects WHERE BillingcltID IN (SELECT cltID FROM granted))`,
    why: "an edit session belongs to its subject's Billing Client",
  },
  {
    table: 'statLogout',
    where: (scoped) => `agtId IN (SELECT agtID FROM ${scoped}dirListings)`,
    why: 'a login session belongs to the clients whose listings carry the agent ID (web login statistics)',
  },
  {
    table: 'agtAgents',
    where: (scoped) => `agtId IN (${AGENT_COLUMNS.map(([table, column]) => `SELECT ${column} FROM ${scoped}${table}`).join(' UNION ')})`,
    why: "agents are no client's rows: only those named by the granted clients' rows are kept, and their names only when the portal publishes them",
  },
];

/** Columns of a table that a scope may blank: agent names unless the portal publishes them. */
export const AGENT_NAME_COLUMNS: Readonly<Record<string, readonly string[]>> = { agtAgents: ['Name', 'Initials'] };

/** The rule of every IS table, in order; throws when a table has none (a new table must choose one). */
export function orderedScopeRules(): readonly ScopeRule[] {
  const missing = tables.filter((table) => !scopeRules.some((rule) => rule.table === table.name)).map((table) => table.name);
  if (missing.length > 0)
    throw new Error(`no portal scope rule for IS table(s) ${missing.join(', ')}: say whose rows they are in engine/portal/scope-rules.ts`);
  return scopeRules;
}
