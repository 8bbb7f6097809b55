/** `billing snapshot demo|extract|list|show|delete`. */
import type { Command } from 'commander';
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../snapshots/demo/scales.ts';
import { SnapshotError } from '../../snapshots/errors.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import { extractSnapshot } from '../../snapshots/sources/extract.ts';
import { openSource } from '../../snapshots/sources/open-source.ts';
import type { ExtractionEvent } from '../../snapshots/sources/progress.ts';
import { describeSource as nameSource } from '../../snapshots/sources/source.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import type { ClientRange } from '../../snapshots/store/selection.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { abandonPartialSnapshots, deleteSnapshot, listSnapshots, readManifest } from '../../snapshots/store/snapshot-store.ts';
import type { CliIo } from './cli-io.ts';
import type { ProgressBar } from './progress.ts';

export function registerSnapshotCommands(program: Command, io: CliIo): void {
  const snapshot = program.command('snapshot').description('create, list, inspect and delete period snapshots');

  snapshot
    .command('demo')
    .description('generate a realistic demo IS database and snapshot a period of it')
    .option(
      '--scale <scale>',
      'tiny (~20 clients, a week), small (~200 clients, a month), large (2,000 clients, a month) or year (large over a 12-month period)',
      'small',
    )
    .requiredOption('--period <period>', 'YYYY-MM, or YYYY-MM-DD..YYYY-MM-DD (inclusive)')
    .option('--seed <n>', 'seed of the generator: the same seed gives the same data', '1')
    .action(async (options: { scale: string; period: string; seed: string }) => {
      const seed = parseSeed(options.seed);
      const scale = scaleNamed(options.scale);
      const period = parsePeriod(options.period);
      const bar = io.progressBar();
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
    .command('extract')
    .description('snapshot a period of a live IS database (SQL Server, or a PostgreSQL replica), reading only')
    .requiredOption('--source <url>', 'mssql://user@host:1433/database or postgres://user@host:5432/database (password: BILLING_SOURCE_PASSWORD)')
    .requiredOption('--period <period>', 'YYYY-MM, or YYYY-MM-DD..YYYY-MM-DD (inclusive)')
    .option('--clients <A-B>', 'client number range, inclusive (default: all)')
    .option('--allow-empty', 'keep the snapshot even when the period has no call or message (refused otherwise)')
    .action(async (options: { source: string; period: string; clients?: string; allowEmpty?: boolean }) => {
      const period = parsePeriod(options.period);
      const clients = parseClientRange(options.clients);
      const { source, config } = openSource(options.source, io.env);
      const bar = io.progressBar();
      const controller = new AbortController();
      const cancel = interruptHandler(controller, io.workspace());
      process.on('SIGINT', cancel);
      try {
        const manifest = await extractSnapshot(io.workspace(), {
          source,
          secret: config.password,
          period,
          periodLabel: options.period,
          clients,
          allowEmpty: options.allowEmpty === true,
          signal: controller.signal,
          onProgress: extractionProgress(bar),
        });
        bar.stop();
        io.out(
          `Created snapshot ${manifest.id} from ${nameSource(source)} (${totalRows(manifest).toLocaleString('en-US')} rows in ${(manifest.elapsedMs / 1000).toFixed(1)} s)`,
        );
        for (const warning of manifest.warnings ?? []) io.out(`warning: ${warning}`);
      } finally {
        process.off('SIGINT', cancel);
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

/**
 * Ctrl-C during an extraction: the first cancels cleanly (the statement is stopped on the server and
 * no snapshot is kept); a second does not wait for that: it removes what was written (source data
 * included) and exits at once.
 */
export function interruptHandler(controller: AbortController, workspace: Workspace, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  return () => {
    if (!controller.signal.aborted) return controller.abort();
    abandonPartialSnapshots(workspace);
    exit(130);
  };
}

function parseSeed(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new SnapshotError('bad_seed', `--seed must be a whole number from 0 to 999999999, not "${text}".`);
  return Number(text);
}

function parseClientRange(text: string | undefined): ClientRange | null {
  if (text === undefined) return null;
  const match = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!match) throw new SnapshotError('bad_client_range', `--clients expects a range of client numbers like 1000-1999, not "${text}"`);
  return { from: match[1] as string, to: match[2] as string };
}

/** Extraction events on the progress bar: rows of the estimate, the table, rows/s and time left. */
function extractionProgress(bar: ProgressBar): (event: ExtractionEvent) => void {
  let rows = 0;
  let total = 1;
  return (event) => {
    if (event.kind === 'resumed') return bar.update(rows, total, `${event.table}: connection lost, resuming (attempt ${event.attempt})`);
    if (event.kind !== 'progress') return;
    [rows, total] = [event.rows, Math.max(1, event.rowsTotal)];
    const left = event.etaSeconds === null ? '' : `, ${event.etaSeconds} s left`;
    bar.update(rows, total, `${event.table} (${event.tablesDone}/${event.tables} tables), ${event.rowsPerSecond.toLocaleString('en-US')} rows/s${left}`);
  };
}

function totalRows(manifest: Manifest): number {
  return Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
}

function describeSource(manifest: Manifest): string {
  const { source } = manifest;
  return source.kind === 'demo' ? `demo ${source.scale} seed ${source.seed}` : `${source.kind} ${source.server}/${source.database}`;
}
