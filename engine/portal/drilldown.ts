/**
 * The calls and messages behind a client's number, as the portal lists them: the formula's own
 * aggregate query turned into a row query (engine/reconcile/source-rows.ts), run in the client
 * user's scope, each row told as time, kind, duration, disposition and agent, with what it adds to
 * the number. The rows of every client add up to the statistic exactly (sum or count of the
 * contributions, as the formula aggregates them).
 */
import { compileFormula } from '../formulas/compile.ts';
import type { Formula, ParamValue } from '../formulas/definition.ts';
import { bindParameters } from '../formulas/params.ts';
import type { FormulaIndex } from '../formulas/references.ts';
import type { Sandbox } from '../formulas/sandbox.ts';
import { rowQueryOf } from '../reconcile/source-rows.ts';
import type { ClientInfo } from '../rating/model.ts';
import { sumText } from '../rating/money.ts';
import {
  callKinds,
  codeName,
  completionCodes,
  dispatchReasons,
  dispositions,
  maintenanceTypes,
  stationTypes,
  type CodeTable,
} from '../../snapshots/schema/codes.ts';
import { tables } from '../../snapshots/schema/index.ts';
import type { TableDef } from '../../snapshots/schema/types.ts';

export interface DrilldownRow {
  /** The row's stamp as the snapshot holds it (naive IS local time), or null for a table without one. */
  readonly time: string | null;
  readonly clientNumber: string;
  readonly kind: string;
  readonly durationSeconds: string | null;
  readonly disposition: string | null;
  /** The agent's name; null when names are not published (the scope blanks them) or the row names none. */
  readonly agent: string | null;
  /** What the row adds to the number. */
  readonly value: string;
}

export type Drilldown =
  | { readonly kind: 'rows'; readonly rows: readonly DrilldownRow[]; readonly truncated: boolean }
  | { readonly kind: 'not-listable'; readonly reason: string };

/** How a table's row is told. */
interface RowShape {
  readonly kind: (row: Record<string, unknown>) => string;
  readonly time?: string;
  readonly duration?: (row: Record<string, unknown>) => string | null;
  readonly disposition?: (row: Record<string, unknown>) => string | null;
  readonly agent?: string;
}

const named = (table: CodeTable, value: unknown): string => codeName(table, Number(value)) ?? `code ${String(value)}`;
/** A call's seconds in every state: its sel… and unsel… columns added up. */
const stateSeconds = (row: Record<string, unknown>): string => {
  const states: unknown[] = [];
  for (const column in row) if (column.startsWith('sel') || column.startsWith('unsel')) states.push(row[column]);
  return sumText(states);
};
const seconds = (column: string) => (row: Record<string, unknown>) => (row[column] === null || row[column] === undefined ? null : String(row[column]));
const CHANNELS: Readonly<Record<string, string>> = {
  statEmail: 'E-mail',
  statMsm: 'Secure message',
  statSms: 'SMS',
  statSnpp: 'SNPP page',
  statTap: 'TAP page',
  statWctp: 'WCTP message',
  statVocera: 'Vocera message',
  statCisco: 'Cisco IP-phone message',
  statFax: 'Fax',
};

const SHAPES: Readonly<Record<string, RowShape>> = {
  statCallEnd: {
    kind: (row) => `Call: ${named(callKinds, row.Kind)}`,
    time: 'Stamp',
    duration: stateSeconds,
    disposition: (row) => named(completionCodes, row.CompCode),
    agent: 'agtId',
  },
  statCallStart: { kind: () => 'Call', time: 'Stamp' },
  msgHistories: {
    kind: () => 'Message',
    time: 'Stamp',
    disposition: (row) => codeName(dispositions, Number(row.DispositionId)) ?? String(row.Disposition ?? row.DispositionId),
    agent: 'agtId',
  },
  msgMessages: { kind: (row) => (row.Urgent === true ? 'Message (urgent)' : 'Message'), time: 'Stamp' },
  statDialouts: { kind: () => 'Dial-out', time: 'Timestamp', duration: seconds('Duration'), agent: 'agtId' },
  statClientMaintenance: { kind: (row) => named(maintenanceTypes, row.Type), time: 'Stamp', agent: 'agtID' },
  statDispatchAdded: { kind: () => 'Dispatch job', time: 'Timestamp' },
  statDispatchDeleted: { kind: () => 'Dispatch job removed', time: 'Timestamp', disposition: (row) => named(dispatchReasons, row.Reason), agent: 'agtId' },
  statMergeComm: { kind: () => 'MergeComm job', agent: 'agtID' },
  statLogout: { kind: (row) => `Login: ${named(stationTypes, row.stationType)}`, time: 'Login', agent: 'agtId' },
  statDirectorySetup: { kind: () => 'Directory edit', time: 'Stamp', agent: 'agtId' },
  ...Object.fromEntries(
    Object.entries(CHANNELS).map(([table, channel]) => [
      table,
      {
        kind: (row: Record<string, unknown>) => `${channel} (${row.Inbound === true ? 'in' : 'out'})`,
        time: 'Timestamp',
        disposition: (row: Record<string, unknown>) => (row.Error === null || row.Error === undefined ? 'Sent' : 'Failed'),
      },
    ]),
  ),
};

