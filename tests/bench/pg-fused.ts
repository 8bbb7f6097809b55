/**
 * The PostgreSQL baseline fused as ours is: the same fusion plan the engine runs in DuckDB
 * (engine/formulas/fuse.ts: formulas over the same joins in one query, each formula's own
 * conditions as a FILTER), each fused query translated to PostgreSQL, the formulas that run alone
 * one query each as in pg-report.ts (planned `portable`: partial rows added up with CASE, as
 * PostgreSQL has no list lambdas). Beside the one-query-per-formula baseline, this separates
 * what fusion buys from what the engine buys: "PostgreSQL / warm" against the unfused baseline
 * mostly measures fusion.
 *
 * The fused SQL is DuckDB's own printing of the fused tree (json_deserialize_sql), so besides
 * pg-translate.ts's rewrites it needs a few of DuckDB's spellings put in PostgreSQL's:
 * count_star(), to_milliseconds/to_seconds/… (interval constructors), DOUBLE, quoted names. A group whose
 * translation PostgreSQL refuses runs its members one query each, and is counted as such; the
 * bench checks the fused values against the unfused ones on every cell before timing.
 */
import { Decimal } from 'decimal.js';
import pg from 'pg';
import { formulasForReport } from '../../engine/be200/select-formulas.ts';
import { compileFormula } from '../../engine/formulas/compile.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { planFusion } from '../../engine/formulas/fuse.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { PG_HOST, PG_PORT } from '../snapshots/sources/pg-testbed.ts';
import { connectPgReport, type PgBaseline, type Values } from './pg-report.ts';
import { translateForPostgres } from './pg-translate.ts';
import { median, timeRuns } from './stats.ts';

export interface PostgresResult {
  /** One query per formula: the runs the export benchmark made, and more up to `runs`. */
  readonly perFormulaMs: readonly number[];
  /** Fused as the engine fuses: each group one query. */
  readonly fusedMs: readonly number[];
  readonly groups: number;
  /** Formulas run one query each in the fused baseline. */
  readonly alone: number;
  readonly refused: PgFusedPlan['refused'];
  /** Cells (client x statistic) on which fused and one-query-per-formula PostgreSQL agreed before timing. */
  readonly cellsChecked: number;
  readonly medians: { readonly perFormula: number; readonly fused: number };
}

/**
 * PostgreSQL both ways on the snapshot loaded by pg-report.ts: first every cell of the fused run
 * checked against the one-query-per-formula run (which the export benchmark checked against ours),
 * then at least `runs` timed runs of each (`earlierPerFormulaMs`, the export benchmark's, count).
 */
export async function benchPostgres(
  baseline: PgBaseline,
  dataFile: string,
  manifest: Manifest,
  runs: number,
  earlierPerFormulaMs: readonly number[] = [],
): Promise<PostgresResult> {
  const library = loadLibrary();
  const index = indexFormulas(library.formulas);
  const legacy = formulasForReport(library.formulas, 'legacy');
  const params = { start: manifest.period.start, end: manifest.period.end, time_cap_minutes: 10 };
  const sandbox = await openSnapshotSandbox(dataFile);
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: baseline.testbed.user, database: baseline.testbed.database });
  await client.connect();
  const perFormula = await connectPgReport(baseline);
  try {
    const plan = await planPgFusion(sandbox, client, legacy, index, params);
    const cellsChecked = sameValues(
      legacy.map((formula) => formula.id),
      await perFormula.run(legacy, index, params),
      await runPgFusion(client, plan),
    );
    const more = await timeRuns(Math.max(0, runs - earlierPerFormulaMs.length), () => perFormula.run(legacy, index, params).then(() => undefined));
    const perFormulaMs = [...earlierPerFormulaMs, ...more];
    const fusedMs = await timeRuns(runs, () => runPgFusion(client, plan).then(() => undefined));
    return {
      perFormulaMs,
      fusedMs,
      groups: plan.fused.length,
      alone: plan.alone.length,
      refused: plan.refused,
      cellsChecked,
      medians: { perFormula: median(perFormulaMs), fused: median(fusedMs) },
    };
  } finally {
    await perFormula.close();
    await client.end();
    sandbox.close();
  }
}

/** Every (client, statistic) equal by value on both sides (absent is 0); throws on the first difference, else the cells compared. */
function sameValues(formulaIds: readonly string[], perFormula: Values, fused: Values): number {
  let cells = 0;
  for (const id of formulaIds) {
    const a = perFormula.get(id) ?? new Map<number, string>();
    const b = fused.get(id) ?? new Map<number, string>();
    for (const cltID of new Set([...a.keys(), ...b.keys()])) {
      cells++;
      const [x, y] = [a.get(cltID) ?? '0', b.get(cltID) ?? '0'];
      if (!new Decimal(x).eq(y))
        throw new Error(`fused PostgreSQL differs from one query per formula: ${id} of client ${cltID} is ${y}, not ${x}; nothing timed`);
    }
  }
  return cells;
}

