/**
 * A billing run: period + snapshot + formulas (as a package, so their exact text is kept) + billing
 * setup (its exact text) + parameters -> invoices, invoice lines CSV and the Billing Export 200 file
 * with modifiers applied. The record names the content hash of every input and output, so running
 * the same inputs again must give the same bytes, and a run with corrected inputs is compared with
 * the issued one as delta lines, never silently rewritten.
 */
import { createHash } from 'node:crypto';
import { buildBe200Report } from '../be200/report.ts';
import { reportToCsv } from '../be200/csv.ts';
import { formulasForReport, type ReportVariant } from '../be200/select-formulas.ts';
import type { Formula, ParamValue } from '../formulas/definition.ts';
import { createEvaluator } from '../formulas/evaluate.ts';
import { compileFormula } from '../formulas/compile.ts';
import { readPackage, type FormulaPackage } from '../formulas/package.ts';
import { dependencyOrder, indexFormulas } from '../formulas/references.ts';
import type { Sandbox } from '../formulas/sandbox.ts';
import { compareInvoices, type InvoiceComparison } from '../rating/compare.ts';
import type { NotBilled } from '../rating/billing-status.ts';
import { carriedStateText, type CarriedState } from '../rating/carried-state.ts';
import { listClients } from '../rating/clients.ts';
import type { Invoice } from '../rating/model.ts';
import { exact, sum } from '../rating/money.ts';
import type { BillingPeriod } from '../rating/period.ts';
import { rate } from '../rating/rate.ts';
import { computeRangeStatistics, ratingRanges } from '../rating/rating-ranges.ts';
import { parseSetupFile } from '../rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded } from '../rating/statistics.ts';
import { applyModifiersToReport } from './be200-modified.ts';
import { invoiceLinesCsv } from './lines-csv.ts';

export const RUN_FORMAT = 'call-theory-billing/run@1';

export interface RunInputs {
  readonly period: BillingPeriod;
  /** The snapshot's stamps for the formulas' $start and $end (inclusive). */
  readonly stamps: { readonly start: string; readonly end: string };
  readonly snapshot: { readonly id: string; readonly contentHash: string };
  readonly setup: { readonly file: string; readonly text: string };
  readonly formulas: FormulaPackage;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly variant: ReportVariant;
  /** The state the previous period's run left (its state.json): rolled-over units, prepaid blocks. */
  readonly carriedIn?: { readonly run: string; readonly state: CarriedState };
}

export interface RunRecord {
  readonly format: typeof RUN_FORMAT;
  readonly id: string;
  readonly createdAt: string;
  readonly inputs: {
    readonly period: BillingPeriod;
    readonly stamps: RunInputs['stamps'];
    readonly snapshot: RunInputs['snapshot'];
    readonly setup: { readonly file: string; readonly sha256: string };
    readonly formulas: { readonly count: number; readonly sha256: string };
    readonly params: Readonly<Record<string, ParamValue>>;
    readonly variant: ReportVariant;
    /** The run whose state.json this run started from, and that file's hash. */
    readonly carriedIn?: { readonly run: string; readonly sha256: string };
    /** Hash of all of the above: equal inputs, equal hash. */
    readonly sha256: string;
  };
  readonly outputs: Readonly<Record<string, string>>;
  readonly totals: { readonly accounts: number; readonly amount: string; readonly currency: string; readonly unassigned: readonly string[] };
}

