/**
 * Why a variance may exist, considered in this order, each saying what evidence it rests on:
 * 1. our own formula: the release's legacy formula for the statistic differs from the one shipped
 *    as the reproduction of Billing Export 200 (engine/formulas/legacy-changes.ts); named with the
 *    release and the formula's version, and the shipped formula's value when it is known;
 * 2. data changed since the export: the statistic depends on data that changes after the period
 *    (quirks D8, D15, D29) and the snapshot holds rows of the client stamped after the file's
 *    export time (counted on the snapshot: later-rows.ts);
 * 3. a catalogued quirk (formulas/quirks.yaml): the other variant (consensus, whose `quirks.fixes`
 *    say what it corrects) equals the file, so the export was made with those quirks fixed (or,
 *    reconciling the consensus variant, with them still in);
 * 4. otherwise unexplained, naming the quirks that do change this cell when there are some.
 */
import { formulasForReport, type ReportVariant } from '../be200/select-formulas.ts';
import type { Formula } from '../formulas/definition.ts';
import type { QuirkCatalogue } from '../formulas/quirks.ts';
import type { LaterRows } from './later-rows.ts';
import { type Explanation, type OurClient, type OurResults, type Reconciliation, type ReleaseRef, sameNumber, type Variance } from './model.ts';

export interface ExplainContext {
  /** The formula library (legacy and consensus formulas). */
  readonly formulas: readonly Formula[];
  /** Our results in the other variant, for the same snapshot and parameters. */
  readonly other?: OurResults;
  /** When the snapshot was taken (manifest `createdAt`). */
  readonly snapshotTakenAt?: string;
  /** When the legacy file was made, if the file does not say (CSV). */
  readonly exportedAt?: string;
  /** Legacy formulas of the release that no longer reproduce the report, by id, with why. */
  readonly legacyChanged?: ReadonlyMap<string, string>;
  /** The release our values came from. */
  readonly release?: ReleaseRef;
  /** Each formula's version in the release, as people name it ("v3"), by formula id. */
  readonly formulaVersions?: ReadonlyMap<string, string>;
  /** The shipped legacy formulas' values, for the statistics whose formula changed. */
  readonly shipped?: OurResults;
  /** Rows stamped after the export, per client and quirk (later-rows.ts). */
  readonly laterRows?: LaterRows;
  /** The quirk catalogue, to name a quirk with its title. */
  readonly quirks?: QuirkCatalogue;
}

/** Quirks through which a statistic depends on data that changes after the period (section D). */
export const CHANGES_AFTER_PERIOD: Readonly<Record<string, string>> = {
  D8: 'purged messages drop out and urgency and client are read as they are now',
  D15: 'dispatch jobs count once they are removed',
  D29: 'MergeComm jobs count once they complete',
};

interface StatisticFacts {
  /** The formula computing the statistic in the chosen variant. */
  readonly formulaId: string;
  readonly fixes: readonly string[];
  /** Why the consensus differs, from its description. */
  readonly why: string;
  readonly changesAfterPeriod: readonly string[];
}

/** @example explainVariances(reconciliation, { formulas, other: consensus, legacyChanged, release, laterRows }) */
export function explainVariances(reconciliation: Reconciliation, context: ExplainContext): Reconciliation {
  const facts = statisticFacts(context.formulas, reconciliation.variant);
  const other = byClient(context.other);
  const shipped = byClient(context.shipped);
  const exportedAt = reconciliation.legacy.exportedAt ?? context.exportedAt;
  const variances = reconciliation.variances.map((variance) => ({
    ...variance,
    explanation: explain(variance, facts.get(variance.statistic), {
      other: other.get(variance.clientNumber),
      shipped: shipped.get(variance.clientNumber),
      variant: reconciliation.variant,
      exportedAt,
      context,
    }),
  }));
  return { ...reconciliation, variances };
}

const byClient = (results: OurResults | undefined) => new Map((results?.clients ?? []).map((client) => [client.clientNumber, client]));

/** What one variance is explained with. */
interface Cell {
  readonly other: OurClient | undefined;
  readonly shipped: OurClient | undefined;
  readonly variant: ReportVariant;
  readonly exportedAt: string | undefined;
  readonly context: ExplainContext;
}

function explain(variance: Variance, facts: StatisticFacts | undefined, cell: Cell): Explanation {
  const fileValue = variance.delta.before.kind === 'value' ? variance.delta.before.value : undefined;
  const ourValue = variance.delta.after.kind === 'value' ? variance.delta.after.value : undefined;
  const notes: string[] = [];
  const formula = facts ? ownFormula(variance, facts, cell, fileValue, notes) : undefined;
  if (formula) return formula;
  const later = facts ? dataChanged(variance, facts, cell, notes) : undefined;
  if (later) return later;
  const { variant } = cell;
  const otherValue = cell.other?.values.get(variance.statistic);
  const fixes = facts?.fixes ?? [];
  const otherDiffers = otherValue !== undefined && ourValue !== undefined && !sameNumber(otherValue, ourValue);
  if (fixes.length > 0 && otherDiffers && fileValue !== undefined && sameNumber(otherValue as string, fileValue)) {
    const otherVariant = variant === 'legacy' ? 'consensus' : 'legacy';
    const text =
      variant === 'legacy'
        ? `the export was made with ${fixes.join(', ')} fixed: our consensus value ${otherValue} equals the file. ${facts?.why}`
        : `the export reproduces the legacy quirks ${fixes.join(', ')}: our legacy value ${otherValue} equals the file. ${facts?.why}`;
    const evidence = [
      `our ${otherVariant} value ${otherValue} equals the file's ${fileValue}; ours (${variant}) is ${ourValue}`,
      ...quirkLines(fixes, cell.context),
    ];
    return { kind: 'explanation', category: 'known_quirk', quirks: fixes, text: text.trim(), evidence };
  }
  if (otherDiffers && fixes.length > 0)
    notes.push(
      `${fixes.join(', ')} ${fixes.length === 1 ? 'changes' : 'change'} this cell (${variant} ${ourValue}, ${variant === 'legacy' ? 'consensus' : 'legacy'} ${otherValue}) but neither equals the file`,
    );
  return {
    kind: 'explanation',
    category: 'unexplained',
    quirks: otherDiffers ? fixes : [],
    text: notes.length > 0 ? `unexplained: ${notes.join('; ')}` : 'unexplained',
    evidence: notes.length > 0 ? notes : ['no changed formula, no later rows and no catalogued quirk account for it'],
  };
}

