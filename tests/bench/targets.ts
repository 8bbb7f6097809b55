/**
 * The figures `npm run bench` prints for a scale, each with its target and whether it was met.
 * The targets are for the `large` snapshot on the 2-core benchmark machine; at other scales the
 * figures are shown without a verdict. Nothing here is asserted: the machine is shared.
 */
import type { ScaleName } from '../../snapshots/demo/scales.ts';
import type { BrowserWhatIfResult } from './browser-what-if.ts';
import type { ColdExportResult } from './cold-export.ts';
import type { ExportResult } from './full-export.ts';
import type { ExtractionResult } from './extraction.ts';
import type { FormulaEditResult } from './formula-edit.ts';
import type { PostgresResult } from './pg-fused.ts';
import type { OwnRss } from './rss-probe.ts';
import type { CliWhatIfResult, WhatIfResult } from './what-if.ts';

export interface ScaleFigures {
  readonly scale: ScaleName;
  /** Calls in the snapshot (statCallStart rows): what the growth table divides by. */
  readonly calls: number;
  /** The export against naive DuckDB, PostgreSQL and the floor (not at `year`: no baselines there). */
  readonly export?: ExportResult;
  /** PostgreSQL one query per formula and fused, at least 3 runs each (not at `year`). */
  readonly postgres?: PostgresResult;
  /** The export with its CSV written: a fresh process (whole, and inside it), then warm. */
  readonly coldExport: ColdExportResult;
  readonly formulaEdit: FormulaEditResult;
  readonly whatIf: WhatIfResult;
  readonly timeCapWhatIf: WhatIfResult;
  /** `billing scenario compare` as a whole process. */
  readonly cliWhatIf: CliWhatIfResult;
  /** Editing a rate in the what-if view until it shows the new totals, measured in Chromium (not at `year`). */
  readonly browserWhatIf?: BrowserWhatIfResult;
  readonly extraction?: ExtractionResult;
  /** Highest RSS of the benchmark process during the export (with its naive and PostgreSQL peers), formula edit and what-ifs. */
  readonly peakRssBytes: number;
  /** Highest RSS of a process doing only our work: the export, the formula edit and the what-ifs (rss-probe.ts). */
  readonly ownRss: OwnRss;
}

export interface Figure {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  /** undefined: no target, or not at the scale the targets are for. */
  readonly met: boolean | undefined;
}

const TARGET_SCALE: ScaleName = 'large';
const GiB = 2 ** 30;

const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const times = (value: number) => `${value.toFixed(1)}x`;
const count = (value: number) => value.toLocaleString('en-US');

