/**
 * Stored row expressions: a fused group over a join whose formulas share a computed row value reads
 * it stored beside the join's derived facts, and gives exactly what each formula gives alone over
 * the snapshot tables; an expression one formula alone uses, or one with a parameter, stays in the
 * query; an expression that fails on some row leaves the group on the derived facts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { createEvaluator, groupQuery } from '../../../engine/formulas/evaluate.ts';
import { planFusion } from '../../../engine/formulas/fuse.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { DERIVED_FOLDER, openSnapshotSandbox } from '../../../engine/formulas/sandbox.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { testFormula as formula, tinyDemoSnapshot } from './support.ts';

const calls = (value: string, where = '') =>
  `SELECT e.cltId AS cltID, ${value} AS value FROM statCallEnd e JOIN statCallStart s ON s.callId = e.callId WHERE e.Stamp BETWEEN $start AND $end ${where} GROUP BY e.cltId`;

const DURATION = "date_diff('second', s.Stamp, e.Stamp + INTERVAL 500 MILLISECOND)";
const SELECTED = 'e.selTalk + e.selHold + e.selRing';

const capParam = [{ name: 'cap', type: 'integer' as const, default: 60, description: 'seconds' }];

/** Two row values shared by several formulas, one used by a single formula, one with a parameter. */
const formulas = [
  formula('Duration', calls(`sum(${DURATION})`)),
  formula('Kind1Duration', calls(`sum(${DURATION})`, 'AND e.Kind = 1')),
  formula('Kind2Duration', calls(`sum(${DURATION})`, 'AND e.Kind = 2')),
  formula('Kind3Duration', calls(`sum(${DURATION})`, 'AND e.Kind = 3')),
  formula('Selected', calls(`sum(${SELECTED})`)),
  formula('AnySelected', calls('count(*)', `AND ${SELECTED} > 0`)),
  formula('LongestSelected', calls(`max(${SELECTED}) FILTER (WHERE e.CompCode = 0)`)),
  formula('OnlyHere', calls('sum(e.selTalk * 2 + 1)')),
  formula('Capped', calls(`sum(least(${SELECTED}, $cap))`), capParam),
];

describe('row expressions stored beside derived facts', () => {
  let dataFile: string;
  let manifest: Manifest;
  let remove: () => void;
  const params = () => ({ start: manifest.period.start, end: manifest.period.end, cap: 45 });
  const storedFiles = () => readdirSync(join(dirname(dataFile), DERIVED_FOLDER)).filter((name) => name.endsWith('.duckdb'));

  beforeAll(async () => {
    ({ dataFile, manifest, remove } = await tinyDemoSnapshot(5));
  });
  afterAll(() => remove());

  /** Each formula's values fused (stored expressions where possible) and one query each over the snapshot tables. */
  const bothWays = async (set: readonly Formula[]) => {
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      const index = indexFormulas(set);
      const fused = await createEvaluator({ sandbox, snapshotKey: `f${Math.random()}`, index }).evaluate(set, params());
      const alone = await createEvaluator({ sandbox, snapshotKey: `a${Math.random()}`, index, fuse: false }).evaluate(set, params());
      const values = (evaluation: typeof fused) => Object.fromEntries(set.map((f) => [f.id, Object.fromEntries(evaluation.results.get(f.id)?.values ?? [])]));
      return { fused: values(fused), alone: values(alone) };
    } finally {
      sandbox.close();
    }
  };

  it('stores the shared values once and reads them, with what each formula gives alone', async () => {
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      const [group] = (await planFusion(sandbox.connection, formulas)).fused;
      const stored = group?.stored;
      expect(group?.members).toHaveLength(formulas.length);
      // The duration and the selected seconds, each once; not a single formula's value, nor one with a parameter.
      expect(stored?.facts.select.match(/AS "expression \d+"/g)).toHaveLength(2);
      expect(stored?.facts.select).toContain('date_diff');
      expect(stored?.facts.select).not.toMatch(/\* 2|least/);
      expect(stored?.facts.from?.key).toBe(group?.derived?.facts.key);
      expect(stored?.sql).not.toContain('date_diff');
      expect((await groupQuery(sandbox, group as NonNullable<typeof group>, params())).sql).toBe(stored?.withoutPeriod?.sql);
      expect(storedFiles().sort()).toEqual([`${group?.derived?.facts.key}.duckdb`, `${stored?.facts.key}.duckdb`].sort());
    } finally {
      sandbox.close();
    }
    const { fused, alone } = await bothWays(formulas);
    expect(fused).toEqual(alone);
    expect(Object.keys(alone.Duration ?? {}).length).toBeGreaterThan(3);
    expect(Object.keys(alone.Capped ?? {}).length).toBeGreaterThan(3);
  });

  it('leaves the group on the derived facts when a shared value fails on a row the formulas never read', async () => {
    const sandbox = await openSnapshotSandbox(dataFile);
    let excluded: number;
    try {
      const rows = await sandbox.query('SELECT min(cltId) AS client FROM statCallEnd', { values: {}, types: {} }, 'first client');
      excluded = Number(rows[0]?.client);
    } finally {
      sandbox.close();
    }
    const guarded = `CASE WHEN e.cltId = ${excluded} THEN error('not for this client') ELSE e.selTalk END`;
    const failing = [
      formula('GuardedTalk', calls(`sum(${guarded})`, `AND e.cltId <> ${excluded}`)),
      formula('GuardedTalkKind1', calls(`sum(${guarded})`, `AND e.cltId <> ${excluded} AND e.Kind = 1`)),
    ];
    const before = storedFiles();
    const { fused, alone } = await bothWays(failing);
    expect(fused).toEqual(alone);
    expect(Object.keys(alone.GuardedTalk ?? {}).length).toBeGreaterThan(0);
    expect(storedFiles()).toEqual(before);
    const check = await openSnapshotSandbox(dataFile);
    try {
      const [group] = (await planFusion(check.connection, failing)).fused;
      expect(group?.stored).toBeDefined();
      expect((await groupQuery(check, group as NonNullable<typeof group>, params())).sql).toBe(group?.derived?.withoutPeriod?.sql);
      expect(existsSync(join(dirname(dataFile), DERIVED_FOLDER, `${group?.stored?.facts.key}.duckdb`))).toBe(false);
    } finally {
      check.close();
    }
  });
});
