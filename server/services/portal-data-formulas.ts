/**
 * Which formulas and parameters a portal period's numbers are computed with, and the quantities its
 * finalised invoices recorded. A finalised month is computed with the run's own formulas (the
 * package it stored), its parameters and its stamps, on its snapshot; any other month with the
 * active release's formulas over the snapshot's period. So a number the portal shows for a
 * finalised month is the one its invoice was rated on, by construction.
 */
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { readPackage } from '../../engine/formulas/package.ts';
import { type FormulaIndex, indexFormulas } from '../../engine/formulas/references.ts';
import type { NotBilled } from '../../engine/rating/billing-status.ts';
import type { Invoice } from '../../engine/rating/model.ts';
import { exact } from '../../engine/rating/money.ts';
import type { ActiveLibrary } from '../context.ts';
import { storedRun, type PortalDataDeps, type PortalPeriod } from './portal-data-periods.ts';

export interface PeriodFormulas {
  readonly index: FormulaIndex;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** By client number and statistic, the quantity the finalised invoices (or the not-billed usage) recorded. */
  readonly recorded: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const ofRuns = new Map<string, PeriodFormulas>();

/** @example (await periodFormulas(deps, library, period)).params // { start: '2026-10-01 00:00:00.000', end: '2026-10-31 23:59:59.997' } */
export function periodFormulas(deps: PortalDataDeps, library: ActiveLibrary, period: PortalPeriod): PeriodFormulas {
  if (period.run === null) {
    return { index: library.index, params: { start: period.snapshot.period.start, end: period.snapshot.period.end }, recorded: new Map() };
  }
  const key = `${deps.workspace.runsDir}\n${period.run}`;
  const known = ofRuns.get(key);
  if (known) return known;
  const run = storedRun(deps.workspace, period.run);
  const { formulas } = readPackage(JSON.stringify(run.formulas), `run ${run.record.id}`);
  const made: PeriodFormulas = {
    index: indexFormulas(formulas),
    params: { ...run.record.inputs.params, start: run.record.inputs.stamps.start, end: run.record.inputs.stamps.end },
    recorded: recordedQuantities(JSON.parse(run.files.get('invoices.json') ?? '{}') as { invoices?: Invoice[]; notBilled?: NotBilled[] }),
  };
  ofRuns.set(key, made);
  if (ofRuns.size > 8) ofRuns.delete(ofRuns.keys().next().value as string);
  return made;
}

/** The formula of a statistic id, or undefined when these formulas have none. */
export function formulaOf(formulas: PeriodFormulas, id: string): Formula | undefined {
  return formulas.index.get(id.toLowerCase());
}

/**
 * Each client's statistic values as its invoice lines recorded them (the `statistic` step before any
 * modifier), and the usage of clients reported but not invoiced. A statistic rated in date ranges
 * (a plan that changes inside the period) is on one line per range: the ranges add up.
 */
export function recordedQuantities(document: { invoices?: readonly Invoice[]; notBilled?: readonly NotBilled[] }): Map<string, Map<string, string>> {
  const parts = new Map<string, Map<string, Map<string, string>>>();
  const put = (client: string, statistic: string, range: string, value: string) => {
    const ofClient = parts.get(client) ?? new Map<string, Map<string, string>>();
    parts.set(client, ofClient);
    const ranges = ofClient.get(statistic) ?? new Map<string, string>();
    ofClient.set(statistic, ranges);
    ranges.set(range, value);
  };
  for (const invoice of document.invoices ?? []) {
    for (const line of invoice.lines) {
      const range = line.service ? `${line.service.from}..${line.service.until}` : 'period';
      for (const step of line.steps) if (step.kind === 'statistic') put(step.clientNumber, step.statistic, range, step.value);
    }
  }
  for (const client of document.notBilled ?? [])
    for (const [statistic, value] of Object.entries(client.usage)) put(client.clientNumber, statistic, `${client.from}..${client.until}`, value);
  return new Map(
    [...parts].map(([client, statistics]) => [
      client,
      new Map(
        [...statistics].map(([statistic, ranges]) => [statistic, [...ranges.values()].reduce((total, value) => total.plus(exact(value)), exact(0)).toFixed()]),
      ),
    ]),
  );
}
