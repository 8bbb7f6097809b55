/**
 * Evaluates a set of formulas on one snapshot for one set of parameters, into one result per
 * formula. Results are cached by (snapshot, formula content hash including its dependencies,
 * parameter values it uses): an unchanged formula costs nothing, a changed one recomputes itself
 * and the formulas that depend on it. What must be computed is fused into as few queries as
 * possible (fuse.ts).
 */
import { compileFormula, hashFormulas, type CompiledFormula } from './compile.ts';
import type { Formula, ParamDef, ParamValue } from './definition.ts';
import type { DerivedFacts } from './derived-facts.ts';
import { cacheKey as diskKeyOf, diskCacheOn, readCached, writeCached } from './disk-cache.ts';
import { planFusion, type FusedQuery, type FusionPlan } from './fuse.ts';
import { bindParameters } from './params.ts';
import { findParameters } from './sql-analysis.ts';
import { dependencyOrder, type FormulaIndex } from './references.ts';
import { resultIn, runCompiled, type FormulaResult } from './run.ts';
import { createResultCache, type ResultCache } from './result-cache.ts';
import type { ResultColumns, Sandbox } from './sandbox.ts';

export type { ResultCache } from './result-cache.ts';

export interface Evaluation {
  readonly results: ReadonlyMap<string, FormulaResult>;
  /** Each result's content key (snapshot content, formula content, the parameter values it uses): equal keys, equal values. */
  readonly keys: ReadonlyMap<string, string>;
  /** Formula ids computed this time, and those served from the cache. */
  readonly computed: readonly string[];
  readonly cached: readonly string[];
  /** Queries run against the snapshot. */
  readonly queries: number;
}

export interface EvaluatorOptions {
  readonly sandbox: Sandbox;
  /** Identifies the snapshot's content (its content hash), so cached results never cross snapshots. */
  readonly snapshotKey: string;
  readonly index: FormulaIndex;
  /** Results kept between evaluations (default: a bounded cache of this evaluator's own, result-cache.ts). */
  readonly cache?: ResultCache;
  /** Fuse formulas that scan the same tables (default true; false runs each formula alone). */
  readonly fuse?: boolean;
}

/** Told of results as they arrive (cached ones first), so a caller can use them while later queries run. */
export type ResultListener = (arrival: Arrival) => void;

/** Results that arrived together: one cached result, or those one query computed. */
export interface Arrival {
  readonly results: readonly FormulaResult[];
  /**
   * The query's result, `results[i]` in its column `columns[i]`, when a query computed them: a
   * reader placing many results at once reads it in one pass (run.ts forEachRow) rather than
   * result by result.
   */
  readonly query?: { readonly result: ResultColumns; readonly columns: readonly string[] };
}

export interface Evaluator {
  evaluate(formulas: readonly Formula[], params: Readonly<Record<string, ParamValue>>, onResult?: ResultListener): Promise<Evaluation>;
  readonly cache: ResultCache;
}

export function createEvaluator({ sandbox, snapshotKey, index, cache = createResultCache(), fuse = true }: EvaluatorOptions): Evaluator {
  return {
    cache,
    async evaluate(formulas, params, onResult) {
      const results = new Map<string, FormulaResult>();
      const arrived = (arrival: Arrival): void => {
        for (const result of arrival.results) results.set(result.formulaId, result);
        onResult?.(arrival);
      };
      const keys = new Map<string, string>();
      const compiled = new Map<string, { formula: Formula; compiled: CompiledFormula; key: string }>();
      const cached: string[] = [];
      for (const formula of formulas) {
        const compiledFormula = compileFormula(formula, index);
        const key = cacheKey(snapshotKey, compiledFormula, params);
        keys.set(formula.id, key);
        const hit = cache.get(key);
        if (hit) {
          arrived({ results: [hit] });
          cached.push(formula.id);
        } else compiled.set(formula.id, { formula, compiled: compiledFormula, key });
      }
      const pending = [...compiled.values()];
      let queries = 0;
      const plan =
        fuse && pending.length > 1
          ? await plannedFusion(
              sandbox,
              pending.map((p) => p.formula),
              pending.map((p) => p.compiled.contentHash),
            )
          : { fused: [], alone: pending.map((p) => p.formula) };
      const runGroup = async ({ group, sql, parameters }: { group: FusedQuery; sql: string; parameters: ParamDef[] }): Promise<void> => {
        const result = await sandbox.queryColumns(sql, bindParameters(parameters, params), group.members.map((m) => m.formulaId).join(', '));
        queries++;
        const columns = group.members.map((member) => member.column);
        arrived({ results: group.members.map((member) => resultIn(member.formulaId, result, member.column)), query: { result, columns } });
      };
      const runAlone = async (formula: CompiledFormula): Promise<void> => {
        arrived({ results: [await runCompiled(sandbox, formula, params)] });
        queries++;
      };
      // Planned before any query runs: planning uses the sandbox's own connection, which runs queries too.
      const alone: CompiledFormula[] = [];
      for (const formula of plan.alone) {
        alone.push((await overDerivedFacts(sandbox, formula, index)) ?? (compiled.get(formula.id) as { compiled: CompiledFormula }).compiled);
      }
      // All at once, the largest groups first: the sandbox runs as many side by side as it has
      // connections, so one query's result is read while another computes. Each group's form is
      // found before any is asked for, so that the longest queries are first in line, not the
      // single formulas that need no such step; the small ones then fill in beside them.
      const largestFirst = [...plan.fused].sort((a, b) => b.members.length - a.members.length);
      const ready = await Promise.all(largestFirst.map(async (group) => ({ group, ...(await groupQuery(sandbox, group, params)) })));
      await settleAll([...ready.map(runGroup), ...alone.map(runAlone)]);
      for (const { formula, key } of pending) cache.set(key, results.get(formula.id) as FormulaResult);
      return { results, keys, computed: pending.map((p) => p.formula.id), cached, queries };
    },
  };
}

