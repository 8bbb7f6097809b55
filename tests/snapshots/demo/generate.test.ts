import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEdgeCases, edgeCases } from '../../../snapshots/demo/edge-cases.ts';
import {
  agentTypes,
  callKinds,
  completionCodes,
  dispatchReasons,
  mergeCommSourceTypes,
  stationTypes,
  tables,
  quoteIdent,
  type CodeTable,
} from '../../../snapshots/schema/index.ts';
import { tableStats } from '../../../snapshots/store/checksums.ts';
import { openDemoSource, type DemoSourceFixture } from './demo-source.ts';

const codesOf = (table: CodeTable) => table.codes.map((code) => code.code).join(', ');

describe('the demo IS database (tiny)', () => {
  let demo: DemoSourceFixture;
  beforeAll(async () => {
    demo = await openDemoSource({ scale: 'tiny', seed: 1 });
  });
  afterAll(() => demo.close());

  it('writes rows to every IS table', () => {
    for (const table of tables) expect(demo.rowCounts[table.name], table.name).toBeGreaterThan(0);
  });

  it('keeps every primary key unique', async () => {
    for (const table of tables.filter((t) => t.primaryKey.length > 0)) {
      const key = table.primaryKey.map(quoteIdent).join(', ');
      const duplicates = await demo.scalar(`SELECT count(*) - count(DISTINCT (${key})) FROM ${quoteIdent(table.name)}`);
      expect(duplicates, table.name).toBe(0);
    }
  });

  it('keeps every reference that IS cannot leave dangling, and leaves the others dangling only rarely', async () => {
    for (const table of tables) {
      for (const ref of table.references) {
        const dangling = await demo.scalar(
          `SELECT count(*) FROM ${quoteIdent(table.name)} t WHERE t.${quoteIdent(ref.column)} IS NOT NULL AND NOT EXISTS
           (SELECT 1 FROM ${quoteIdent(ref.table)} r WHERE r.${quoteIdent(ref.targetColumn)} = t.${quoteIdent(ref.column)})`,
        );
        const total = await demo.scalar(`SELECT count(*) FROM ${quoteIdent(table.name)}`);
        if (ref.mayDangle) expect(dangling / total, `${table.name}.${ref.column}`).toBeLessThan(0.01);
        else expect(dangling, `${table.name}.${ref.column} -> ${ref.table}`).toBe(0);
      }
    }
  });

  it("adds up each call's state counters to its elapsed time within a second", async () => {
    const counters = tables
      .find((t) => t.name === 'statCallEnd')!
      .columns.filter((c) => /^(un)?sel/.test(c.name))
      .map((c) => `e.${c.name}`);
    expect(counters).toHaveLength(28);
    const worst = await demo.scalar(
      `SELECT max(abs(epoch_ms(e.Stamp) - epoch_ms(s.Stamp) - 1000 * (${counters.join(' + ')})))
       FROM statCallEnd e JOIN statCallStart s USING (callId)`,
    );
    expect(worst).toBeLessThanOrEqual(1000);
    expect(await demo.scalar(`SELECT count(*) FROM statCallEnd e WHERE least(${counters.join(', ')}) < 0`)).toBe(0);
  });

  it('uses only codes that the code tables define', async () => {
    const checks: [string, CodeTable | string][] = [
      ['SELECT count(*) FROM statCallEnd WHERE Kind NOT IN (%)', callKinds],
      ['SELECT count(*) FROM statCallEnd WHERE CompCode NOT IN (%)', completionCodes],
      ['SELECT count(*) FROM agtAgents WHERE agtType NOT IN (%)', agentTypes],
      ['SELECT count(*) FROM statLogout WHERE stationType NOT IN (%)', stationTypes],
      ['SELECT count(*) FROM statMergeComm WHERE SourceType NOT IN (%)', mergeCommSourceTypes],
      ['SELECT count(*) FROM statDispatchDeleted WHERE Reason NOT IN (%)', dispatchReasons],
      // Type 2 is deliberate: IS may record other maintenance types, which the report ignores (B.8).
      ['SELECT count(*) FROM statClientMaintenance WHERE Type NOT IN (%)', '0, 1, 2'],
    ];
    for (const [sql, codes] of checks) {
      expect(await demo.scalar(sql.replace('%', typeof codes === 'string' ? codes : codesOf(codes))), sql).toBe(0);
    }
  });

  it('stamps every event on a SQL Server datetime tick (.000, .003, .007 ...)', async () => {
    for (const [table, column] of [
      ['statCallEnd', 'Stamp'],
      ['statCallStart', 'Stamp'],
      ['msgHistories', 'Stamp'],
      ['statLogout', 'Logout'],
      ['statDispatchDeleted', 'Timestamp'],
    ]) {
      const offTick = await demo.scalar(`SELECT count(*) FROM ${table} WHERE epoch_ms(${column}) % 10 NOT IN (0, 3, 7)`);
      expect(offTick, `${table}.${column}`).toBe(0);
    }
  });

  it('orders the life of jobs and sessions: logout after login, removal after creation, completion after start', async () => {
    expect(await demo.scalar('SELECT count(*) FROM statLogout WHERE Logout < Login')).toBe(0);
    expect(await demo.scalar('SELECT count(*) FROM statDispatchDeleted d JOIN statDispatchAdded a USING (dispID) WHERE d.Timestamp < a.Timestamp')).toBe(0);
    expect(
      await demo.scalar(`SELECT count(*) FROM msgHistories c WHERE c.DispositionId = 36
        AND c.Stamp < (SELECT min(s.Stamp) FROM msgHistories s WHERE s.msgId = c.msgId AND s.DispositionId = 35)`),
    ).toBe(0);
  });

  it('has messages taken and delivered by people and by system components, some urgent', async () => {
    const byType = await demo.rows(
      `SELECT a.agtType, h.DispositionId, count(*) AS n FROM msgHistories h JOIN agtAgents a USING (agtId)
       WHERE h.DispositionId IN (0, 2) GROUP BY ALL`,
    );
    const takers = new Set(byType.filter((r) => r.DispositionId === 0).map((r) => r.agtType));
    const deliverers = new Set(byType.filter((r) => r.DispositionId === 2).map((r) => r.agtType));
    expect(takers.has(0) && takers.size).toBeGreaterThanOrEqual(4);
    expect(deliverers.has(0) && deliverers.size).toBeGreaterThanOrEqual(8);
    const urgentShare = await demo.scalar('SELECT avg(Urgent::INT) FROM msgMessages');
    expect(urgentShare).toBeGreaterThan(0.05);
    expect(urgentShare).toBeLessThan(0.25);
  });

  it('contains every hard case, counted in the data itself', async () => {
    const counts = await countEdgeCases(demo.connection, demo.period);
    for (const edgeCase of edgeCases) expect(counts[edgeCase.name], edgeCase.description).toBeGreaterThan(0);
  });
});

