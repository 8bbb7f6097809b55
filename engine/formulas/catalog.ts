/**
 * The library catalogue (formulas/CATALOG.md), generated from the formula files and the quirk
 * catalogue: every statistic with its meaning, unit, variants and quirks, in Billing Export 200
 * order, then every quirk with what it is and which formulas reproduce or fix it. Quirk codes link
 * to their entry (`[D16](#d16)`).
 */
import type { Formula } from './definition.ts';
import type { Quirk, QuirkCatalogue } from './quirks.ts';

export function renderCatalog(formulas: readonly Formula[], quirks: QuirkCatalogue): string {
  const byStatistic = new Map<string, Formula[]>();
  for (const formula of formulas) byStatistic.set(formula.statistic, [...(byStatistic.get(formula.statistic) ?? []), formula]);
  const statistics = [...byStatistic.entries()].sort(([a, fa], [b, fb]) => position(fa) - position(fb) || a.localeCompare(b));
  const families = [...new Set(statistics.map(([, variants]) => (variants[0] as Formula).family))];
  const lines = [
    '# Formula catalogue',
    '',
    'Generated from the formula files and `quirks.yaml` by `npx billing formula catalog`; do not edit by hand.',
    `${statistics.length} statistics, ${formulas.length} formulas: ${count(formulas, 'legacy')} legacy, ${count(formulas, 'consensus')} consensus, ${count(formulas, 'custom')} custom.`,
    'Quirks are those of section D of the research note on Billing Export 200 v1.9.1; each code links to its entry under [Quirks](#quirks).',
    '',
  ];
  for (const family of families) {
    lines.push(`## ${family}`, '', '| # | statistic | meaning | unit | legacy (reproduces) | consensus (fixes) or custom |', '|---|---|---|---|---|---|');
    for (const [statistic, variants] of statistics.filter(([, v]) => (v[0] as Formula).family === family)) {
      const legacy = variants.find((f) => f.variant === 'legacy');
      const consensus = variants.filter((f) => f.variant !== 'legacy');
      const main = legacy ?? (variants[0] as Formula);
      lines.push(
        `| ${legacy?.legacy?.position ?? ''} | ${statistic} | ${escape(main.title)} | ${main.unit} | ${legacy ? `${legacy.id} (${codes(legacy.quirks.reproduces)})` : '-'} | ${
          consensus
            .map((f) => `${f.id} (${f.variant === 'custom' ? 'custom' : codes(f.quirks.fixes)})${f.unit !== main.unit ? `, in ${f.unit}` : ''}`)
            .join('<br>') || '-'
        } |`,
      );
    }
    lines.push('');
  }
  const inTableOrder = statistics.flatMap(([, variants]) => variants);
  lines.push(
    '## Quirks',
    '',
    'What Billing Export 200 does where it is surprising, what the consensus variants do instead, and what shows it (`quirks.yaml`).',
    'Line numbers refer to `resources/amtelco/BillingExport_200.sql` in the public repository CallTheory/billing.',
    '',
  );
  for (const quirk of quirks) lines.push(...renderQuirk(quirk, inTableOrder));
  return `${lines.join('\n')}`;
}

function renderQuirk(quirk: Quirk, formulas: readonly Formula[]): string[] {
  const { lines, columns, note } = quirk.evidence;
  const evidence = [`lines ${lines.join(', ')}`, columns.length > 0 ? `columns ${columns.join(', ')}` : '', note ? prose(note) : ''].filter(Boolean).join('; ');
  const reproducers = formulas.filter((f) => f.quirks.reproduces.includes(quirk.code)).map((f) => f.id);
  const fixers = formulas.filter((f) => f.quirks.fixes.includes(quirk.code)).map((f) => f.id);
  return [
    `### ${quirk.code}`,
    '',
    `**${prose(quirk.title)}**`,
    '',
    `- **Legacy report**: ${prose(quirk.legacy)}`,
    `- **Consensus**: ${prose(quirk.consensus)}`,
    `- **Evidence**: ${evidence}`,
    `- **Reproduced by** (${reproducers.length}): ${reproducers.join(', ') || '-'}`,
    `- **Fixed by** (${fixers.length}): ${fixers.join(', ') || '-'}`,
    '',
  ];
}

/** Quirk codes as links to their entries: `D6, D14` → `[D6](#d6), [D14](#d14)`; none → `-`. */
function codes(list: readonly string[]): string {
  return linkCodes(list.join(', ')) || '-';
}

/** Text as Markdown: its own characters taken literally, quirk codes linked. */
function prose(text: string): string {
  return linkCodes(text.replace(/[\\`*_<>[\]|]/g, '\\$&'));
}

function linkCodes(text: string): string {
  return text.replace(/\bD\d+\b/g, (code) => `[${code}](#${code.toLowerCase()})`);
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
