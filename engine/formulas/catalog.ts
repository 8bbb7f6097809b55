/**
 * The library catalogue (formulas/CATALOG.md), generated from the formula files: every
 * statistic with its meaning, unit, variants and quirks, in Billing Export 200 order.
 */
import type { Formula } from './definition.ts';

export function renderCatalog(formulas: readonly Formula[]): string {
  const byStatistic = new Map<string, Formula[]>();
  for (const formula of formulas) byStatistic.set(formula.statistic, [...(byStatistic.get(formula.statistic) ?? []), formula]);
  const statistics = [...byStatistic.entries()].sort(([a, fa], [b, fb]) => position(fa) - position(fb) || a.localeCompare(b));
  const families = [...new Set(statistics.map(([, variants]) => (variants[0] as Formula).family))];
  const lines = [
    '# Formula catalogue',
    '',
    'Generated from the formula files by `npx billing formula catalog`; do not edit by hand.',
    `${statistics.length} statistics, ${formulas.length} formulas: ${count(formulas, 'legacy')} legacy, ${count(formulas, 'consensus')} consensus, ${count(formulas, 'custom')} custom.`,
    'Quirks are those of section D of the research note on Billing Export 200 v1.9.1.',
    '',
  ];
  for (const family of families) {
    lines.push(`## ${family}`, '', '| # | statistic | meaning | unit | legacy (reproduces) | consensus (fixes) or custom |', '|---|---|---|---|---|---|');
    for (const [statistic, variants] of statistics.filter(([, v]) => (v[0] as Formula).family === family)) {
      const legacy = variants.find((f) => f.variant === 'legacy');
      const consensus = variants.filter((f) => f.variant !== 'legacy');
      const main = legacy ?? (variants[0] as Formula);
      lines.push(
        `| ${legacy?.legacy?.position ?? ''} | ${statistic} | ${escape(main.title)} | ${main.unit} | ${legacy ? `${legacy.id} (${legacy.quirks.reproduces.join(', ') || '-'})` : '-'} | ${
          consensus
            .map((f) => `${f.id} (${f.variant === 'custom' ? 'custom' : f.quirks.fixes.join(', ') || '-'})${f.unit !== main.unit ? `, in ${f.unit}` : ''}`)
            .join('<br>') || '-'
        } |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function position(variants: readonly Formula[]): number {
  return variants.find((f) => f.legacy)?.legacy?.position ?? Number.MAX_SAFE_INTEGER;
}

function count(formulas: readonly Formula[], variant: Formula['variant']): number {
  return formulas.filter((f) => f.variant === variant).length;
}

function escape(text: string): string {
  return text.replaceAll('|', '\\|');
}
