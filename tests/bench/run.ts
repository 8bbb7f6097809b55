/**
 * `npm run bench`: runs the benchmarks, prints a table of medians and writes the results as JSON to
 * bench-results/. `--scales tiny` runs a quick smoke version (as CI does); `--runs N` sets the runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ScaleName } from '../../snapshots/demo/scales.ts';
import { benchDemoGeneration, type GenerationResult } from './demo-generation.ts';

const { values } = parseArgs({ options: { scales: { type: 'string', default: 'tiny,small,large' }, runs: { type: 'string', default: '3' } } });
const scales = (values.scales as string).split(',') as ScaleName[];
const runs = Number(values.runs);

const results: GenerationResult[] = [];
for (const scale of scales) {
  const result = await benchDemoGeneration(scale, runs);
  results.push(result);
  const totalRows = Object.values(result.rows).reduce((sum, n) => sum + n, 0);
  console.log(
    `demo snapshot ${scale.padEnd(5)}  median ${(result.medianMs / 1000).toFixed(2).padStart(6)} s  ` +
      `runs ${result.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s  file ${(result.fileBytes / 2 ** 20).toFixed(1)} MiB  rows ${totalRows.toLocaleString('en-US')}`,
  );
}
const largest = results.at(-1);
if (largest) {
  console.log(`\nrows per table at ${largest.scale}:`);
  for (const [table, rows] of Object.entries(largest.rows)) console.log(`  ${table.padEnd(22)} ${rows.toLocaleString('en-US').padStart(10)}`);
}
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, generation: results }, null, 2));
console.log(`\nresults written to ${file}`);
