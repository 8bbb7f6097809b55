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
  const [{ results }, clients] = await Promise.all([evaluator.evaluate(chosen, request.params), clientList]);
  const header = [...(request.includeCltId ? ['cltID'] : []), 'ClientNumber', 'ClientName', 'BillingCode', ...be200Statistics.map((c) => c.name)];
  const columns = chosen.map((formula) => results.get(formula.id)?.values);
  const leading = request.includeCltId ? 4 : 3;
  const rows = clients.map((client) => {
    const cltID = Number(client.cltID);
    const row = new Array<string>(leading + columns.length);
    let at = 0;
    if (request.includeCltId) row[at++] = String(cltID);
    row[at++] = String(client.ClientNumber);
    row[at++] = String(client.ClientName);
    row[at++] = String(client.BillingCode);
    // Indexed, not for-of: half a million steps, each of which could otherwise allocate.
    for (let i = 0; i < columns.length; i++) row[at++] = columns[i]?.get(cltID) ?? '0';
    return row;
  });
  return { header, rows };
}