/** 1. The release's legacy formula is our own edit; when the shipped one's value is known it must equal the file. */
function ownFormula(variance: Variance, facts: StatisticFacts, cell: Cell, fileValue: string | undefined, notes: string[]): Explanation | undefined {
  const { context } = cell;
  const why = cell.variant === 'legacy' ? context.legacyChanged?.get(facts.formulaId) : undefined;
  if (why === undefined) return undefined;
  const version = context.formulaVersions?.get(facts.formulaId);
  const named = `${facts.formulaId}${version ? ` ${version}` : ''}${context.release ? ` of release ${context.release.name} (sha256 ${context.release.contentHash.slice(0, 12)})` : ''}`;
  const shippedValue = cell.shipped?.values.get(variance.statistic);
  if (shippedValue !== undefined && fileValue !== undefined && !sameNumber(shippedValue, fileValue)) {
    notes.push(`${named} differs from the shipped legacy formula, but the shipped formula gives ${shippedValue}, not the file's ${fileValue}`);
    return undefined;
  }
  const evidence = [`${named}: ${why}`, ...(shippedValue !== undefined ? [`the shipped legacy formula gives ${shippedValue}, as the file does`] : [])];
  return {
    kind: 'explanation',
    category: 'formula_changed',
    quirks: [],
    text: `our formula changed: ${named} is not the legacy formula the export was made with (${why})${shippedValue !== undefined ? `; the shipped formula gives ${shippedValue}, as the file does` : ''}`,
    evidence,
  };
}

/** 2. Data that changes after the period, with rows of this client stamped after the export to show for it. */
function dataChanged(variance: Variance, facts: StatisticFacts, cell: Cell, notes: string[]): Explanation | undefined {
  const sensitive = facts.changesAfterPeriod;
  if (sensitive.length === 0) return undefined;
  if (cell.exportedAt === undefined) {
    notes.push(`${variance.statistic} depends on data that changes after the period (${sensitive.join(', ')}); the export's date is unknown`);
    return undefined;
  }
  const found = cell.context.laterRows?.get(variance.clientNumber);
  const evidence = sensitive.flatMap((quirk) => {
    const rows = found?.get(quirk);
    return rows && rows.count > 0
      ? [`${rows.count} ${rows.table} rows of client ${variance.clientNumber} stamped after the export (${cell.exportedAt}), the first at ${rows.first}`]
      : [];
  });
  if (evidence.length === 0) {
    if (cell.context.laterRows) notes.push(`no rows of client ${variance.clientNumber} are stamped after the export (${cell.exportedAt})`);
    return undefined;
  }
  const reasons = sensitive.map((quirk) => `${quirk}: ${CHANGES_AFTER_PERIOD[quirk]}`).join('; ');
  return {
    kind: 'explanation',
    category: 'data_changed',
    quirks: sensitive,
    text: `data changed since the export (${cell.exportedAt}): ${variance.statistic} depends on later data (${reasons})`,
    evidence: [...evidence, ...quirkLines(sensitive, cell.context)],
  };
}

function quirkLines(codes: readonly string[], context: ExplainContext): string[] {
  return codes.flatMap((code) => {
    const quirk = context.quirks?.find((q) => q.code === code);
    return quirk ? [`quirks.yaml ${code}: ${quirk.title}`] : [];
  });
}

function statisticFacts(formulas: readonly Formula[], variant: ReportVariant): Map<string, StatisticFacts> {
  const consensus = new Map(formulas.filter((f) => f.variant === 'consensus').map((f) => [f.statistic, f]));
  const chosen = new Map(formulasForReport(formulas, variant).map((f) => [f.statistic, f]));
  const facts = new Map<string, StatisticFacts>();
  for (const legacy of formulasForReport(formulas, 'legacy')) {
    const revised = consensus.get(legacy.statistic);
    facts.set(legacy.statistic, {
      formulaId: chosen.get(legacy.statistic)?.id ?? legacy.id,
      fixes: revised?.quirks.fixes ?? [],
      why: revised ? consensusReason(revised.description) : '',
      changesAfterPeriod: legacy.quirks.reproduces.filter((quirk) => quirk in CHANGES_AFTER_PERIOD),
    });
  }
  return facts;
}

/** Consensus descriptions say "<meaning>. Consensus: <why it differs>"; the why is what a reader needs. */
function consensusReason(description: string): string {
  const at = description.indexOf('Consensus:');
  return (at >= 0 ? description.slice(at) : description).replace(/\s+/g, ' ').trim();
}
