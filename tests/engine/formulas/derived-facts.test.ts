/**
 * Derived facts: a fused group over a join reads the join's rows stored once beside the snapshot,
 * and gives exactly what the formulas give one query each over the snapshot tables; a damaged
 * stored file is replaced, and a join that would multiply rows is never stored.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { planFusion } from '../../../engine/formulas/fuse.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { DERIVED_FOLDER, openSnapshotSandbox } from '../../../engine/formulas/sandbox.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { testFormula as formula, tinyDemoSnapshot } from './support.ts';

const calls = (value: string, where = '') =>
  `SELECT e.cltId AS cltID, ${value} AS value FROM statCallEnd e JOIN statCallStart s ON s.callId = e.callId WHERE e.Stamp BETWEEN $start AND $end ${where} GROUP BY e.cltId`;

/** Formulas over the calls join: kinds as keys, other conditions, and counts inside larger expressions. */
const formulas = [
  formula('Calls', calls('count(*)')),
  formula('Kind1', calls('sum(e.selTalk)', 'AND e.Kind = 1')),
  formula('Kind2', calls('count(*)', 'AND e.Kind = 2')),
  formula('Kind3', calls('sum(e.selRing)', 'AND e.Kind = 3')),
  formula('KindOver2', calls('sum(e.selHold)', 'AND e.Kind > 2')),
  formula('TalkedPlus5', calls('count(*) + 5', 'AND e.selTalk > 0 AND e.Kind IN (1, 2)')),
  formula('HeldPlus1', calls('count(e.agtId) + 1', 'AND e.selHold > 30')),
  formula('Duration', calls("sum(date_diff('second', s.Stamp, e.Stamp))")),
  formula('Longest', calls('max(e.selTalk) FILTER (WHERE e.CompCode = 0)', 'AND e.Kind = 1')),
  // Built on another formula: that formula's rows are read from the derived facts too.
  formula('Kind1Minutes', 'SELECT cltID, value // 60 AS value FROM formulas.Kind1'),
];

