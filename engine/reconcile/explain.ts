/**
 * Why a variance may exist, from what the library knows about each statistic:
 * 1. known quirk: the other variant (consensus, whose `quirks.fixes` and description say what it
 *    corrects) equals the file, so the export was made with those quirks fixed (or, reconciling
 *    the consensus variant, with them still in);
 * 2. data changed since: the snapshot was taken after the export and the statistic depends on data
 *    that changes after the period (quirks D8, D15, D29);
 * 3. otherwise unexplained, naming the quirks that do change this cell when there are some.
 */
import { formulasForReport, type ReportVariant } from '../be200/select-formulas.ts';
import type { Formula } from '../formulas/definition.ts';
import { sameNumber, type Explanation, type OurClient, type OurResults, type Reconciliation, type Variance } from './model.ts';

export interface ExplainContext {
  /** The formula library (legacy and consensus formulas). */
  readonly formulas: readonly Formula[];
  /** Our results in the other variant, for the same snapshot and parameters. */
  readonly other?: OurResults;
  /** When the snapshot was taken (manifest `createdAt`). */
  readonly snapshotTakenAt?: string;
  /** When the legacy file was made, if the file does not say (CSV). */
  readonly exportedAt?: string;
}

/** Quirks through which a statistic depends on data that changes after the period (section D). */
const CHANGES_AFTER_PERIOD: Readonly<Record<string, string>> = {
  D8: 'purged messages drop out and urgency and client are read as they are now',
  D15: 'dispatch jobs count once they are removed',
  D29: 'MergeComm jobs count once they complete',
};

interface StatisticFacts {
  readonly fixes: readonly string[];
  /** Why the consensus differs, from its description. */
  readonly why: string;
  readonly changesAfterPeriod: readonly string[];
}

/** @example explainVariances(reconciliation, { formulas, other: consensus, snapshotTakenAt: manifest.createdAt }) */
export function explainVariances(reconciliation: Reconciliation, context: ExplainContext): Reconciliation {
  const facts = statisticFacts(context.formulas);
  const other = new Map((context.other?.clients ?? []).map((client) => [client.clientNumber, client]));
  const exportedAt = reconciliation.legacy.exportedAt ?? context.exportedAt;
  const snapshotIsNewer = exportedAt !== undefined && context.snapshotTakenAt !== undefined && Date.parse(context.snapshotTakenAt) > Date.parse(exportedAt);
  const variances = reconciliation.variances.map((variance) => ({
    ...variance,
    explanation: explain(variance, facts.get(variance.statistic), other.get(variance.clientNumber), {
      variant: reconciliation.variant,
      snapshotIsNewer,
      exportedAt,
      snapshotTakenAt: context.snapshotTakenAt,
    }),
  }));
  return { ...reconciliation, variances };
}

/** What holds for every variance of one reconciliation. */
interface Situation {
  readonly variant: ReportVariant;
  readonly snapshotIsNewer: boolean;
  readonly exportedAt: string | undefined;
  readonly snapshotTakenAt: string | undefined;
}

function explain(variance: Variance, facts: StatisticFacts | undefined, other: OurClient | undefined, situation: Situation): Explanation {
  const { variant } = situation;
  const fileValue = variance.delta.before.kind === 'value' ? variance.delta.before.value : undefined;
  const ourValue = variance.delta.after.kind === 'value' ? variance.delta.after.value : undefined;
  const otherValue = other?.values.get(variance.statistic);
  const fixes = facts?.fixes ?? [];
  const otherDiffers = otherValue !== undefined && ourValue !== undefined && !sameNumber(otherValue, ourValue);
  if (fixes.length > 0 && otherDiffers && fileValue !== undefined && sameNumber(otherValue as string, fileValue)) {
    const text =
      variant === 'legacy'
        ? `the export was made with ${fixes.join(', ')} fixed: our consensus value ${otherValue} equals the file. ${facts?.why}`
        : `the export reproduces the legacy quirks ${fixes.join(', ')}: our legacy value ${otherValue} equals the file. ${facts?.why}`;
    return { kind: 'explanation', category: 'known_quirk', quirks: fixes, text: text.trim() };
  }
  const sensitive = facts?.changesAfterPeriod ?? [];
  if (sensitive.length > 0 && situation.snapshotIsNewer) {
    const reasons = sensitive.map((quirk) => `${quirk}: ${CHANGES_AFTER_PERIOD[quirk]}`).join('; ');
    return {
      kind: 'explanation',
      category: 'data_changed',
      quirks: sensitive,
      text: `data changed since: the snapshot (${situation.snapshotTakenAt}) is newer than the export (${situation.exportedAt}) and ${variance.statistic} depends on later data (${reasons})`,
    };
  }
  const notes = [
    otherDiffers && fixes.length > 0
      ? `${fixes.join(', ')} ${fixes.length === 1 ? 'changes' : 'change'} this cell (${variant} ${ourValue}, ${variant === 'legacy' ? 'consensus' : 'legacy'} ${otherValue}) but neither equals the file`
      : '',
    sensitive.length > 0 && situation.exportedAt === undefined
      ? `${variance.statistic} depends on data that changes after the period (${sensitive.join(', ')}); the export's date is unknown, so a later snapshot cannot be ruled out`
      : '',
    situation.snapshotIsNewer && sensitive.length === 0
      ? 'the snapshot is newer than the export, but this statistic is not known to change after the period'
      : '',
  ].filter(Boolean);
  return {
    kind: 'explanation',
    category: 'unexplained',
    quirks: otherDiffers ? fixes : [],
    text: notes.length > 0 ? `unexplained: ${notes.join('; ')}` : 'unexplained',
  };
}

function statisticFacts(formulas: readonly Formula[]): Map<string, StatisticFacts> {
  const consensus = new Map(formulas.filter((f) => f.variant === 'consensus').map((f) => [f.statistic, f]));
  const facts = new Map<string, StatisticFacts>();
  for (const legacy of formulasForReport(formulas, 'legacy')) {
    const revised = consensus.get(legacy.statistic);
    facts.set(legacy.statistic, {
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
