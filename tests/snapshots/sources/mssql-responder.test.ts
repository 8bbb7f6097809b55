/**
 * The SQL Server source through the real mssql driver against the TDS responder on loopback: the
 * contract suite, then what the driver sends (read-only intent, SELECTs only, isolation, cancel).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, tables } from '../../../snapshots/schema/index.ts';
import { extractSnapshot, type ExtractRequest } from '../../../snapshots/sources/extract.ts';
import { openSource } from '../../../snapshots/sources/open-source.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { afterFirstBatchOf, runSourceContract, type SourceFixture, type UrlOptions } from './contract.ts';
import { openDemoFixture, type DemoFixture } from './demo-fixture.ts';
import { startTcpProxy } from './tcp-proxy.ts';
import { startTdsResponder, type TdsResponder } from './tds-responder.ts';
import { castLiteral, variantViews } from './variants.ts';

const PASSWORD = 'tds-never-shown-41b9';

interface ResponderBed {
  readonly demo: DemoFixture;
  readonly responder: TdsResponder;
  url(options?: UrlOptions & { password?: string }): string;
  close(): Promise<void>;
}

/** The demo data in DuckDB, its tables as views in schema dbo, served by the responder as database IS. */
async function openResponderBed(seed = 11): Promise<ResponderBed> {
  const demo = await openDemoFixture({ seed });
  await demo.connection.run(`CREATE SCHEMA ${demo.catalog}.dbo`);
  for (const table of tables) {
    await demo.connection.run(`CREATE VIEW ${demo.catalog}.dbo.${quoteIdent(table.name)} AS SELECT * FROM ${demo.catalog}.main.${quoteIdent(table.name)}`);
  }
  const responder = await startTdsResponder({ instance: demo.instance, catalog: demo.catalog, user: 'reader', password: PASSWORD, database: 'IS' });
  return {
    demo,
    responder,
    url({ host = '127.0.0.1', port = responder.port, schema, params = {}, password = PASSWORD } = {}) {
      const query = new URLSearchParams({ encrypt: 'false', ...(schema ? { schema } : {}), ...params }).toString();
      return `mssql://reader:${password}@${host}:${port}/IS?${query}`;
    },
    async close() {
      await responder.close();
      demo.close();
    },
  };
}

runSourceContract({
  name: 'SQL Server (mssql driver, TDS responder)',
  async setup(): Promise<SourceFixture> {
    const bed = await openResponderBed();
    const { demo, responder } = bed;
    return {
      kind: 'sqlserver',
      demo,
      host: '127.0.0.1',
      port: responder.port,
      password: PASSWORD,
      url: (options) => bed.url(options),
      refusedLogin: { url: bed.url({ password: 'wrong-password-9c1e' }), password: 'wrong-password-9c1e' },
      // Deterministic: the responder itself drops the socket after 1,000 rows of the table.
      async dropMidTable(table) {
        responder.dropAfterRows(table, 1000);
        return { url: bed.url(), onProgress: () => {}, close: async () => {} };
      },
      async variant(name, spec) {
        await demo.connection.run(`CREATE SCHEMA ${demo.catalog}.${name}`);
        const views = variantViews(
          spec,
          (table) => `${demo.catalog}.main.${quoteIdent(table)}`,
          (table) => `${demo.catalog}.${name}.${quoteIdent(table)}`,
          {
            quote: quoteIdent,
            literal: (value, column) => castLiteral(value, column.duckdbType),
          },
        );
        for (const view of views) await demo.connection.run(view);
        return name;
      },
      close: () => bed.close(),
    };
  },
});

describe('the SQL Server source, as the responder sees it', () => {
  let bed: ResponderBed;
  const dirs: string[] = [];
  beforeAll(async () => {
    bed = await openResponderBed(13);
  });
  afterAll(async () => {
    await bed?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const extract = (url: string, options: Partial<ExtractRequest> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'billing-extract-'));
    dirs.push(dir);
    const { source, config } = openSource(url, {});
    return extractSnapshot(resolveWorkspace(dir), { source, secret: config.password, period: bed.demo.period, periodLabel: '2026-10', ...options });
  };
  const since = (mark: number) => bed.responder.statements.slice(mark);

  it('logs in with ApplicationIntent=ReadOnly and sends only SELECTs with explicit columns, besides the driver’s SET options', async () => {
    const [logins, statements] = [bed.responder.logins.length, bed.responder.statements.length];
    await extract(bed.url());
    expect(bed.responder.logins.slice(logins).every((login) => login.readOnlyIntent)).toBe(true);
    const sent = since(statements);
    const queries = sent.filter((sql) => !/^set /.test(sql));
    expect(queries.length).toBeGreaterThan(24);
    for (const sql of queries) expect(sql).toMatch(/^SELECT (?!\*)/);
    expect(sent.find((sql) => /^set /.test(sql))).toContain('set transaction isolation level read committed');
  });

  it('reads with READ UNCOMMITTED only when the URL asks for it', async () => {
    const mark = bed.responder.statements.length;
    await extract(bed.url({ params: { readUncommitted: 'true' } }));
    expect(since(mark).find((sql) => /^set /.test(sql))).toContain('set transaction isolation level read uncommitted');
  });

  it('cancels the statement on the server with an ATTENTION the server acknowledges', async () => {
    const proxy = await startTcpProxy(bed.responder.port);
    proxy.delayMs = 2;
    const controller = new AbortController();
    const attentions = bed.responder.attentions();
    try {
      const started = performance.now();
      await expect(
        extract(bed.url({ port: proxy.port }), {
          signal: controller.signal,
          batchRows: 200,
          onProgress: afterFirstBatchOf('msgHistories', () => controller.abort()),
        }),
      ).rejects.toMatchObject({ code: 'cancelled' });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(bed.responder.attentions()).toBeGreaterThan(attentions);
    } finally {
      await proxy.close();
    }
  });
});