describe('the demo generator', () => {
  it('gives identical data for the same seed and different data for another', async () => {
    const stats = async (seed: number) => {
      const demo = await openDemoSource({ scale: 'tiny', seed });
      try {
        return await tableStats(demo.connection, tables, 'source');
      } finally {
        demo.close();
      }
    };
    const [first, again, other] = [await stats(11), await stats(11), await stats(12)];
    expect(again).toEqual(first);
    for (const table of tables.filter((t) => t.role === 'fact')) {
      expect(other[table.name]!.checksum, table.name).not.toBe(first[table.name]!.checksum);
    }
  });
});

describe('the demo IS database (small)', () => {
  let demo: DemoSourceFixture;
  beforeAll(async () => {
    demo = await openDemoSource({ scale: 'small', seed: 1 });
  });
  afterAll(() => demo.close());

  it('has about 100,000 calls in the month, from about 200 clients', async () => {
    const calls = await demo.scalar(`SELECT count(*) FROM statCallEnd WHERE Stamp BETWEEN TIMESTAMP '2026-10-01' AND TIMESTAMP '2026-10-31 23:59:59.997'`);
    expect(calls).toBeGreaterThan(90_000);
    expect(calls).toBeLessThan(130_000);
    expect(await demo.scalar('SELECT count(*) FROM cltClients')).toBe(200);
  });

  it('mixes call kinds plausibly: mostly secretarial, every kind present', async () => {
    const kinds = await demo.rows('SELECT Kind, count(*) AS n FROM statCallEnd GROUP BY Kind');
    const total = kinds.reduce((sum, k) => sum + Number(k.n), 0);
    const share = (kind: number) => Number(kinds.find((k) => k.Kind === kind)?.n ?? 0) / total;
    expect(share(1)).toBeGreaterThan(0.45);
    expect(share(1)).toBeLessThan(0.65);
    expect(share(2)).toBeGreaterThan(share(3));
    expect(kinds.map((k) => k.Kind).sort((a, b) => Number(a) - Number(b))).toEqual(callKinds.codes.map((c) => c.code));
  });

  it('answers most secretarial calls and abandons a few, with talk time in minutes not hours', async () => {
    const [row] = await demo.rows(`SELECT avg((CompCode = 3)::INT) AS abandoned, median(selTalk) AS talk FROM statCallEnd WHERE Kind = 1`);
    expect(Number(row!.abandoned)).toBeGreaterThan(0.02);
    expect(Number(row!.abandoned)).toBeLessThan(0.1);
    expect(Number(row!.talk)).toBeGreaterThan(30);
    expect(Number(row!.talk)).toBeLessThan(180);
  });
});
