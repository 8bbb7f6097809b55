/**
 * The contract every live IS source honours, run by one test file per source (as hono runs one
 * router case suite against every router): exact extraction over TCP, exact types, client ranges,
 * resume after a dropped connection, schema drift, refused logins, unreachable servers, cancel,
 * and a source slower than the sink. A case a source cannot run is skipped with its reason.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotError } from '../../../snapshots/errors.ts';
import { extractSnapshot, type ExtractRequest } from '../../../snapshots/sources/extract.ts';
import { openSource } from '../../../snapshots/sources/open-source.ts';
import type { ExtractionEvent } from '../../../snapshots/sources/progress.ts';
import type { SourceKind } from '../../../snapshots/sources/source.ts';
import { openSnapshot } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace, type Workspace } from '../../../snapshots/store/workspace.ts';
import type { DemoFixture } from './demo-fixture.ts';
import { closedPort, startBlackhole, startTcpProxy } from './tcp-proxy.ts';
import type { SchemaVariant } from './variants.ts';

export interface UrlOptions {
  readonly host?: string;
  readonly port?: number;
  readonly schema?: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** A fault armed for one extraction: the URL to extract from and the progress hook that pulls the trigger. */
export interface Fault {
  readonly url: string;
  readonly onProgress: (event: ExtractionEvent) => void;
  close(): Promise<void>;
}

export interface SourceFixture {
  readonly kind: SourceKind;
  readonly demo: DemoFixture;
  /** Where the source listens (a proxy on loopback can stand in front of it). */
  readonly host: string;
  readonly port: number;
  /** The password in `url()`: it must never show in messages, events or manifests. */
  readonly password: string;
  url(options?: UrlOptions): string;
  /** A URL whose login the source refuses, and the password in it (never to be shown). */
  readonly refusedLogin: { readonly url: string; readonly password: string };
  /** Arms a one-shot drop of the connection while `table` streams. */
  dropMidTable(table: string): Promise<Fault>;
  /** A schema of views over the base tables, changed as asked; undefined when the source cannot. */
  readonly variant: ((name: string, spec: SchemaVariant) => Promise<string>) | undefined;
  close(): Promise<void>;
}

export interface SourceHarness {
  readonly name: string;
  /** Set when the source cannot run here: the reason. */
  readonly skip?: string;
  setup(): Promise<SourceFixture>;
}

/**
 * A drop through a loopback proxy, cut once `table` has written its first batch. Deterministic
 * for sources that fetch batch by batch; for push streams the cut may land in a later statement.
 */
export async function proxyDrop(fixture: Pick<SourceFixture, 'host' | 'port' | 'url'>, table: string): Promise<Fault> {
  const proxy = await startTcpProxy(fixture.port, fixture.host);
  return { url: fixture.url({ host: '127.0.0.1', port: proxy.port }), onProgress: afterFirstBatchOf(table, () => proxy.cut()), close: () => proxy.close() };
}

/** A progress hook that runs `action` once, when `table` has written its first batch of rows. */
export function afterFirstBatchOf(table: string, action: () => void): (event: ExtractionEvent) => void {
  let started: number | undefined;
  let done = false;
  return (event) => {
    if (done || event.kind !== 'progress' || event.table !== table) return;
    if (started === undefined) started = event.rows;
    else if (event.rows > started) {
      done = true;
      action();
    }
  };
}

const EXACT_ROWS: SchemaVariant['extraRows'] = {
  cltClients: [
    {
      cltID: '900001',
      ClientNumber: '123456789012345678',
      ClientName: 'Exact Values Ltd',
      BillingCode: null,
      Inactive: true,
      Stamp: '2026-10-07 23:59:59.997',
    },
    // Text that CSV must quote (a bulk path), and the empty text, which is not NULL.
    {
      cltID: '900002',
      ClientNumber: '123456789012345679',
      ClientName: 'Smith, "Jones"\nand Sons',
      BillingCode: '',
      Inactive: false,
      Stamp: '2026-10-07 12:00:00.000',
    },
  ],
  statClientMaintenance: [
    { ID: '9007199254740993', cltID: '900001', agtID: null, Stamp: '2026-10-01 00:00:00.003', Type: '0', Duration: '-9007199254740993', Saved: false },
  ],
};

