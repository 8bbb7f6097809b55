/** `billing snapshot demo|list|show|delete`. */
import type { Command } from 'commander';
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../snapshots/demo/scales.ts';
import { SnapshotError } from '../../snapshots/errors.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { deleteSnapshot, listSnapshots, readManifest } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { progressBar } from './progress.ts';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly workspace: () => Workspace;
}

export function registerSnapshotCommands(program: Command, io: CliIo): void {
  const snapshot = program.command('snapshot').description('create, list, inspect and delete period snapshots');

  snapshot
    .command('demo')
    .description('generate a realistic demo IS database and snapshot a period of it')
    .option('--scale <scale>', 'tiny (~20 clients, a week), small (~200 clients, a month) or large (2,000 clients, a month)', 'small')
    .requiredOption('--period <period>', 'YYYY-MM, or YYYY-MM-DD..YYYY-MM-DD (inclusive)')
    .option('--seed <n>', 'seed of the generator: the same seed gives the same data', '1')
    .action(async (options: { scale: string; period: string; seed: string }) => {
      const seed = parseSeed(options.seed);
      const scale = scaleNamed(options.scale);
      const period = parsePeriod(options.period);
      const bar = progressBar();
      try {
        const manifest = await createDemoSnapshot(io.workspace(), {
          scale,
          period,
          periodLabel: options.period,
          seed,
          onProgress: ({ done, total, step }) => bar.update(done, total, step),
        });
        bar.stop();
        io.out(`Created snapshot ${manifest.id} (${totalRows(manifest).toLocaleString('en-US')} rows in ${(manifest.elapsedMs / 1000).toFixed(1)} s)`);
      } finally {
        bar.stop();
      }
    });

  snapshot
    .command('list')
    .description('list the snapshots in the workspace')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const manifests = listSnapshots(io.workspace());
      if (options.json) return io.out(JSON.stringify(manifests, null, 2));
      if (manifests.length === 0) return io.out('No snapshots yet. Create one with: billing snapshot demo --scale small --period 2026-10');
      io.out(['ID', 'SOURCE', 'PERIOD', 'ROWS', 'CREATED'].join('\t'));
      for (const m of manifests) {
        io.out([m.id, describeSource(m), `${m.period.start} .. ${m.period.end}`, totalRows(m), m.createdAt].join('\t'));
      }
    });

  snapshot
    .command('show <id>')
    .description('show a snapshot manifest: source, period, row counts and checksums')
    .action((id: string) => io.out(JSON.stringify(readManifest(io.workspace(), id), null, 2)));

  snapshot
    .command('delete <id>')
    .description('delete a snapshot')
    .action((id: string) => {
      deleteSnapshot(io.workspace(), id);
      io.out(`Deleted snapshot ${id}`);
    });
}

function parseSeed(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new SnapshotError('bad_seed', `--seed must be a whole number from 0 to 999999999, not "${text}".`);
  return Number(text);
}

function totalRows(manifest: Manifest): number {
  return Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
}

function describeSource(manifest: Manifest): string {
  const { source } = manifest;
  return source.kind === 'demo' ? `demo ${source.scale} seed ${source.seed}` : `${source.kind} ${source.server}/${source.database}`;
}
