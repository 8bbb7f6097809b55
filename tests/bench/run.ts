/**
 * `npm run bench`: runs the benchmarks, prints a table of medians and writes the results as JSON to
 * bench-results/. `--scales tiny` runs a quick smoke version (as CI does); `--runs N` sets the runs.
 * Nothing is asserted: the machine is shared, so figures are medians and ratios from one run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { ScaleName } from '../../snapshots/demo/scales.ts';
import { benchDemoGeneration, type GenerationResult } from './demo-generation.ts';
import { benchFullExport, type ExportResult } from './full-export.ts';
import { benchWhatIf, type WhatIfResult } from './what-if.ts';

const { values } = parseArgs({ options: { scales: { type: 'string', default: 'tiny,small,large' }, runs: { type: 'string', default: '5' } } });
const scales = (values.scales as string).split(',') as ScaleName[];
const runs = Number(values.runs);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const generation: GenerationResult[] = [];
const exports: ExportResult[] = [];
const whatIfs: (WhatIfResult & { scale: ScaleName })[] = [];
for (const scale of scales) {
  const result = await benchDemoGeneration(scale, Math.min(runs, 3), async (dataFile, manifest) => {
    const exported = await benchFullExport(dataFile, manifest, runs);
    exports.push(exported);
    const { cold, warm, naive } = exported.medians;
    console.log(`full export  ${scale.padEnd(5)}  cold ${seconds(cold)}  warm ${seconds(warm)}  naive ${seconds(naive)}  naive/warm ${(naive / warm).toFixed(1)}x`);
    const whatIf = await benchWhatIf(dataFile, manifest, runs);
    whatIfs.push({ ...whatIf, scale });
    console.log(`rate-only what-if ${scale.padEnd(5)}  ${whatIf.clients} clients  median ${whatIf.medianMs.toFixed(1)} ms`);
  });
  generation.push(result);
  const totalRows = Object.values(result.rows).reduce((sum, n) => sum + n, 0);
  console.log(
    `demo snapshot ${scale.padEnd(5)}  median ${seconds(result.medianMs).padStart(8)}  runs ${result.runsMs.map(seconds).join(', ')}  ` +
      `file ${(result.fileBytes / 2 ** 20).toFixed(1)} MiB  rows ${totalRows.toLocaleString('en-US')}`,
  );
}
const largest = generation.at(-1);
if (largest) {
  console.log(`\nrows per table at ${largest.scale}:`);
  for (const [table, rows] of Object.entries(largest.rows)) console.log(`  ${table.padEnd(22)} ${rows.toLocaleString('en-US').padStart(10)}`);
}
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ machine: { cpus: cpus().length, node: process.version }, generation, exports, whatIfs }, null, 2));
console.log(`\nresults written to ${file}`);
