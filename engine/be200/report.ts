/**
 * The Billing Export 200 report: one row per client whose number is in range (inactive and idle
 * clients included), sorted by ClientNumber, with ClientNumber, ClientName, BillingCode and the 264
 * statistics in the report's order and names; cltID first only on request. Serves the CLI and the
 * API alike.
 */
import type { Formula, ParamValue } from '../formulas/definition.ts';
import { createEvaluator, type Arrival, type ResultCache } from '../formulas/evaluate.ts';
import { clientValues } from '../formulas/client-values.ts';
import { noResultCache } from '../formulas/result-cache.ts';
import { forEachRow } from '../formulas/run.ts';
import { bindParameters } from '../formulas/params.ts';
import type { FormulaIndex } from '../formulas/references.ts';
import type { ResultColumns, Sandbox } from '../formulas/sandbox.ts';
import { standardParams } from '../formulas/definition.ts';
import { be200Statistics } from './columns.ts';
import { formulasForReport, type ReportVariant } from './select-formulas.ts';

export interface ReportRequest {
  readonly sandbox: Sandbox;
  readonly snapshotKey: string;
  readonly formulas: readonly Formula[];
  readonly index: FormulaIndex;
  readonly variant: ReportVariant;
  /** start, end, start_client, end_client, time_cap_minutes ... */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly includeCltId?: boolean;
  readonly cache?: ResultCache;
}

export interface Report {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const CLIENTS_IN_RANGE = `SELECT cltID, ClientNumber::VARCHAR AS ClientNumber, ClientName, coalesce(BillingCode, '') AS BillingCode
FROM cltClients
WHERE ClientNumber BETWEEN $start_client AND $end_client
ORDER BY ClientNumber`;

export async function buildBe200Report(request: ReportRequest): Promise<Report> {
  const chosen = formulasForReport(request.formulas, request.variant);
  const evaluator = createEvaluator({
    sandbox: request.sandbox,
    snapshotKey: request.snapshotKey,
    index: request.index,
    // Without a cache of the caller's, none: this evaluator serves one report.
    cache: request.cache ?? noResultCache,
  });
  const clientParams = standardParams.filter((param) => param.name === 'start_client' || param.name === 'end_client');
  const leading = leadingCells(request.includeCltId === true);
  const header = [...(request.includeCltId ? ['cltID'] : []), 'ClientNumber', 'ClientName', 'BillingCode', ...be200Statistics.map((c) => c.name)];
  // Each statistic is written into the rows as its result arrives, while the later queries still
  // run, rather than all of them after the last; results that come before the client list wait
  // for it. A cell no result gives a value stays 0.
  const columnsOf = new Map<string, number[]>();
  chosen.forEach((formula, i) => {
    columnsOf.set(formula.id, [...(columnsOf.get(formula.id) ?? []), leading + i]);
  });
  let ready: ClientRows | undefined;
  const waiting: Arrival[] = [];
  const write = (arrival: Arrival): void => {
    if (ready) writeArrival(arrival, ready.byCltID, columnsOf);
    else waiting.push(arrival);
  };
  // Asked first, so that it does not wait behind the statistics' queries and then hold up the rows.
  const clients = request.sandbox.queryColumns(CLIENTS_IN_RANGE, bindParameters(clientParams, request.params), 'client list').then((found) => {
    ready = clientRows(found, request.includeCltId === true, chosen.length);
    waiting.splice(0).forEach(write);
    return ready;
  });
  const [, { rows }] = await Promise.all([evaluator.evaluate(chosen, request.params, write), clients]);
  return { header, rows };
}

/** Writes the values of the results that arrived into the client's rows, at their formulas' columns. */
function writeArrival({ results, query }: Arrival, byCltID: ReadonlyMap<number, string[]>, columnsOf: ReadonlyMap<string, readonly number[]>): void {
  const targets = results.map((result) => columnsOf.get(result.formulaId) ?? []);
  if (query) {
    // One pass over the query's rows, each client's row found once for all its columns.
    forEachRow(query.result, query.columns, (client, values) => {
      const row = byCltID.get(client);
      if (!row) return;
      for (let i = 0; i < values.length; i++) {
        const text = values[i];
        if (text !== undefined) for (const at of targets[i] as readonly number[]) row[at] = text;
      }
    });
    return;
  }
  results.forEach((result, i) => {
    for (const at of targets[i] as readonly number[]) {
      result.values.forEach((text, cltID) => {
        const row = byCltID.get(cltID);
        if (row) row[at] = text;
      });
    }
  });
}

interface ClientRows {
  readonly rows: string[][];
  /** By position when cltIDs are close (client-values.ts): a report writes a quarter of a million values, each looked up here. */
  readonly byCltID: ReadonlyMap<number, string[]>;
}

/** The cells before the statistics: ClientNumber, ClientName, BillingCode, with cltID first on request. */
function leadingCells(includeCltId: boolean): number {
  return includeCltId ? 4 : 3;
}

/** A row per client with its leading cells (cltID first on request) and every statistic 0 until a result says otherwise. */
function clientRows(clients: ResultColumns, includeCltId: boolean, statistics: number): ClientRows {
  const column = (name: string): readonly unknown[] => clients.columns[clients.names.indexOf(name)] ?? [];
  const [ids, numbers, names, codes] = [column('cltID'), column('ClientNumber'), column('ClientName'), column('BillingCode')];
  const rows = ids.map((id, i) => {
    const row = new Array<string>(leadingCells(includeCltId) + statistics).fill('0');
    let at = 0;
    if (includeCltId) row[at++] = String(Number(id));
    row[at++] = String(numbers[i]);
    row[at++] = String(names[i]);
    row[at++] = String(codes[i]);
    return row;
  });
  return { rows, byCltID: clientValues(Float64Array.from(ids, Number), rows) };
}
