/**
 * The Billing Export 200 report: one row per client whose number is in range (inactive and idle
 * clients included), sorted by ClientNumber, with ClientNumber, ClientName, BillingCode and the 264
 * statistics in the report's order and names; cltID first only on request. Serves the CLI and the
 * API alike.
 */
import type { Formula, ParamValue } from '../formulas/definition.ts';
import { createEvaluator, type ResultCache } from '../formulas/evaluate.ts';
import { bindParameters } from '../formulas/params.ts';
import type { FormulaIndex } from '../formulas/references.ts';
import type { FormulaResult } from '../formulas/run.ts';
import type { Sandbox } from '../formulas/sandbox.ts';
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
    ...(request.cache ? { cache: request.cache } : {}),
  });
  const clientParams = standardParams.filter((param) => param.name === 'start_client' || param.name === 'end_client');
  // Asked first, so that it does not wait behind the statistics' queries and then hold up the rows.
  const clientList = request.sandbox.query(CLIENTS_IN_RANGE, bindParameters(clientParams, request.params), 'client list');
  const header = [...(request.includeCltId ? ['cltID'] : []), 'ClientNumber', 'ClientName', 'BillingCode', ...be200Statistics.map((c) => c.name)];
  const leading = request.includeCltId ? 4 : 3;
  const table = reportTable(
    chosen.map((formula) => formula.id),
    leading,
  );
  const rowsReady = clientList.then((clients) =>
    table.start(
      clients.map((client) => {
        const cltID = Number(client.cltID);
        return {
          cltID,
          leading: [...(request.includeCltId ? [String(cltID)] : []), String(client.ClientNumber), String(client.ClientName), String(client.BillingCode)],
        };
      }),
    ),
  );
  // Each statistic is written into the rows as its query ends, while the others still run.
  await Promise.all([evaluator.evaluate(chosen, request.params, table.add), rowsReady]);
  return { header, rows: table.rows() };
}

/**
 * The report's rows, filled a statistic at a time: results that come before the client list wait
 * for it. A statistic without a value for a client is 0. cltID is cltClients' key, one row each.
 */
function reportTable(formulaIds: readonly string[], leading: number) {
  const columnsOf = new Map<string, number[]>();
  formulaIds.forEach((id, i) => {
    columnsOf.set(id, [...(columnsOf.get(id) ?? []), leading + i]);
  });
  let rows: string[][] = [];
  let rowOf: Map<number, number> | undefined;
  const waiting: FormulaResult[] = [];
  const write = (result: FormulaResult): void => {
    const columns = columnsOf.get(result.formulaId);
    if (!columns || !rowOf) return;
    const at = rowOf;
    result.values.forEach((text, client) => {
      const row = at.get(client);
      if (row === undefined) return;
      for (const column of columns) (rows[row] as string[])[column] = text;
    });
  };
  return {
    start(clients: readonly { cltID: number; leading: readonly string[] }[]): void {
      rows = clients.map((client) => {
        const row = new Array<string>(leading + formulaIds.length).fill('0');
        client.leading.forEach((cell, i) => {
          row[i] = cell;
        });
        return row;
      });
      rowOf = new Map(clients.map((client, i) => [client.cltID, i]));
      for (const result of waiting.splice(0)) write(result);
    },
    add(result: FormulaResult): void {
      if (rowOf) write(result);
      else waiting.push(result);
    },
    rows: (): readonly (readonly string[])[] => rows,
  };
}