export interface PgFusedPlan {
  /** Fused queries PostgreSQL runs, each with its members' result columns. */
  readonly fused: readonly { readonly sql: string; readonly members: readonly { readonly formulaId: string; readonly column: string }[] }[];
  /** Formulas run one query each: those the engine runs alone, and members of groups PostgreSQL refused. */
  readonly alone: readonly { readonly formulaId: string; readonly sql: string }[];
  /** Groups PostgreSQL refused, with its reason (run one query per member instead). */
  readonly refused: readonly { readonly members: number; readonly reason: string }[];
}

/** Plans the fusion on `sandbox` (as the engine does) and translates each group; a group PostgreSQL cannot run is split. */
export async function planPgFusion(
  sandbox: Sandbox,
  client: pg.Client,
  formulas: readonly Formula[],
  index: FormulaIndex,
  params: Readonly<Record<string, ParamValue>>,
): Promise<PgFusedPlan> {
  const plan = await planFusion(sandbox.connection, formulas, { portable: true });
  const byId = new Map(formulas.map((formula) => [formula.id, formula] as const));
  const single = (formula: Formula) => {
    const compiled = compileFormula(formula, index);
    return { formulaId: formula.id, sql: translateForPostgres(compiled.sql, compiled.parameters, params) };
  };
  const fused: PgFusedPlan['fused'][number][] = [];
  const alone = plan.alone.map(single);
  const refused: { members: number; reason: string }[] = [];
  for (const group of plan.fused) {
    const sql = postgresSpelling(translateForPostgres(group.sql, group.parameters, params));
    try {
      await client.query(`EXPLAIN ${sql}`);
      fused.push({ sql, members: group.members });
    } catch (error) {
      refused.push({ members: group.members.length, reason: (error as Error).message });
      for (const member of group.members) alone.push(single(byId.get(member.formulaId) as Formula));
    }
  }
  return { fused, alone, refused };
}

/** Runs the plan: the client list, every fused query, every formula alone; the values by formula. */
export async function runPgFusion(client: pg.Client, plan: PgFusedPlan): Promise<Values> {
  const values = new Map<string, Map<number, string>>();
  await client.query("SELECT cltid, clientnumber::text, clientname, coalesce(billingcode, '') FROM cltclients ORDER BY clientnumber");
  for (const group of plan.fused) {
    const { rows } = await client.query<Record<string, string | number | null>>(group.sql);
    for (const { formulaId, column } of group.members) {
      const key = column.toLowerCase();
      values.set(formulaId, new Map(rows.filter((row) => row[key] !== null && row[key] !== undefined).map((row) => [Number(row.cltid), String(row[key])])));
    }
  }
  for (const { formulaId, sql } of plan.alone) {
    const { rows } = await client.query<{ cltid: number; value: string | number | null }>(sql);
    values.set(formulaId, new Map(rows.filter((row) => row.value !== null).map((row) => [Number(row.cltid), String(row.value)])));
  }
  return values;
}

/** Interval constructors DuckDB prints, and the unit each makes. */
const INTERVAL_FUNCTIONS: Readonly<Record<string, string>> = {
  to_milliseconds: 'millisecond',
  to_seconds: 'second',
  to_minutes: 'minute',
  to_hours: 'hour',
  to_days: 'day',
};

/** DuckDB's spellings in a fused query's printed SQL, as PostgreSQL writes them. */
export function postgresSpelling(sql: string): string {
  let out = sql
    .replace(/\bcount_star\(\)/gi, 'count(*)')
    .replace(/\bAS DOUBLE\)/g, 'AS DOUBLE PRECISION)')
    // DuckDB quotes names that are also keywords ("nullif", "Timestamp"): a quoted function is a
    // plain call in PostgreSQL, a quoted column is the lower-case name the tables are loaded with.
    .replace(/"(\w+)"(\s*\()?/g, (_, name: string, call: string | undefined) => (call ? `${name.toLowerCase()}(` : `"${name.toLowerCase()}"`));
  for (const [name, unit] of Object.entries(INTERVAL_FUNCTIONS)) out = replaceCalls(out, name, (argument) => `((${argument}) * INTERVAL '1 ${unit}')`);
  // PostgreSQL has no count_if; its FILTER is the same count.
  return replaceCalls(out, 'count_if', (condition) => `count(*) FILTER (WHERE ${condition})`);
}

/** Replaces each call `name(<argument>)` (parentheses balanced, strings skipped) with `make(argument)`. */
function replaceCalls(sql: string, name: string, make: (argument: string) => string): string {
  const pattern = new RegExp(`\\b${name}\\(`, 'gi');
  let out = '';
  let last = 0;
  for (let match = pattern.exec(sql); match; match = pattern.exec(sql)) {
    const open = match.index + match[0].length;
    let depth = 1;
    let at = open;
    let quoted = false;
    for (; at < sql.length && depth > 0; at++) {
      const char = sql[at];
      if (char === "'") quoted = !quoted;
      else if (!quoted && char === '(') depth++;
      else if (!quoted && char === ')') depth--;
    }
    out += sql.slice(last, match.index) + make(replaceCalls(sql.slice(open, at - 1), name, make));
    last = at;
    pattern.lastIndex = at;
  }
  return out + sql.slice(last);
}
