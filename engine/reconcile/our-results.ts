/**
 * Our side of a reconciliation: the Billing Export 200 report computed on a snapshot, keyed by
 * ClientNumber. Both variants are computed (sharing one result cache) because explaining a
 * variance asks what the other variant says for the same cell.
 */
import { buildBe200Report, type Report, type ReportRequest } from '../be200/report.ts';
import type { ReportVariant } from '../be200/select-formulas.ts';
import type { ResultCache } from '../formulas/evaluate.ts';
import type { OurResults } from './model.ts';

/** A report built with `includeCltId: true`, as per-client maps. */
export function ourResultsFromReport(report: Report, variant: ReportVariant): OurResults {
  const column = (name: string) => report.header.indexOf(name);
  const [cltID, clientNumber, clientName] = [column('cltID'), column('ClientNumber'), column('ClientName')];
  if (cltID < 0 || clientNumber < 0) throw new Error('ourResultsFromReport needs a report built with includeCltId');
  const statistics = report.header
    .map((name, index) => [name, index] as const)
    .filter(([, index]) => index > Math.max(cltID, clientNumber, clientName, column('BillingCode')));
  return {
    variant,
    clients: report.rows.map((row) => ({
      clientNumber: row[clientNumber] as string,
      cltID: Number(row[cltID]),
      clientName: row[clientName] ?? '',
      values: new Map(statistics.map(([name, index]) => [name, row[index] as string])),
    })),
  };
}

export interface BothVariants {
  readonly chosen: OurResults;
  readonly other: OurResults;
}

/** The chosen variant and the other one, for the same snapshot and parameters. */
export async function computeBothVariants(request: Omit<ReportRequest, 'includeCltId' | 'variant'>, variant: ReportVariant): Promise<BothVariants> {
  const cache: ResultCache = request.cache ?? new Map();
  const other: ReportVariant = variant === 'legacy' ? 'consensus' : 'legacy';
  const build = async (which: ReportVariant) => ourResultsFromReport(await buildBe200Report({ ...request, cache, variant: which, includeCltId: true }), which);
  return { chosen: await build(variant), other: await build(other) };
}