/**
 * The form of a fused group the snapshot can run: over the join's stored rows with the shared row
 * expressions stored beside them, else over the stored rows (derived-facts.ts), else over the
 * snapshot's tables; each without its period condition when every row it reads is in the period
 * (whole-period.ts). Each gives the same values; stored rows are stored on first use.
 */
export async function groupQuery(
  sandbox: Sandbox,
  group: FusedQuery,
  params: Readonly<Record<string, ParamValue>>,
): Promise<{ sql: string; parameters: ParamDef[] }> {
  const form =
    group.stored && (await sandbox.derive(group.stored.facts))
      ? group.stored
      : group.derived && (await sandbox.derive(group.derived.facts))
        ? group.derived
        : group;
  const without = form.withoutPeriod;
  const sql = without && (await coveredByPeriod(sandbox, without.coveredSql, group.parameters, params)) ? without.sql : form.sql;
  return { sql, parameters: parametersIn(sql, group.parameters) };
}

/** The group's parameters that `sql` uses: a query without its period condition binds no period. */
function parametersIn(sql: string, parameters: readonly ParamDef[]): ParamDef[] {
  const used = new Set(findParameters(sql).map((found) => found.name));
  return parameters.filter((param) => used.has(param.name));
}

/** Checks already made, per sandbox (a snapshot never changes): by check and the values bound. */
const periodChecks = new WeakMap<Sandbox, Map<string, Promise<boolean>>>();
const MAX_PERIOD_CHECKS = 1_000;

/** Whether every row the check reads lies in the period the parameters give; false when the check fails. */
function coveredByPeriod(sandbox: Sandbox, check: string, parameters: readonly ParamDef[], params: Readonly<Record<string, ParamValue>>): Promise<boolean> {
  const used = parametersIn(check, parameters);
  const key = JSON.stringify([check, used.map((param) => String(params[param.name] ?? param.default))]);
  const known = periodChecks.get(sandbox) ?? new Map<string, Promise<boolean>>();
  periodChecks.set(sandbox, known);
  let covered = known.get(key);
  if (!covered) {
    if (known.size >= MAX_PERIOD_CHECKS) known.clear();
    covered = sandbox
      .query(check, bindParameters(used, params), 'period check')
      .then((rows) => rows[0]?.covered === true)
      .catch(() => false);
    known.set(key, covered);
  }
  return covered;
}

