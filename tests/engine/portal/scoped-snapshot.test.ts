/**
 * A client user's scope of a snapshot: every library formula run through it gives the granted
 * clients exactly their values on the whole snapshot and no other client; a formula that forgets to
 * filter by client still counts only the granted clients' rows; tables without a client column keep
 * the rows their formulas attribute to the granted clients; nothing else of the snapshot is reachable.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import type { ClientGrant } from '../../../engine/portal/client-grant.ts';
import { scopeRules } from '../../../engine/portal/scope-rules.ts';
import { openScopedSnapshot, openScopedSnapshots, type ScopedSnapshot } from '../../../engine/portal/scoped-snapshot.ts';
import { listClients } from '../../../engine/rating/clients.ts';
import type { ClientInfo } from '../../../engine/rating/model.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { tables } from '../../../snapshots/schema/index.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

let dir: string;
let dataFile: string;
let manifest: Manifest;
let whole: Sandbox;
let clients: readonly ClientInfo[];
let scope: ScopedSnapshot;
let scoped: Sandbox;
let granted: Set<number>;
let grant: ClientGrant;
const library = loadLibrary();
const index = indexFormulas(library.formulas);
const none = { values: {}, types: {} };

const count = async (sandbox: Sandbox, sql: string): Promise<number> => Number((await sandbox.query(sql, none, 'count'))[0]?.n);
const inGranted = () => `(${[...granted].join(', ')})`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-portal-scope-'));
  const workspace = resolveWorkspace(join(dir, 'ws'));
  manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 7 });
  dataFile = snapshotDataFile(workspace, manifest.id);
  whole = await openSnapshotSandbox(dataFile);
  clients = await listClients(whole);
  // One client by its number, and every client of another client's billing code.
  const byNumber = clients[2] as ClientInfo;
  const byCode = clients.find((client) => client.billingCode !== byNumber.billingCode && client.billingCode !== '') as ClientInfo;
  grant = { clientNumbers: [byNumber.clientNumber], billingCodes: [byCode.billingCode] };
  granted = new Set(clients.filter((client) => client === byNumber || client.billingCode === byCode.billingCode).map((client) => client.cltID));
  scope = await openScopedSnapshot(dataFile, grant, { agentNames: false });
  scoped = await scope.connect();
});
afterAll(() => {
  scoped?.close();
  scope?.close();
  whole?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a scope of a snapshot', () => {
  it('holds the clients granted by number and by billing code, and no other', () => {
    expect(scope.clients.map((client) => client.cltID).sort()).toEqual([...granted].sort());
    expect(granted.size).toBeGreaterThan(1);
  });

  it('gives every library formula the granted clients’ values on the whole snapshot, and no other client', async () => {
    const params = { start: manifest.period.start, end: manifest.period.end };
    const full = await createEvaluator({ sandbox: whole, snapshotKey: 'whole', index }).evaluate(library.formulas, params);
    const mine = await createEvaluator({ sandbox: scoped, snapshotKey: 'scoped', index }).evaluate(library.formulas, params);
    let nonZero = 0;
    for (const formula of library.formulas) {
      const expected = [...(full.results.get(formula.id)?.values ?? [])].filter(([cltID]) => granted.has(cltID));
      const values = [...(mine.results.get(formula.id)?.values ?? [])];
      expect({ formula: formula.id, values: new Map(values) }).toEqual({ formula: formula.id, values: new Map(expected) });
      nonZero += values.length;
    }
    expect(nonZero).toBeGreaterThan(100);
  });

  it('counts only the granted clients’ calls for a formula that forgot to filter by client', async () => {
    const forgetful = 'SELECT 1 AS cltID, count(*) AS value FROM statCallEnd';
    const [row] = await scoped.query(forgetful, none, 'forgetful');
    const all = await count(whole, 'SELECT count(*) AS n FROM statCallEnd');
    const mine = await count(whole, `SELECT count(*) AS n FROM statCallEnd WHERE cltId IN ${inGranted()}`);
    expect(Number(row?.value)).toBe(mine);
    expect(mine).toBeLessThan(all);
    expect(mine).toBeGreaterThan(0);
  });

  it('keeps exactly the granted clients’ rows of every table with a client column', async () => {
    for (const [table, column] of [
      ['cltClients', 'cltID'],
      ['statCallEnd', 'cltId'],
      ['msgMessages', 'cltID'],
      ['statDialouts', 'cltID'],
      ['statEmail', 'cltID'],
      ['statMergeComm', 'cltID'],
      ['dirListings', 'cltId'],
    ]) {
      const expected = await count(whole, `SELECT count(*) AS n FROM ${table} WHERE ${column} IN ${inGranted()}`);
      expect({ table, rows: await count(scoped, `SELECT count(*) AS n FROM ${table}`) }).toEqual({ table, rows: expected });
      expect(await count(scoped, `SELECT count(*) AS n FROM ${table} WHERE ${column} NOT IN ${inGranted()} OR ${column} IS NULL`)).toBe(0);
    }
  });

  it('keeps the rows of tables without a client column that their key attributes to a granted client', async () => {
    const expectations: [string, string][] = [
      ['statCallStart', `SELECT count(*) AS n FROM statCallStart s JOIN statCallEnd e USING (callId) WHERE e.cltId IN ${inGranted()}`],
      [
        'msgHistories',
        `SELECT count(*) AS n FROM msgHistories WHERE msgId IN (SELECT msgId FROM msgMessages WHERE cltID IN ${inGranted()}) OR msgId IN (SELECT msgID FROM statMergeComm WHERE cltID IN ${inGranted()})`,
      ],
      [
        'statDispatchDeleted',
        `SELECT count(*) AS n FROM statDispatchDeleted WHERE dispID IN (SELECT dispID FROM statDispatchAdded WHERE cltID IN ${inGranted()})`,
      ],
      ['statLogout', `SELECT count(*) AS n FROM statLogout WHERE agtId IN (SELECT agtID FROM dirListings WHERE cltId IN ${inGranted()})`],
      [
        'statDirectorySetup',
        `SELECT count(*) AS n FROM statDirectorySetup WHERE subId IN (SELECT subId FROM dirSubjects WHERE BillingcltID IN ${inGranted()})`,
      ],
    ];
    for (const [table, sql] of expectations) {
      expect({ table, rows: await count(scoped, `SELECT count(*) AS n FROM ${table}`) }).toEqual({ table, rows: await count(whole, sql) });
    }
    // Each is a true part of the whole table: the other clients' rows are not there.
    expect(await count(scoped, 'SELECT count(*) AS n FROM msgHistories')).toBeLessThan(await count(whole, 'SELECT count(*) AS n FROM msgHistories'));
  });

  it('keeps only the agents the granted clients’ rows name, without their names unless published', async () => {
    const agents = await count(scoped, 'SELECT count(*) AS n FROM agtAgents');
    expect(agents).toBeGreaterThan(0);
    expect(agents).toBeLessThan(await count(whole, 'SELECT count(*) AS n FROM agtAgents'));
    expect(await count(scoped, 'SELECT count(*) AS n FROM agtAgents WHERE Name IS NOT NULL OR Initials IS NOT NULL')).toBe(0);
    expect(await count(scoped, 'SELECT count(*) AS n FROM msgHistories h WHERE NOT EXISTS (SELECT 1 FROM agtAgents a WHERE a.agtId = h.agtId)')).toBe(
      await count(
        whole,
        `SELECT count(*) AS n FROM msgHistories h WHERE h.msgId IN (SELECT msgId FROM msgMessages WHERE cltID IN ${inGranted()}) AND NOT EXISTS (SELECT 1 FROM agtAgents a WHERE a.agtId = h.agtId)`,
      ),
    );
    const named = await openScopedSnapshot(dataFile, grant, { agentNames: true });
    const sandbox = await named.connect();
    try {
      expect(await count(sandbox, 'SELECT count(*) AS n FROM agtAgents WHERE Name IS NOT NULL')).toBe(agents);
    } finally {
      sandbox.close();
      named.close();
    }
  });

  it('reaches nothing else: no snapshot, no file, no other table', async () => {
    await expect(scoped.query('SELECT count(*) AS n FROM source.main.cltClients', none, 'peek')).rejects.toThrow();
    await expect(scoped.query(`SELECT * FROM read_parquet('${dataFile}')`, none, 'peek')).rejects.toThrow();
    const databases = await scoped.query("SELECT database_name FROM duckdb_databases() WHERE NOT internal AND database_name <> 'memory'", none, 'peek');
    expect(databases).toEqual([]);
    const names = (await scoped.query('SELECT table_name FROM duckdb_tables() ORDER BY table_name', none, 'peek')).map((row) => row.table_name);
    expect(names).toEqual(tables.map((table) => table.name).sort());
    await expect(scoped.query(`ATTACH '${dataFile}' AS again`, none, 'attach')).rejects.toThrow(/not a SELECT/);
  });

  it('holds no row at all for a grant that names no client of the snapshot', async () => {
    const empty = await openScopedSnapshot(dataFile, { clientNumbers: ['999999999'], billingCodes: ["x' OR '1'='1"] }, { agentNames: false });
    const sandbox = await empty.connect();
    try {
      expect(empty.clients).toEqual([]);
      for (const table of tables)
        expect({ table: table.name, rows: await count(sandbox, `SELECT count(*) AS n FROM ${table.name}`) }).toEqual({ table: table.name, rows: 0 });
    } finally {
      sandbox.close();
      empty.close();
    }
  });

  it('makes the same scopes for several grants at once, through one staging copy of their rows', async () => {
    const grants: ClientGrant[] = [
      grant,
      { clientNumbers: [clients[5]?.clientNumber as string], billingCodes: [] },
      { clientNumbers: ['999999999'], billingCodes: [] },
    ];
    for (const agentNames of [false, true]) {
      const staged = await openScopedSnapshots(dataFile, grants, { agentNames }, join(dir, `stage-${agentNames}.duckdb`));
      for (const [i, each] of grants.entries()) {
        const result = staged[i];
        if (result?.status !== 'fulfilled') throw new Error(`grant ${i} was not made`);
        const direct = await openScopedSnapshot(dataFile, each, { agentNames });
        const [a, b] = [await result.value.connect(), await direct.connect()];
        try {
          for (const table of tables) {
            const rows = async (sandbox: Sandbox) => JSON.stringify(await sandbox.query(`SELECT * FROM ${table.name} ORDER BY ALL`, none, 'rows'));
            expect({ grant: i, table: table.name, rows: await rows(a) }).toEqual({ grant: i, table: table.name, rows: await rows(b) });
          }
        } finally {
          a.close();
          b.close();
          direct.close();
          result.value.close();
        }
      }
      expect(existsSync(join(dir, `stage-${agentNames}.duckdb`))).toBe(false);
    }
  });

  it('has a rule for every IS table, once each', () => {
    expect(scopeRules.map((rule) => rule.table).sort()).toEqual(tables.map((table) => table.name).sort());
  });
});