describe('derived facts of a join', () => {
  let dataFile: string;
  let manifest: Manifest;
  let remove: () => void;
  const params = () => ({ start: manifest.period.start, end: manifest.period.end });
  const derivedDir = () => join(dirname(dataFile), DERIVED_FOLDER);

  beforeAll(async () => {
    ({ dataFile, manifest, remove } = await tinyDemoSnapshot(3));
  });
  afterAll(() => remove());

  /** Every formula's values: fused (over derived facts where possible), and one query each over the snapshot tables. */
  const bothWays = async () => {
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      const index = indexFormulas(formulas);
      const fused = await createEvaluator({ sandbox, snapshotKey: `f${Math.random()}`, index }).evaluate(formulas, params());
      const alone = await createEvaluator({ sandbox, snapshotKey: `a${Math.random()}`, index, fuse: false }).evaluate(formulas, params());
      const values = (evaluation: typeof fused) =>
        Object.fromEntries(formulas.map((f) => [f.id, Object.fromEntries(evaluation.results.get(f.id)?.values ?? [])]));
      return { fused: values(fused), alone: values(alone), queries: fused.queries };
    } finally {
      sandbox.close();
    }
  };

  it('stores the join once beside the snapshot and gives what each formula gives alone', async () => {
    const { fused, alone, queries } = await bothWays();
    expect(queries).toBe(2); // the fused group, and the formula built on Kind1
    expect(fused).toEqual(alone);
    expect(Object.values(alone.Calls ?? {}).length).toBeGreaterThan(3);
    expect(Object.values(alone.TalkedPlus5 ?? {}).length).toBeGreaterThan(0);
    expect(readdirSync(derivedDir()).filter((name) => name.endsWith('.duckdb'))).toHaveLength(1);
  });

  it('an edit of a formula another is built on recomputes the two, both as they give alone', async () => {
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      const snapshotKey = `e${Math.random()}`;
      const evaluator = createEvaluator({ sandbox, snapshotKey, index: indexFormulas(formulas) });
      await evaluator.evaluate(formulas, params());
      const edited = formulas.map((f) => (f.id === 'Kind1' ? formula('Kind1', calls('sum(e.selTalk)', 'AND e.Kind = 1 AND e.selTalk > 10')) : f));
      const index = indexFormulas(edited);
      const after = await createEvaluator({ sandbox, snapshotKey, index, cache: evaluator.cache }).evaluate(edited, params());
      const alone = await createEvaluator({ sandbox, snapshotKey: `a${Math.random()}`, index, fuse: false }).evaluate(edited, params());
      expect([...after.computed].sort()).toEqual(['Kind1', 'Kind1Minutes']);
      for (const id of ['Kind1', 'Kind1Minutes'])
        expect(Object.fromEntries(after.results.get(id)?.values ?? [])).toEqual(Object.fromEntries(alone.results.get(id)?.values ?? []));
      expect(after.results.get('Kind1')?.values).not.toEqual((await evaluator.evaluate(formulas, params())).results.get('Kind1')?.values);
    } finally {
      sandbox.close();
    }
  });

  it('reads the stored file in a later process, and replaces a damaged one', async () => {
    const [file] = readdirSync(derivedDir()).filter((name) => name.endsWith('.duckdb'));
    const path = join(derivedDir(), file as string);
    writeFileSync(path, 'not a database');
    // What a killed process left half written (no process has pid 2^22 + 1).
    writeFileSync(join(derivedDir(), `${file}.${2 ** 22 + 1}-1.partial`), 'half');
    const { fused, alone } = await bothWays();
    expect(fused).toEqual(alone);
    expect(readdirSync(derivedDir()).filter((name) => name.endsWith('.duckdb'))).toEqual([file]);
    expect(readdirSync(derivedDir()).filter((name) => name.includes('.partial'))).toEqual([]);
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      const plan = await planFusion(sandbox.connection, formulas);
      const facts = plan.fused[0]?.derived?.facts;
      expect(facts && (await sandbox.derive(facts))).toBe(true);
      expect(existsSync(path)).toBe(true);
    } finally {
      sandbox.close();
    }
  });

  it('stores a left join with its unmatched rows, in client order, and gives what each formula gives alone', async () => {
    const leftJoined = (value: string, where = '') =>
      `SELECT e.cltId AS cltID, ${value} AS value FROM statCallEnd e LEFT JOIN agtAgents a ON a.agtId = e.agtId WHERE e.Stamp BETWEEN $start AND $end ${where} GROUP BY e.cltId`;
    const withAgents = [
      formula('AllCalls', leftJoined('count(*)')),
      formula('NoAgent', leftJoined('count(*)', 'AND a.agtId IS NULL')),
      formula('AgentTypes', leftJoined('count(DISTINCT a.agtType)')),
    ];
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      const index = indexFormulas(withAgents);
      const plan = await planFusion(sandbox.connection, withAgents);
      const facts = plan.fused[0]?.derived?.facts;
      expect(facts?.select).toMatch(/LEFT JOIN .* ORDER BY "e\.cltId"$/s);
      const fused = await createEvaluator({ sandbox, snapshotKey: `l${Math.random()}`, index }).evaluate(withAgents, params());
      const alone = await createEvaluator({ sandbox, snapshotKey: `m${Math.random()}`, index, fuse: false }).evaluate(withAgents, params());
      const values = (evaluation: typeof fused) => withAgents.map((f) => Object.fromEntries(evaluation.results.get(f.id)?.values ?? []));
      expect(values(fused)).toEqual(values(alone));
      expect(Object.keys(values(alone)[1] ?? {}).length).toBeGreaterThan(0); // calls without an agent are kept
      expect(existsSync(join(derivedDir(), `${facts?.key}.duckdb`))).toBe(true);
    } finally {
      sandbox.close();
    }
  });

  it('never stores a join that gives more rows than its largest table', async () => {
    const crossing = [
      formula('PairsA', 'SELECT e.cltId AS cltID, count(*) AS value FROM statCallEnd e JOIN statCallEnd2 x ON x.cltId = e.cltId GROUP BY e.cltId'),
    ];
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      const many = [formula('Pairs', 'SELECT e.cltId AS cltID, count(*) AS value FROM statCallEnd e JOIN statCallEnd x ON x.cltId = e.cltId GROUP BY e.cltId')];
      const plan = await planFusion(sandbox.connection, many);
      const facts = plan.fused[0]?.derived?.facts;
      expect(facts).toBeDefined();
      const before = readdirSync(derivedDir()).length;
      expect(await sandbox.derive(facts as NonNullable<typeof facts>)).toBe(false);
      expect(readdirSync(derivedDir()).length).toBe(before);
      // A join of a table that is not in the IS schema has no derived facts at all.
      expect((await planFusion(sandbox.connection, crossing)).fused).toEqual([]);
    } finally {
      sandbox.close();
    }
  });
});