export function figuresOf(r: ScaleFigures): Figure[] {
  const judged = r.scale === TARGET_SCALE;
  const row = (name: string, value: string, target = '', met?: boolean): Figure => ({ name, value, target, met: judged && target ? met : undefined });
  const c = r.coldExport.medians;
  // The export as a user gets it: statistics computed and the CSV written.
  const warm = c.warmWithCsv;
  const figures: Figure[] = [];
  if (r.export) {
    const m = r.export.medians;
    // Taken beside the warm exports it is compared with (cold-export.ts), not minutes before them.
    const floor = c.floor;
    figures.push(
      row('identical numbers (fused = naive = PostgreSQL)', `${r.export.identical.passed ? 'yes' : 'NO'}, ${count(r.export.identical.cells)} cells`),
      row('full export, cold: a fresh process, CSV written', ms(c.inProcessCold)),
      row('billing export be200, the whole process', ms(c.process)),
      row('full export, warm, CSV written', ms(warm), '<= 3x floor', warm <= 3 * floor),
      row('full export, warm, report in memory (no CSV)', ms(m.warm)),
      row('naive DuckDB, one query per formula', ms(m.naive)),
      row('floor: every report column read once (run before each warm export)', ms(floor)),
      row('warm / floor', times(warm / floor), '<= 3x', warm / floor <= 3),
      row('naive / warm', times(m.naive / warm), '>= 10x', m.naive / warm >= 10),
    );
  } else {
    figures.push(
      row('full export, cold: a fresh process, CSV written', ms(c.inProcessCold)),
      row('billing export be200, the whole process', ms(c.process)),
      row('full export, warm, CSV written', ms(warm)),
    );
  }
  if (r.postgres) {
    const p = r.postgres.medians;
    figures.push(
      row(`PostgreSQL, one query per formula (${r.postgres.perFormulaMs.length} runs)`, ms(p.perFormula)),
      row(`PostgreSQL, fused as ours (${r.postgres.groups} groups + ${r.postgres.alone} alone, ${r.postgres.fusedMs.length} runs)`, ms(p.fused)),
      row('PostgreSQL one query per formula / warm', times(p.perFormula / warm), '>= 30x', p.perFormula / warm >= 30),
      row('PostgreSQL fused / warm', times(p.fused / warm)),
    );
  }
  const w = r.whatIf.work;
  figures.push(
    row(
      `formula edit (${r.formulaEdit.formula} + ${r.formulaEdit.dependents.length} dependent)`,
      ms(r.formulaEdit.medianMs),
      '<= 100 ms',
      r.formulaEdit.medianMs <= 100,
    ),
    row(
      `what-if, rate only (${count(r.whatIf.clients)} clients; live-minute price, statistics kept, ${count(w.reRated)} of ${count(w.accounts)} invoices rated again; median of ${r.whatIf.runsMs.length}, the first ${ms(r.whatIf.runsMs[0] ?? 0)})`,
      ms(r.whatIf.medianMs),
      '<= 20 ms',
      r.whatIf.medianMs <= 20,
    ),
    row('what-if, TimeCap change (its statistic queried, then re-rated)', ms(r.timeCapWhatIf.medianMs)),
    row('billing scenario compare, the whole process (statistics computed, then rated)', ms(r.cliWhatIf.medianMs)),
  );
  if (r.browserWhatIf)
    figures.push(
      row(
        `what-if in the browser: rate edit to new totals (${count(r.browserWhatIf.accounts)} accounts, changed rows only)`,
        ms(r.browserWhatIf.medianMs),
        '<= 150 ms',
        r.browserWhatIf.medianMs <= 150,
      ),
    );
  if (r.extraction)
    figures.push(
      row('extraction from PostgreSQL', `${count(r.extraction.extract.rowsPerSecond)} rows/s`),
      row('COPY … TO STDOUT', `${count(r.extraction.copy.rowsPerSecond)} rows/s`),
      row('extraction / COPY', `${(r.extraction.shareOfCopy * 100).toFixed(0)} %`, '>= 50 %', r.extraction.shareOfCopy >= 0.5),
    );
  figures.push(
    row('peak RSS, our export, edit and what-ifs alone', `${(r.ownRss.peakRssBytes / 2 ** 20).toFixed(0)} MiB`, '<= 1 GiB', r.ownRss.peakRssBytes <= GiB),
    row('peak RSS, benchmark process (with naive and PostgreSQL)', `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`),
  );
  return figures;
}

/**
 * How cost grows with the data: per scale, the export (warm, CSV written), the formula edit and
 * the rate-only what-if, each also per million calls, and the peak RSS. Export and edit read calls,
 * so their time per million calls should stay level; the what-if rates accounts and reads no call,
 * so its cost follows the clients, not the calls.
 */
export function formatGrowth(rows: readonly ScaleFigures[]): string {
  const perMillion = (value: number, calls: number) => (calls > 0 ? `${(value / (calls / 1e6)).toFixed(0)} ms/M` : '-');
  const table = [
    ['scale', 'calls', 'export', 'per M calls', 'formula edit', 'per M calls', 'what-if', 'per M calls', 'clients', 'peak RSS'],
    ...rows.map((r) => [
      r.scale,
      count(r.calls),
      ms(r.coldExport.medians.warmWithCsv),
      perMillion(r.coldExport.medians.warmWithCsv, r.calls),
      ms(r.formulaEdit.medianMs),
      perMillion(r.formulaEdit.medianMs, r.calls),
      ms(r.whatIf.medianMs),
      perMillion(r.whatIf.medianMs, r.calls),
      count(r.whatIf.clients),
      `${(r.ownRss.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    ]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((line) => (line[i] as string).length))) ?? [];
  const lines = table.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
  return [
    'How cost grows (export warm with CSV; what-if rate only; peak RSS of our work alone):',
    lines[0],
    '-'.repeat(Math.max(...lines.map((l) => (l as string).length))),
    ...lines.slice(1),
    'Export and formula edit read the calls: their ms per million calls should stay level as calls grow. The what-if rates',
    'accounts from statistics it keeps and reads no call, so it follows the clients (2,000 at large and at 12 months), not the calls.',
  ].join('\n');
}

/** The figures as an aligned text table. */
export function formatTable(scale: ScaleName, figures: readonly Figure[], runs: string): string {
  const verdict = (figure: Figure) => (figure.met === undefined ? '' : figure.met ? 'met' : 'MISSED');
  const rows = [['figure', 'median', 'target', ''], ...figures.map((f) => [f.name, f.value, f.target, verdict(f)])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] as string).length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const note = scale === TARGET_SCALE ? '' : ` (targets are for ${TARGET_SCALE})`;
  return [`${scale}: medians of ${runs}${note}`, lines[0], '-'.repeat(Math.max(...lines.map((l) => l.length))), ...lines.slice(1)].join('\n');
}