/** Waits for every query to end, then fails with the first failure: none is left running in the sandbox. */
async function settleAll(work: readonly Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Fusion plans depend only on the formulas' SQL, so one plan serves every evaluation of the same
 * set of formulas (parsing 264 formulas costs more than running them).
 */
const fusionPlans = new Map<string, FusionPlan>();
const MAX_PLANS = 50;

async function plannedFusion(sandbox: Sandbox, formulas: readonly Formula[], hashes: readonly string[]): Promise<FusionPlan> {
  const key = [...hashes].sort().join(',');
  const known = fusionPlans.get(key);
  if (known) return { fused: known.fused, alone: known.alone.map((f) => formulas.find((g) => g.id === f.id) ?? f) };
  // Planned once per content, also across processes: kept on disk (disk-cache.ts) when a workspace keeps them.
  const diskKey = diskCacheOn() ? diskKeyOf(['fusion plan', key, ...formulas.map((f) => f.id)]) : undefined;
  const kept = diskKey === undefined ? undefined : readCached('plans', diskKey, isKeptPlan);
  const byId = new Map(formulas.map((f) => [f.id, f]));
  const plan = kept?.alone.every((id) => byId.has(id))
    ? { fused: kept.fused, alone: kept.alone.map((id) => byId.get(id) as Formula) }
    : await planFusion(sandbox.connection, formulas);
  if (diskKey !== undefined && !kept) writeCached('plans', diskKey, { fused: plan.fused, alone: plan.alone.map((f) => f.id) });
  remember(key, plan);
  // A group of one formula is also the plan of that formula alone, which an evaluation of a formula
  // built on it asks for next (overDerivedFacts): planned once, not twice, after an edit.
  for (const group of plan.fused) {
    const [member] = group.members;
    const formula = member && group.members.length === 1 ? byId.get(member.formulaId) : undefined;
    const single = formula && hashFormulas([formula]);
    if (single && !fusionPlans.has(single)) remember(single, { fused: [group], alone: [] });
  }
  return plan;
}

function remember(key: string, plan: FusionPlan): void {
  if (fusionPlans.size >= MAX_PLANS) fusionPlans.delete(fusionPlans.keys().next().value as string);
  fusionPlans.set(key, plan);
}

function isKeptPlan(value: unknown): value is { fused: FusedQuery[]; alone: string[] } {
  const plan = value as { fused?: unknown; alone?: unknown } | null;
  return (
    Array.isArray(plan?.fused) &&
    Array.isArray(plan.alone) &&
    plan.alone.every((id) => typeof id === 'string') &&
    plan.fused.every(
      (group: Partial<FusedQuery> | null) =>
        typeof group?.sql === 'string' &&
        Array.isArray(group.members) &&
        group.members.every((m) => typeof m?.formulaId === 'string' && typeof m.column === 'string') &&
        Array.isArray(group.parameters) &&
        isKeptWithoutPeriod(group.withoutPeriod) &&
        (group.derived === undefined || isKeptForm(group.derived)) &&
        (group.stored === undefined || isKeptForm(group.stored)),
    )
  );
}

function isKeptForm(form: { sql?: unknown; facts?: unknown; withoutPeriod?: unknown } | null): boolean {
  return typeof form?.sql === 'string' && isKeptFacts(form.facts) && isKeptWithoutPeriod(form.withoutPeriod);
}

function isKeptWithoutPeriod(value: unknown): boolean {
  const without = value as { sql?: unknown; coveredSql?: unknown } | null | undefined;
  return without === undefined || (typeof without?.sql === 'string' && typeof without.coveredSql === 'string');
}

function isKeptFacts(value: unknown): boolean {
  const facts = value as Partial<DerivedFacts> | null;
  return (
    typeof facts?.key === 'string' &&
    /^[0-9a-f]+$/.test(facts.key) &&
    typeof facts.select === 'string' &&
    typeof facts.guard === 'string' &&
    (facts.from === undefined || isKeptFacts(facts.from))
  );
}

/**
 * A formula built on others, compiled so that each formula it uses that reads a join reads the
 * join's derived facts (derived-facts.ts) instead: the same rows without joining again. Undefined
 * when none of them can.
 */
async function overDerivedFacts(sandbox: Sandbox, formula: Formula, index: FormulaIndex): Promise<CompiledFormula | undefined> {
  // Copied only when a dependency is replaced: most formulas run alone have none that is.
  let replaced: Map<string, Formula> | undefined;
  for (const dependency of dependencyOrder(formula, index)) {
    const plan = await plannedFusion(sandbox, [dependency], [hashFormulas([dependency])]);
    const [group] = plan.fused;
    const [member] = group?.members ?? [];
    if (!group?.derived || !member || group.members.length !== 1 || !(await sandbox.derive(group.derived.facts))) continue;
    replaced ??= new Map(index);
    replaced.set(dependency.id.toLowerCase(), { ...dependency, sql: `SELECT cltID, ${member.column} AS value FROM (\n${group.derived.sql}\n) AS derived` });
  }
  return replaced ? compileFormula(formula, replaced) : undefined;
}

function cacheKey(snapshotKey: string, compiled: CompiledFormula, params: Readonly<Record<string, ParamValue>>): string {
  const used = compiled.parameters.map((param) => [param.name, String(params[param.name] ?? param.default)]);
  return JSON.stringify([snapshotKey, compiled.contentHash, used]);
}