export function runSourceContract(harness: SourceHarness): void {
  describe(`${harness.name}: the source contract`, () => {
    if (harness.skip) {
      it('runs the contract suite', (context) => context.skip(harness.skip));
      return;
    }
    let fixture: SourceFixture;
    const dirs: string[] = [];
    beforeAll(async () => {
      fixture = await harness.setup();
    });
    afterAll(async () => {
      await fixture?.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    const freshWorkspace = (): Workspace => {
      const dir = mkdtempSync(join(tmpdir(), 'billing-extract-'));
      dirs.push(dir);
      return resolveWorkspace(dir);
    };
    const extract = async (url: string, options: Partial<ExtractRequest> = {}, workspace = freshWorkspace()) => {
      const events: ExtractionEvent[] = [];
      const { source, config } = openSource(url, {});
      const manifest = await extractSnapshot(workspace, {
        source,
        secret: config.password,
        period: fixture.demo.period,
        periodLabel: '2026-10',
        chunkRows: 1000,
        retryDelayMs: 10,
        ...options,
        onProgress: (event) => {
          events.push(event);
          options.onProgress?.(event);
        },
      });
      return { manifest, events, workspace };
    };
    const failure = async (url: string, options: Partial<ExtractRequest> = {}) => {
      const workspace = freshWorkspace();
      const error = await extract(url, options, workspace).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(SnapshotError);
      return { error: error as SnapshotError, workspace };
    };
    const leftNothing = (workspace: Workspace) => expect(existsSync(workspace.snapshotsDir) ? readdirSync(workspace.snapshotsDir) : []).toEqual([]);
    const withoutTables = (stats: Record<string, unknown>, names: readonly string[]) =>
      Object.fromEntries(Object.entries(stats).filter(([name]) => !names.includes(name)));
    const requireVariant = (context: { skip: (note?: string) => never }) => {
      if (!fixture.variant) context.skip(`${harness.name} cannot create schema variants here`);
      return fixture.variant as NonNullable<SourceFixture['variant']>;
    };

    it('copies the period exactly in chunks: every table has the demo snapshot’s row count and checksum', async () => {
      const { manifest, events, workspace } = await extract(fixture.url());
      expect(manifest.tables).toEqual(fixture.demo.expected);
      expect(manifest.source).toEqual({ kind: fixture.kind, server: `${fixture.host}:${fixture.port}`, database: expect.any(String) });
      expect(manifest.warnings).toBeUndefined();
      expect(manifest.clients).toBeNull();
      const everything = JSON.stringify(events) + readFileSync(join(workspace.snapshotsDir, manifest.id, 'manifest.json'), 'utf8');
      expect(everything).not.toContain(fixture.password);
    });

    it('keeps exact values: datetime milliseconds, bit, numeric(18,0), bigint beyond 2^53, quoted text and the empty text', async (context) => {
      const schema = await requireVariant(context)('exact_values', { extraRows: EXACT_ROWS });
      const { manifest, workspace } = await extract(fixture.url({ schema }));
      const snapshot = await openSnapshot(workspace, manifest.id);
      try {
        const read = async (sql: string) => (await snapshot.connection.runAndReadAll(sql)).getRowObjectsJson();
        expect(await read('SELECT ClientNumber, Inactive, Stamp, BillingCode FROM cltClients WHERE cltID = 900001')).toEqual([
          { ClientNumber: '123456789012345678', Inactive: true, Stamp: '2026-10-07 23:59:59.997', BillingCode: null },
        ]);
        expect(await read('SELECT ClientName, BillingCode FROM cltClients WHERE cltID = 900002')).toEqual([
          { ClientName: 'Smith, "Jones"\nand Sons', BillingCode: '' },
        ]);
        expect(await read('SELECT ID, Duration, Stamp, Saved, agtID FROM statClientMaintenance WHERE cltID = 900001')).toEqual([
          { ID: '9007199254740993', Duration: '-9007199254740993', Stamp: '2026-10-01 00:00:00.003', Saved: false, agtID: null },
        ]);
      } finally {
        snapshot.close();
      }
      expect(withoutTables(manifest.tables, ['cltClients', 'statClientMaintenance'])).toEqual(
        withoutTables(fixture.demo.expected, ['cltClients', 'statClientMaintenance']),
      );
    });

    it('extracts a client range: the clients in range and the facts that name them', async () => {
      const numbers = await fixture.demo.rows(`SELECT ClientNumber FROM ${fixture.demo.catalog}.cltClients ORDER BY ClientNumber LIMIT 5 OFFSET 3`);
      const clients = { from: String(numbers[0]?.ClientNumber), to: String(numbers[4]?.ClientNumber) };
      const { manifest } = await extract(fixture.url(), { clients });
      expect(manifest.clients).toEqual(clients);
      expect(manifest.tables.cltClients?.rows).toBe(5);
      expect(manifest.tables).toEqual(await fixture.demo.expectedFor(clients));
      expect(manifest.tables.statCallEnd?.rows).toBeLessThan(fixture.demo.expected.statCallEnd?.rows ?? 0);
    });

    it('resumes after the connection drops mid-table, with no duplicate and no missing row', async () => {
      const fault = await fixture.dropMidTable('msgHistories');
      try {
        const { manifest, events } = await extract(fault.url, { batchRows: 500, chunkRows: 5000, onProgress: fault.onProgress });
        expect(events.filter((event) => event.kind === 'resumed')).toHaveLength(1);
        expect(manifest.tables).toEqual(fixture.demo.expected);
      } finally {
        await fault.close();
      }
    });

    it('stops with an error naming a missing table, and leaves no snapshot', async (context) => {
      const schema = await requireVariant(context)('no_fax', { dropTables: ['statFax'] });
      const { error, workspace } = await failure(fixture.url({ schema }));
      expect(error.code).toBe('source_schema_mismatch');
      expect(error.message).toMatch(/table statFax\b/);
      leftNothing(workspace);
    });

    it('stops with an error naming a missing column that the legacy report reads', async (context) => {
      const schema = await requireVariant(context)('no_compcode', { dropColumns: { statCallEnd: ['CompCode'] } });
      const { error } = await failure(fixture.url({ schema }));
      expect(error.code).toBe('source_schema_mismatch');
      expect(error.message).toContain('column statCallEnd.CompCode');
    });

    it('fills a missing optional column (NULL, or false when NOT NULL), warns in the manifest, ignores unknown live columns', async (context) => {
      const schema = await requireVariant(context)('drifted', {
        dropColumns: { statCallEnd: ['agtId'], cltClients: ['Inactive'] },
        addColumns: { statCallEnd: ['FutureColumn'] },
      });
      const { manifest, workspace } = await extract(fixture.url({ schema }));
      expect(manifest.warnings).toEqual([
        'cltClients.Inactive (optional) is missing in the source: filled with false (the column is NOT NULL).',
        'statCallEnd.agtId (optional) is missing in the source: filled with NULL.',
      ]);
      const snapshot = await openSnapshot(workspace, manifest.id);
      try {
        const read = async (sql: string) => (await snapshot.connection.runAndReadAll(sql)).getRowObjectsJson();
        expect(await read('SELECT count(*) FILTER (WHERE agtId IS NOT NULL) AS filled, count(*) AS n FROM statCallEnd')).toEqual([
          { filled: '0', n: String(fixture.demo.expected.statCallEnd?.rows) },
        ]);
        expect(await read('SELECT DISTINCT Inactive FROM cltClients')).toEqual([{ Inactive: false }]);
      } finally {
        snapshot.close();
      }
      expect(withoutTables(manifest.tables, ['cltClients', 'statCallEnd'])).toEqual(withoutTables(fixture.demo.expected, ['cltClients', 'statCallEnd']));
    });

    it('refuses a wrong login with a clear error that never shows the password', async () => {
      const { error, workspace } = await failure(fixture.refusedLogin.url);
      expect(error.code).toBe('source_login_failed');
      expect(error.message).toContain(`${fixture.host}:${fixture.port}`);
      expect(inspect(error)).not.toContain(fixture.refusedLogin.password);
      leftNothing(workspace);
    });

    it('fails at once on a closed port, and within the connect timeout on a server that never answers', async () => {
      const refused = await failure(fixture.url({ host: '127.0.0.1', port: await closedPort() }));
      expect(refused.error.code).toBe('source_unreachable');
      const blackhole = await startBlackhole();
      try {
        const started = performance.now();
        const hung = await failure(fixture.url({ host: '127.0.0.1', port: blackhole.port, params: { connectTimeout: '700' } }));
        const elapsed = performance.now() - started;
        expect(hung.error.code).toBe('source_unreachable');
        expect(elapsed).toBeGreaterThan(500);
        expect(elapsed).toBeLessThan(5000);
        expect(hung.error.message).not.toContain(fixture.password);
      } finally {
        await blackhole.close();
      }
    });

    it('cancels mid-table through an AbortSignal and leaves no snapshot and no partial folder', async () => {
      const controller = new AbortController();
      const { error, workspace } = await failure(fixture.url(), {
        signal: controller.signal,
        batchRows: 500,
        onProgress: afterFirstBatchOf('msgHistories', () => controller.abort()),
      });
      expect(error.code).toBe('cancelled');
      leftNothing(workspace);
    });

    it('waits for a source slower than the sink, and reports rows per second and an ETA', async () => {
      const proxy = await startTcpProxy(fixture.port, fixture.host);
      proxy.delayMs = 1;
      try {
        const { manifest, events } = await extract(fixture.url({ host: '127.0.0.1', port: proxy.port }), { batchRows: 500 });
        expect(manifest.tables).toEqual(fixture.demo.expected);
        const progress = events.filter((event) => event.kind === 'progress');
        expect(progress.some((event) => event.rowsPerSecond > 0 && event.etaSeconds !== null && event.etaSeconds > 0)).toBe(true);
        expect(progress.at(-1)).toMatchObject({ tablesDone: 24, tables: 24, etaSeconds: 0 });
      } finally {
        await proxy.close();
      }
    });
  });
}
