/** Test support for the formula engine: a formula made in a test, from an id and its SQL; a tiny demo snapshot. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

/** A custom counting formula whose id names its title, description and statistic. */
export const testFormula = (id: string, sql: string, params: Formula['params'] = []): Formula => ({
  kind: 'formula',
  id,
  title: id,
  description: id,
  unit: 'count',
  family: 'test',
  variant: 'custom',
  statistic: id,
  quirks: { reproduces: [], fixes: [] },
  params,
  sql,
  tests: [],
});

/** A tiny demo snapshot of October 2026 in a workspace of its own under the temp folder; `remove` deletes it. */
export async function tinyDemoSnapshot(seed: number): Promise<{ dataFile: string; manifest: Manifest; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-engine-'));
  const workspace = resolveWorkspace(dir);
  const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed });
  return { dataFile: snapshotDataFile(workspace, manifest.id), manifest, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
