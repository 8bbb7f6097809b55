/**
 * The figures `npm run bench` prints for a scale, each with its target and whether it was met.
 * The targets are for the `large` snapshot on the 2-core benchmark machine; at other scales the
 * figures are shown without a verdict. Nothing here is asserted: the machine is shared.
 */
import type { ScaleName } from '../../snapshots/demo/scales.ts';
import type { ExportResult } from './full-export.ts';
import type { ExtractionResult } from './extraction.ts';
import type { FormulaEditResult } from './formula-edit.ts';
import type { BrowserWhatIfResult } from './browser-what-if.ts';
import type { OwnRss } from './rss-probe.ts';
import type { WhatIfResult } from './what-if.ts';

export interface ScaleFigures {
  readonly scale: ScaleName;
  readonly export: ExportResult;
  readonly formulaEdit: FormulaEditResult;
  readonly whatIf: WhatIfResult;
  readonly timeCapWhatIf: WhatIfResult;
  /** Editing a rate in the what-if view until it shows the new totals, measured in Chromium. */
  readonly browserWhatIf: BrowserWhatIfResult;
  readonly extraction: ExtractionResult;
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

export function figuresOf(r: ScaleFigures): Figure[] {
  const m = r.export.medians;
  const judged = r.scale === TARGET_SCALE;
  const row = (name: string, value: string, target = '', met?: boolean): Figure => ({ name, value, target, met: judged && target ? met : undefined });
  const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
  const times = (value: number) => `${value.toFixed(1)}x`;
  return [
    row(
      'identical numbers (fused = naive = PostgreSQL)',
      `${r.export.identical.passed ? 'yes' : 'NO'}, ${r.export.identical.cells.toLocaleString('en-US')} cells`,
    ),
    row('full export, cold', ms(m.cold)),
    row('full export, warm', ms(m.warm), '<= 300 ms', m.warm <= 300),
    row('naive DuckDB, one query per formula', ms(m.naive)),
    row('PostgreSQL, one query per formula', ms(m.postgres)),
    row('floor: every report column read once', ms(m.floor)),
    row('PostgreSQL / warm', times(m.postgres / m.warm), '>= 30x', m.postgres / m.warm >= 30),
    row('naive / warm', times(m.naive / m.warm), '>= 10x', m.naive / m.warm >= 10),
    row('warm / floor', times(m.warm / m.floor), '<= 3x', m.warm / m.floor <= 3),
    row(
      `formula edit (${r.formulaEdit.formula} + ${r.formulaEdit.dependents.length} dependent)`,
      ms(r.formulaEdit.medianMs),
      '<= 100 ms',
      r.formulaEdit.medianMs <= 100,
    ),
    row(`what-if, rate only (${r.whatIf.clients} clients)`, ms(r.whatIf.medianMs), '<= 20 ms', r.whatIf.medianMs <= 20),
    row('what-if, TimeCap change (re-query)', ms(r.timeCapWhatIf.medianMs)),
    row(`what-if in the browser: rate edit to new totals (${r.browserWhatIf.accounts} accounts)`, ms(r.browserWhatIf.medianMs)),
    row('extraction from PostgreSQL', `${r.extraction.extract.rowsPerSecond.toLocaleString('en-US')} rows/s`),
    row('COPY … TO STDOUT', `${r.extraction.copy.rowsPerSecond.toLocaleString('en-US')} rows/s`),
    row('extraction / COPY', `${(r.extraction.shareOfCopy * 100).toFixed(0)} %`, '>= 50 %', r.extraction.shareOfCopy >= 0.5),
    row('peak RSS, our export, edit and what-ifs alone', `${(r.ownRss.peakRssBytes / 2 ** 20).toFixed(0)} MiB`, '<= 1 GiB', r.ownRss.peakRssBytes <= GiB),
    row('peak RSS, benchmark process (with naive and PostgreSQL)', `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`),
  ];
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
