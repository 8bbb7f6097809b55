import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { be200Statistics } from '../../engine/be200/columns.ts';
import { createEvaluator } from '../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed, type ScaleName } from '../../snapshots/demo/scales.ts';
import { parsePeriod, parseStamp } from '../../snapshots/period.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { readIsRows } from './read-is-rows.ts';
import { computeLegacyStatistics, type Statistics } from './reference-model.ts';
import { computeConsensusStatistics } from './consensus-model.ts';

const library = loadLibrary();
const index = indexFormulas(library.formulas);
const legacy = library.formulas.filter((formula) => formula.variant === 'legacy');
const consensus = library.formulas.filter((formula) => formula.variant === 'consensus');

describe.each<[ScaleName, number]>([
  ['tiny', 1],
  ['small', 4],
])('every legacy column on a %s demo snapshot (seed %i)', (scale, seed) => {
  let dir: string;
  let manifest: Manifest;
  let sandbox: Sandbox;
  let expected: Statistics;
  let expectedConsensus: Statistics;
  const params = { time_cap_minutes: 3 } as Record<string, string | number>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-crosscheck-'));
    const workspace = resolveWorkspace(dir);
    manifest = await createDemoSnapshot(workspace, { scale: scaleNamed(scale), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed });
    params.start = manifest.period.start;
    params.end = manifest.period.end;
    sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, manifest.id));
    const rows = await readIsRows(sandbox.connection);
    const modelParams = { start: parseStamp(manifest.period.start), end: parseStamp(manifest.period.end), timeCapMinutes: 3 };
    expected = computeLegacyStatistics(rows, modelParams);
    expectedConsensus = computeConsensusStatistics(rows, modelParams);
  });
  afterAll(() => {
    sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a legacy formula for each of the 264 statistics, at its position', () => {
    expect(legacy.map((f) => [f.legacy?.position, f.legacy?.column]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      be200Statistics.map((column) => [column.position, column.name]),
    );
  });

  it('equals a row-by-row recomputation for every statistic and client, fused into few queries', async () => {
    const evaluation = await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index }).evaluate(legacy, params);
    expect(evaluation.queries).toBeLessThan(40);
    let nonZero = 0;
    for (const formula of legacy) {
      const ours = Object.fromEntries([...(evaluation.results.get(formula.id)?.values ?? [])].filter(([, v]) => v !== '0').map(([clt, v]) => [clt, v]));
      const theirs = Object.fromEntries([...(expected.get(formula.id) ?? new Map())].filter(([, v]) => v !== 0n).map(([clt, v]) => [clt, v.toString()]));
      expect(ours, formula.id).toEqual(theirs);
      if (Object.keys(theirs).length > 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(scale === 'tiny' ? 150 : 200);
  });

  it('computes every consensus variant as its row-by-row model does', async () => {
    const evaluation = await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index }).evaluate(consensus, params);
    for (const formula of consensus) {
      const ours = Object.fromEntries([...(evaluation.results.get(formula.id)?.values ?? [])].map(([clt, v]) => [clt, v]));
      const theirs = Object.fromEntries(
        [...(expectedConsensus.get(formula.statistic) ?? new Map())].filter(([, v]) => v !== 0n).map(([clt, v]) => [clt, v.toString()]),
      );
      expect(ours, formula.id).toEqual(theirs);
    }
  });

  it('gives the same results fused and one query per formula', async () => {
    const fused = await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index }).evaluate(legacy, params);
    const alone = await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index, fuse: false }).evaluate(legacy, params);
    expect(alone.queries).toBe(legacy.length);
    for (const formula of legacy) expect(fused.results.get(formula.id)?.values, formula.id).toEqual(alone.results.get(formula.id)?.values);
  });
});
