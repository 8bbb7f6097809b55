/**
 * The calls and messages behind a client user's number (engine/portal/drilldown.ts), paged and
 * filtered by kind, and the whole list as CSV or XLSX. Rows are read in the user's scope of the
 * period's snapshot, with the formulas and parameters the number itself was computed with, so the
 * rows of a statistic add up to it. A list is bounded (MAX_DRILLDOWN_ROWS); a download past it is refused.
 */
import { csvField } from '../../engine/csv-cell.ts';
import { compileFormula } from '../../engine/formulas/compile.ts';
import { type DrilldownRow, drilldownRows } from '../../engine/portal/drilldown.ts';
import { loadExcelJs } from '../../engine/reconcile/import-xlsx.ts';
import { exact } from '../../engine/rating/money.ts';
import { ApiError } from '../errors.ts';
import type { DownloadFile } from './document-files.ts';
import { type PortalAsk, type PortalDeps, type PublishedStatistic, chosenClients, inScope, publishedStatistic, remembered } from './portal-data.ts';
import { formulaOf, periodFormulas } from './portal-data-formulas.ts';
import { portalPeriod } from './portal-data-periods.ts';

/** The most rows one list holds (a client's month of calls is a few thousand). */
export const MAX_DRILLDOWN_ROWS = 50_000;
export const MAX_PAGE_SIZE = 500;

export interface DrilldownQuery {
  readonly statistic: string;
  readonly period: string;
  readonly client?: string;
  readonly kind?: string;
  readonly page?: number;
  readonly pageSize?: number;
}

export interface PortalDrilldown {
  readonly statistic: PublishedStatistic;
  readonly columns: readonly { readonly key: string; readonly title: string }[];
  readonly rows: readonly PortalRow[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /** What the rows of every page add up to: the statistic (for the kind chosen). */
  readonly sum: string;
  /** The kinds of row in the list, for the filter. */
  readonly kinds: readonly string[];
}

export type PortalRow = Omit<DrilldownRow, 'agent'> & { readonly agent?: string | null };

interface Listed {
  readonly statistic: PublishedStatistic;
  readonly rows: readonly DrilldownRow[];
  readonly truncated: boolean;
}

const listed = new Map<string, Listed>();

/** Every row behind the number (up to the bound), kept for the next page of the same list. */
async function listRows(deps: PortalDeps, ask: PortalAsk, query: DrilldownQuery): Promise<Listed> {
  const statistic = publishedStatistic(ask, query.statistic);
  const period = await portalPeriod(deps, query.period);
  const formulas = periodFormulas(deps, await deps.library(), period);
  const formula = formulaOf(formulas, statistic.id);
  if (!formula) throw new ApiError(404, 'statistic_unknown', `${statistic.title} was not computed for ${period.period}`, 'statistic');
  return inScope(deps, ask, period, async (scope) => {
    const clients = chosenClients(scope.clients, query.client);
    const key = JSON.stringify([scope.key, formulas.params, compileFormula(formula, formulas.index).contentHash, clients.map((client) => client.cltID)]);
    const known = listed.get(key);
    if (known) return known;
    const found = await drilldownRows({ sandbox: scope.sandbox, formula, index: formulas.index, params: formulas.params, clients, limit: MAX_DRILLDOWN_ROWS });
    if (found.kind === 'not-listable')
      throw new ApiError(422, 'not_listable', `the rows behind ${statistic.title} cannot be listed: ${found.reason}`, 'statistic');
    const made = { statistic, rows: found.rows, truncated: found.truncated };
    listed.set(key, made);
    if (listed.size > 64) listed.delete(listed.keys().next().value as string);
    return made;
  });
}

/** A page of the rows behind a number. */
export function portalDrilldown(deps: PortalDeps, ask: PortalAsk, query: DrilldownQuery): Promise<PortalDrilldown> {
  return remembered(deps, ask, 'drilldown', query, () => drilldownPage(deps, ask, query));
}

async function drilldownPage(deps: PortalDeps, ask: PortalAsk, query: DrilldownQuery): Promise<PortalDrilldown> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  if (!Number.isInteger(page) || page < 1) throw new ApiError(400, 'bad_page', 'page is a whole number from 1', 'page');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw new ApiError(400, 'bad_page', `pageSize is a whole number from 1 to ${MAX_PAGE_SIZE}`, 'pageSize');
  const list = await listRows(deps, ask, query);
  const rows = ofKind(list.rows, query.kind);
  return {
    statistic: list.statistic,
    columns: columnsOf(list.statistic, ask.view.showAgentNames),
    rows: rows.slice((page - 1) * pageSize, page * pageSize).map((row) => shown(row, ask.view.showAgentNames)),
    total: rows.length,
    page,
    pageSize,
    sum: rows.reduce((total, row) => total.plus(exact(row.value)), exact(0)).toFixed(),
    kinds: [...new Set(list.rows.map((row) => row.kind))].sort(),
  };
}

