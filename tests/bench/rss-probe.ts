/**
 * Peak RSS of our own work alone: the full export (a cold sandbox, then warm runs), a formula edit
 * and both what-ifs, in a process that does nothing else — no naive or PostgreSQL baseline, no
 * second sandbox held open by the benchmark. run.ts starts it as a child process:
 *
 *   node --import tsx tests/bench/rss-probe.ts <data.duckdb> <manifest.json> <runs>
 *
 * and reads one line of JSON: { "peakRssBytes": …, "phases": { "export": …, … } } (each phase's own peak).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { exportBe200 } from '../../server/services/be200-export.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { benchFormulaEdit } from './formula-edit.ts';
import { heldOpen } from './sessions.ts';
import { rssSampler } from './stats.ts';
import { benchTimeCapWhatIf, benchWhatIf } from './what-if.ts';

export interface OwnRss {
  readonly peakRssBytes: number;
  /** The peak while each phase ran. */
  readonly phases: Readonly<Record<'export' | 'formulaEdit' | 'whatIf' | 'timeCapWhatIf', number>>;
}

/** Runs the probe in a child process and returns its peak RSS in bytes, overall and per phase. */
export function ownPeakRss(dataFile: string, manifestFile: string, runs: number): OwnRss {
  const output = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dataFile, manifestFile, String(runs)], {
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as OwnRss;
}

async function probe(dataFile: string, manifest: Manifest, runs: number): Promise<OwnRss> {
  const phase = async (work: () => Promise<unknown>): Promise<number> => {
    const sampler = rssSampler();
    await work();
    return sampler.stop();
  };
  const exported = await phase(() => fullExport(dataFile, manifest, runs));
  const formulaEdit = await phase(() => benchFormulaEdit(dataFile, manifest, runs));
  const whatIf = await phase(() => benchWhatIf(dataFile, manifest, runs));
  const timeCapWhatIf = await phase(() => benchTimeCapWhatIf(dataFile, manifest, runs));
  return { peakRssBytes: Math.max(exported, formulaEdit, whatIf, timeCapWhatIf), phases: { export: exported, formulaEdit, whatIf, timeCapWhatIf } };
}

/** The full export on a new sandbox, then `runs` more times on it with the result cache emptied. */
async function fullExport(dataFile: string, manifest: Manifest, runs: number): Promise<void> {
  const library = loadLibrary();
  const formulas = { formulas: library.formulas, index: indexFormulas(library.formulas) };
  const params = { time_cap_minutes: 10 };
  const sandbox = await openSnapshotSandbox(dataFile);
  try {
    const snapshots = heldOpen(manifest, sandbox);
    for (let run = 0; run <= runs; run++) await exportBe200({ snapshots }, formulas, { snapshot: manifest.id, variant: 'legacy', params, includeCltId: true });
  } finally {
    sandbox.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dataFile, manifestFile, runs] = process.argv.slice(2) as [string, string, string];
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  console.log(JSON.stringify(await probe(dataFile, manifest, Number(runs))));
}
