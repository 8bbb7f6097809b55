/**
 * Consensus at a glance: for each statistic, the variants a library holds (legacy, consensus,
 * custom) and which sites run each, word for word, by their adoption records.
 */
import { parse } from 'yaml';
import type { AdoptionRecord } from './adoption.ts';

/** A formula file of the library with what the view needs of it. */
export interface LibraryFormula {
  readonly package: string;
  readonly path: string;
  readonly text: string;
  /** SHA-256 of the text, as adoption records name it. */
  readonly sha256: string;
}

export interface Variant {
  readonly formulaId: string;
  readonly variant: string;
  readonly package: string;
  readonly path: string;
  /** Sites whose record names this very text, by name. */
  readonly sites: readonly string[];
}

export interface StatisticVariants {
  readonly statistic: string;
  /** Legacy first, then by id. */
  readonly variants: readonly Variant[];
}

/**
 * Groups a library's formulas by the statistic they stand for (`statistic:`, else the legacy
 * column, else the id, as the formula format says), with the sites that run each.
 * @example consensusView(files, records)[0] // { statistic: 'AnsweredCalls', variants: [{ formulaId: 'AnsweredCalls', variant: 'legacy', sites: ['site-b'] }, …] }
 */
export function consensusView(formulas: readonly LibraryFormula[], records: readonly AdoptionRecord[]): StatisticVariants[] {
  const byStatistic = new Map<string, Variant[]>();
  for (const file of formulas) {
    const meta = metadataOf(file.text);
    if (!meta) continue;
    const sites = records
      .filter((record) => record.formulas.some((entry) => entry.formula === meta.id && entry.sha256 === file.sha256))
      .map((record) => record.site)
      .sort();
    const list = byStatistic.get(meta.statistic) ?? [];
    list.push({ formulaId: meta.id, variant: meta.variant, package: file.package, path: file.path, sites });
    byStatistic.set(meta.statistic, list);
  }
  return [...byStatistic]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([statistic, variants]) => ({
      statistic,
      variants: variants.sort((a, b) => Number(b.variant === 'legacy') - Number(a.variant === 'legacy') || a.formulaId.localeCompare(b.formulaId)),
    }));
}

function metadataOf(text: string): { id: string; statistic: string; variant: string } | undefined {
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return undefined; // The library check reports it; the view shows what reads.
  }
  if (!data || typeof data !== 'object') return undefined;
  const { id, statistic, variant, legacy } = data as Record<string, unknown>;
  if (typeof id !== 'string') return undefined;
  const column = legacy && typeof legacy === 'object' && 'column' in legacy && typeof legacy.column === 'string' ? legacy.column : undefined;
  return { id, statistic: typeof statistic === 'string' ? statistic : (column ?? id), variant: typeof variant === 'string' ? variant : 'custom' };
}