export interface DrilldownRequest {
  readonly sandbox: Sandbox;
  readonly formula: Formula;
  readonly index: FormulaIndex;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly clients: readonly ClientInfo[];
  /** At most this many rows are read (downloads are bounded); `truncated` says when there were more. */
  readonly limit: number;
}

/**
 * @example await drilldownRows({ sandbox, formula: index.get('Calls'), index, params, clients: scope.clients, limit: 50_000 })
 *   // { kind: 'rows', rows: [{ time: '2026-10-01 08:00:01.000', clientNumber: '1001', kind: 'Call: Secretarial', ..., value: '1' }] }
 */
export async function drilldownRows(request: DrilldownRequest): Promise<Drilldown> {
  const query = await rowQueryOf(request.sandbox.connection, request.formula, request.index);
  if (query.kind === 'no-row-query') return { kind: 'not-listable', reason: query.reason };
  if (!query.total) return { kind: 'not-listable', reason: 'its value is computed from its rows, not added up from them' };
  const total = query.total;
  const table = drivingTable(Object.keys(await describeColumns(request, query.sql, query.parameters)), compileFormula(request.formula, request.index).sql);
  const shape = (table && SHAPES[table.name]) ?? { kind: () => table?.name ?? query.table };
  const agents = shape.agent ? await agentNames(request.sandbox) : new Map<string, string>();
  const rows: DrilldownRow[] = [];
  let truncated = false;
  for (const client of request.clients) {
    const bound = bindParameters(query.parameters, { ...request.params, cell_client: String(client.cltID) }, query.formulaId);
    const left = request.limit - rows.length;
    const found = await request.sandbox.query(
      `SELECT * FROM (\n${query.sql}\n) AS source_rows ORDER BY ALL LIMIT ${left + 1}`,
      bound,
      `rows behind ${query.formulaId}`,
    );
    if (found.length > left) truncated = true;
    for (const row of found.slice(0, left)) {
      const value = total === 'sum' ? String(row.contribution ?? 0) : row.contribution === null || row.contribution === undefined ? '0' : '1';
      const agentId = shape.agent ? row[shape.agent] : undefined;
      rows.push({
        time: shape.time ? stampText(row[shape.time]) : null,
        clientNumber: client.clientNumber,
        kind: shape.kind(row),
        durationSeconds: shape.duration ? shape.duration(row) : null,
        disposition: shape.disposition ? shape.disposition(row) : null,
        agent: agentId === null || agentId === undefined ? null : (agents.get(String(agentId)) ?? null),
        value,
      });
    }
    if (truncated) break;
  }
  rows.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || a.clientNumber.localeCompare(b.clientNumber));
  return { kind: 'rows', rows, truncated };
}

async function describeColumns(request: DrilldownRequest, sql: string, parameters: Parameters<typeof bindParameters>[0]): Promise<Record<string, string>> {
  const bound = bindParameters(parameters, { ...request.params, cell_client: '0' }, request.formula.id);
  const columns = await request.sandbox.describe(sql, bound, `rows behind ${request.formula.id}`);
  return Object.fromEntries(columns.filter((column) => !column.name.startsWith('contribution')).map((column) => [column.name, column.type]));
}

/** The IS table whose columns the rows are: of those with exactly these columns, the one the formula reads. */
function drivingTable(columns: readonly string[], sql: string): TableDef | undefined {
  const same = tables.filter((table) => table.columns.length === columns.length && table.columns.every((column) => columns.includes(column.name)));
  return same.find((table) => new RegExp(`\\b${table.name}\\b`, 'i').test(sql)) ?? same[0];
}

/** Agent names in the scope: blank there unless the portal publishes them. */
async function agentNames(sandbox: Sandbox): Promise<Map<string, string>> {
  const rows = await sandbox.query('SELECT agtId, Name FROM agtAgents WHERE Name IS NOT NULL', { values: {}, types: {} }, 'agent names');
  return new Map(rows.map((row) => [String(row.agtId), String(row.Name)]));
}

function stampText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value).replace('T', ' ');
}