/** The whole list as a file; 413 when it is past the bound (choose a client or a kind). */
export function portalDrilldownFile(deps: PortalDeps, ask: PortalAsk, query: DrilldownQuery, format: 'csv' | 'xlsx'): Promise<DownloadFile> {
  return remembered(
    deps,
    ask,
    `drilldown.${format}`,
    query,
    () => drilldownFile(deps, ask, query, format),
    (file) => file.body.length,
  );
}

async function drilldownFile(deps: PortalDeps, ask: PortalAsk, query: DrilldownQuery, format: 'csv' | 'xlsx'): Promise<DownloadFile> {
  const list = await listRows(deps, ask, query);
  if (list.truncated) {
    throw new ApiError(
      413,
      'too_many_rows',
      `more than ${MAX_DRILLDOWN_ROWS} rows: download one client or one kind at a time`,
      query.client ? 'kind' : 'client',
    );
  }
  const columns = columnsOf(list.statistic, ask.view.showAgentNames);
  const rows = ofKind(list.rows, query.kind).map((row) => columns.map((column) => cellOf(row, column.key)));
  const name = `${list.statistic.id}-${query.period}${query.client ? `-${query.client}` : ''}`;
  if (format === 'csv') {
    const text = [columns.map((column) => csvField(column.title)), ...rows.map((row) => row.map((cell) => csvField(cell)))]
      .map((line) => line.join(','))
      .join('\r\n');
    return { name: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: new TextEncoder().encode(`${text}\r\n`) };
  }
  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet(list.statistic.title.slice(0, 31).replace(/[*?:\\/[\]]/g, ' '), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map((column) => column.title)).font = { bold: true };
  const numeric = columns.map((column) => column.key === 'durationSeconds' || column.key === 'value');
  for (const row of rows)
    sheet.addRow(row.map((cell, index) => (numeric[index] && /^-?\d+(\.\d+)?$/.test(cell) && String(Number(cell)) === cell ? Number(cell) : cell)));
  return {
    name: `${name}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: new Uint8Array(await workbook.xlsx.writeBuffer()),
  };
}

function ofKind(rows: readonly DrilldownRow[], kind: string | undefined): readonly DrilldownRow[] {
  return kind === undefined || kind === '' ? rows : rows.filter((row) => row.kind === kind);
}

function columnsOf(statistic: PublishedStatistic, agentNames: boolean): { key: string; title: string }[] {
  return [
    { key: 'time', title: 'Time' },
    { key: 'clientNumber', title: 'Client' },
    { key: 'kind', title: 'Kind' },
    { key: 'durationSeconds', title: 'Duration (seconds)' },
    { key: 'disposition', title: 'Disposition' },
    ...(agentNames ? [{ key: 'agent', title: 'Agent' }] : []),
    { key: 'value', title: `${statistic.title} (${statistic.unit})` },
  ];
}

/** A row as the user sees it: no agent at all unless names are published. */
function shown(row: DrilldownRow, agentNames: boolean): PortalRow {
  if (agentNames) return row;
  const { agent: _agent, ...rest } = row;
  return rest;
}

function cellOf(row: DrilldownRow, key: string): string {
  const value = row[key as keyof DrilldownRow];
  return value === null || value === undefined ? '' : String(value);
}