export interface RunResult {
  readonly record: RunRecord;
  /** Output files by name: invoices.json, lines.csv, be200.csv. */
  readonly files: ReadonlyMap<string, string>;
  readonly invoices: readonly Invoice[];
  /** Clients not billed (excluded, inactive, cancelled) and their usage, as in invoices.json. */
  readonly notBilled: readonly NotBilled[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function executeRun(inputs: RunInputs, sandbox: Sandbox, { now = () => new Date() }: { now?: () => Date } = {}): Promise<RunResult> {
  const setup = parseSetupFile(inputs.setup.text, inputs.setup.file);
  const { formulas } = readPackage(JSON.stringify(inputs.formulas), "the run's formulas");
  const index = indexFormulas(formulas);
  const evaluator = createEvaluator({ sandbox, snapshotKey: inputs.snapshot.contentHash, index });
  const params = { ...inputs.params, start: inputs.stamps.start, end: inputs.stamps.end };
  const chosen = formulasFor(statisticsNeeded(setup), index, setup);
  const statistics = await computeStatistics(evaluator, chosen, params);
  const clients = await listClients(sandbox);
  // A plan, a price or a client's billing that changes inside the period: usage by date, range by range.
  const statisticsByRange = await computeRangeStatistics(evaluator, chosen, params, inputs.period, ratingRanges(setup, clients, inputs.period));
  const rated = rate({
    setup,
    clients,
    statistics,
    period: inputs.period,
    statisticsByRange,
    ...(inputs.carriedIn ? { carriedIn: inputs.carriedIn.state } : {}),
  });

  const report = await buildBe200Report({ sandbox, snapshotKey: inputs.snapshot.contentHash, formulas, index, variant: inputs.variant, params });
  const provenance = {
    formulas: new Map([...chosen].map(([statistic, { formula }]) => [statistic, `${formula.id}@${compileFormula(formula, index).contentHash.slice(0, 12)}`])),
    plans: new Map(setup.plans.map((plan) => [plan.id, `${plan.id}@${sha256(inputs.setup.text).slice(0, 12)}`])),
  };
  const files = new Map<string, string>([
    [
      'invoices.json',
      `${JSON.stringify({ period: inputs.period, invoices: rated.invoices, unassigned: rated.unassigned, ...(rated.notBilled.length > 0 ? { notBilled: rated.notBilled } : {}), ...(rated.unappliedAdjustments ? { unappliedAdjustments: rated.unappliedAdjustments } : {}) }, null, 2)}\n`,
    ],
    ['lines.csv', invoiceLinesCsv(rated.invoices, inputs.period, provenance)],
    ['be200.csv', reportToCsv(applyModifiersToReport(report, clients, setup.modifiers))],
    // What the next period's run starts from (rolled-over units, prepaid blocks), when anything is carried.
    ...(rated.carriedOut ? [['state.json', carriedStateText(rated.carriedOut)] as const] : []),
  ]);
  const carriedIn = inputs.carriedIn ? { run: inputs.carriedIn.run, sha256: sha256(carriedStateText(inputs.carriedIn.state)) } : undefined;
  const inputsHash = sha256(
    JSON.stringify([
      inputs.period,
      inputs.stamps,
      inputs.snapshot,
      sha256(inputs.setup.text),
      inputs.formulas.sha256,
      inputs.params,
      inputs.variant,
      ...(carriedIn ? [carriedIn] : []),
    ]),
  );
  const record: RunRecord = {
    format: RUN_FORMAT,
    id: `${inputs.period.start.slice(0, 7)}-${inputsHash.slice(0, 10)}`,
    createdAt: now().toISOString(),
    inputs: {
      period: inputs.period,
      stamps: inputs.stamps,
      snapshot: inputs.snapshot,
      setup: { file: inputs.setup.file, sha256: sha256(inputs.setup.text) },
      formulas: { count: inputs.formulas.formulas.length, sha256: inputs.formulas.sha256 },
      params: inputs.params,
      variant: inputs.variant,
      ...(carriedIn ? { carriedIn } : {}),
      sha256: inputsHash,
    },
    outputs: Object.fromEntries([...files].map(([name, content]) => [name, sha256(content)])),
    totals: {
      accounts: rated.invoices.length,
      amount: sum(rated.invoices.map((invoice) => exact(invoice.total))).toFixed(setup.rounding.money.scale),
      currency: rated.invoices[0]?.currency ?? 'USD',
      unassigned: rated.unassigned,
    },
  };
  return { record, files, invoices: rated.invoices, notBilled: rated.notBilled };
}

/** The formulas a run must carry: the report's and the setup's statistics, with their dependencies. */
export function formulasForRun(all: readonly Formula[], setupText: string, setupFile: string, variant: ReportVariant): Formula[] {
  const index = indexFormulas(all);
  const setup = parseSetupFile(setupText, setupFile);
  const wanted = [...formulasForReport(all, variant), ...[...formulasFor(statisticsNeeded(setup), index, setup).values()].map((source) => source.formula)];
  const withDependencies = wanted.flatMap((formula) => [...dependencyOrder(formula, index), formula]);
  return [...new Map(withDependencies.map((formula) => [formula.id, formula])).values()];
}

/** The issued run's invoices against a corrected run's: the delta lines to issue. */
export function correctionOf(issued: readonly Invoice[], corrected: readonly Invoice[]): InvoiceComparison {
  return compareInvoices(issued, corrected);
}
