/**
 * Fusing formulas that scan the same tables with the same joins into one query, so the whole
 * library reads each table once. DuckDB parses every formula (json_serialize_sql); formulas of the
 * shape `SELECT <client> AS cltID, <aggregate expression> AS value FROM <same joins> WHERE <...>
 * GROUP BY <client>` that share their FROM clause and client column form a group. The group's
 * query keeps the WHERE conditions they all share and moves each formula's other conditions into
 * a FILTER on its aggregates, which gives each formula exactly its own rows. DuckDB turns the
 * fused tree back into SQL (json_deserialize_sql). Anything else runs on its own.
 *
 * A group over a join also gets the same query over the join's derived facts (derived-facts.ts),
 * which the evaluator runs when the snapshot has them; so does a single formula over a join, which
 * is then a group of one. A group whose formulas share row expressions gets a third form, reading
 * them stored beside those facts (stored-expressions.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { standardParams, type Formula, type ParamDef } from './definition.ts';
import { findReferences } from './references.ts';
import { findParameters } from './sql-analysis.ts';
import { derivedFactsFor, type DerivedFacts } from './derived-facts.ts';
import { narrowSumArguments, preAggregatedSql, type PreAggregationMember } from './pre-aggregate.ts';
import { storedExpressionsFor } from './stored-expressions.ts';
import { coveredSql, periodConditionAt, type WithoutPeriod } from './whole-period.ts';
import { AGGREGATES, and, canonical, childNodes, conjunctsOf, deserialize, serialize, type Node } from './sql-tree.ts';

export interface FusedQuery extends QueryForm {
  /** Result column of each member formula. */
  readonly members: readonly { readonly formulaId: string; readonly column: string }[];
  /** The parameters the query binds, each as the members that use it define it (they agree). */
  readonly parameters: readonly ParamDef[];
  /** The same query over the stored rows of its join, for a snapshot that has (or can store) them. */
  readonly derived?: QueryForm & { readonly facts: DerivedFacts };
  /** The same again over those rows with the row expressions its formulas share stored beside them (stored-expressions.ts). */
  readonly stored?: QueryForm & { readonly facts: DerivedFacts };
}

/** A group's query, and the same without its period condition for when every row is in the period (whole-period.ts). */
export interface QueryForm {
  readonly sql: string;
  readonly withoutPeriod?: WithoutPeriod;
}

/** How to plan. */
export interface FusionOptions {
  /**
   * SQL that PostgreSQL runs too, for a baseline fused as the engine fuses: partial rows added up
   * with CASE rather than picked from lists (partial-picks.ts). Default false.
   */
  readonly portable?: boolean;
}

export interface FusionPlan {
  readonly fused: readonly FusedQuery[];
  /** Formulas that run on their own. */
  readonly alone: readonly Formula[];
}

/** Scalar functions allowed around and inside aggregates in a fusable value. */
const SCALARS = new Set([
  'date_diff',
  'datediff',
  'coalesce',
  'least',
  'greatest',
  'abs',
  'round',
  'floor',
  'ceil',
  'trunc',
  'epoch_ms',
  'if',
  'ifnull',
  'nullif',
  'to_milliseconds',
  'to_seconds',
  'to_minutes',
  'to_hours',
  'to_days',
  'error',
]);
const EXPRESSION_CLASSES = new Set(['FUNCTION', 'CONSTANT', 'COLUMN_REF', 'CAST', 'OPERATOR', 'CASE', 'COMPARISON', 'CONJUNCTION', 'BETWEEN', 'PARAMETER']);

interface Candidate {
  readonly formula: Formula;
  readonly key: string;
  readonly tree: Node;
  readonly conjuncts: readonly Node[];
  /** Each parameter the formula uses, as it means it (its own declaration, else the standard one). */
  readonly parameters: ReadonlyMap<string, ParamDef | undefined>;
}

export async function planFusion(connection: DuckDBConnection, formulas: readonly Formula[], options: FusionOptions = {}): Promise<FusionPlan> {
  const groups = new Map<string, Candidate[][]>();
  const alone: Formula[] = [];
  for (const formula of formulas) {
    const candidate = findReferences(formula.sql).length === 0 ? await asCandidate(connection, formula) : undefined;
    if (!candidate) {
      alone.push(formula);
      continue;
    }
    const subgroups = groups.get(candidate.key) ?? [];
    const compatible = subgroups.find((members) => members.every((member) => parametersAgree(member, candidate)));
    if (compatible) compatible.push(candidate);
    else subgroups.push([candidate]);
    groups.set(candidate.key, subgroups);
  }
  const fused: FusedQuery[] = [];
  let groupNumber = 0;
  for (const members of [...groups.values()].flat()) {
    if (
      members.length < 2 &&
      !(await derivedFactsFor(
        connection,
        members.map((member) => member.tree),
      ))
    ) {
      alone.push(...members.map((member) => member.formula));
      continue;
    }
    fused.push(...(await fusedWithinBound(connection, members, () => groupNumber++, options)));
  }
  return { fused, alone };
}

/**
 * Aggregates one fused query may compute for each group of rows it aggregates. DuckDB keeps a
 * grouping of small key ranges in an array outside its memory limit, one slot of every aggregate per
 * key value (sandbox.ts); this keeps that array to tens of megabytes. The calls group of the legacy
 * report computes 36.
 */
export const MAX_AGGREGATES_PER_QUERY = 64;

/** The group as one query, or as several when one would compute more than MAX_AGGREGATES_PER_QUERY aggregates. */
async function fusedWithinBound(
  connection: DuckDBConnection,
  members: readonly Candidate[],
  nextNumber: () => number,
  options: FusionOptions,
): Promise<FusedQuery[]> {
  const group = await fuseGroup(connection, members, options);
  if (group.width <= MAX_AGGREGATES_PER_QUERY || members.length < 2) return [group.numbered(nextNumber())];
  const half = Math.ceil(members.length / 2);
  return [
    ...(await fusedWithinBound(connection, members.slice(0, half), nextNumber, options)),
    ...(await fusedWithinBound(connection, members.slice(half), nextNumber, options)),
  ];
}

/**
 * One query binds one value per parameter name, so formulas fuse only if every parameter that both
 * use means the same to both: the standard one (start, end, …) unless a formula declares its own.
 * A TimeCap formula thus fuses with the plain call formulas over the same join.
 */
function parametersAgree(a: Candidate, b: Candidate): boolean {
  return [...a.parameters].every(([name, definition]) => !b.parameters.has(name) || canonical(definition) === canonical(b.parameters.get(name)));
}

/** Each parameter the members use, defined as a member that uses it defines it. */
function groupParameters(members: readonly Candidate[]): ParamDef[] {
  const byName = new Map<string, ParamDef>();
  for (const member of members) {
    for (const [name, definition] of member.parameters) if (definition && !byName.has(name)) byName.set(name, definition);
  }
  return [...byName.values()];
}

/** The definition of each `$name` the formula uses: its own declaration, else the standard parameter's. */
function parametersUsed(formula: Formula): Map<string, ParamDef | undefined> {
  const used = new Map<string, ParamDef | undefined>();
  for (const { name } of findParameters(formula.sql)) {
    used.set(name, formula.params.find((p) => p.name === name) ?? standardParams.find((p) => p.name === name));
  }
  return used;
}

async function asCandidate(connection: DuckDBConnection, formula: Formula): Promise<Candidate | undefined> {
  const tree = await serialize(connection, formula.sql);
  const node = tree?.node as Node | undefined;
  if (node?.type !== 'SELECT_NODE') return undefined;
  const selectList = node.select_list as Node[];
  const groupBy = node.group_expressions as Node[];
  const cteMap = (node.cte_map as { map?: unknown[] } | undefined)?.map ?? [];
  const plain = cteMap.length === 0 && (node.modifiers as unknown[]).length === 0 && !node.having && !node.qualify && !node.sample;
  if (!plain || selectList.length !== 2 || groupBy.length !== 1 || node.aggregate_handling !== 'STANDARD_HANDLING') return undefined;
  const [client, value] = selectList as [Node, Node];
  if (client.type !== 'COLUMN_REF' || canonical({ ...client, alias: '' }) !== canonical({ ...(groupBy[0] as Node), alias: '' })) return undefined;
  if (!isFusableValue(value)) return undefined;
  const key = canonical([node.from_table, groupBy, { ...client, alias: '' }]);
  return { formula, key, tree: tree as Node, conjuncts: node.where_clause ? conjunctsOf(node.where_clause as Node) : [], parameters: parametersUsed(formula) };
}

/** A value is fusable when it is built from known scalars around at least one known aggregate. */
function isFusableValue(value: Node): boolean {
  let aggregates = 0;
  let ok = true;
  const visit = (node: Node, insideAggregate: boolean): void => {
    if (!EXPRESSION_CLASSES.has(String(node.class))) ok = false;
    if (node.class === 'FUNCTION') {
      const name = String(node.function_name);
      if (AGGREGATES.has(name)) {
        if (insideAggregate) ok = false;
        aggregates++;
        insideAggregate = true;
      } else if (!SCALARS.has(name) && node.is_operator !== true && !/^[-+*/%<>=!|&]+$/.test(name)) ok = false;
    }
    for (const child of childNodes(node)) visit(child, insideAggregate);
  };
  visit(value, false);
  return ok && aggregates > 0;
}

/** The group's query, numbered once it is kept, and the most aggregates it computes per group of rows. */
async function fuseGroup(
  connection: DuckDBConnection,
  members: readonly Candidate[],
  options: FusionOptions,
): Promise<{ width: number; numbered(groupNumber: number): FusedQuery }> {
  const [firstSet = new Set<string>(), ...otherSets] = members.map((member) => new Set(member.conjuncts.map(canonical)));
  const common = new Set([...firstSet].filter((conjunct) => otherSets.every((set) => set.has(conjunct))));
  const first = members[0] as Candidate;
  const shared = first.conjuncts.filter((conjunct) => common.has(canonical(conjunct)));
  const parts = members.map((member) => ({
    value: (member.tree.node as { select_list: Node[] }).select_list[1] as Node,
    residual: member.conjuncts.filter((conjunct) => !common.has(canonical(conjunct))),
  }));
  const query = async (
    template: Node,
    groupParts: readonly PreAggregationMember[],
    where: readonly Node[],
    narrow: ReadonlySet<string>,
  ): Promise<{ sql: string; width: number }> =>
    (members.length > 1
      ? await preAggregatedSql(connection, template, groupParts, where, {
          narrowSum: (argument) => narrow.has(canonical(argument)),
          pickRows: !options.portable,
        })
      : undefined) ?? {
      sql: await filteredSql(connection, template, groupParts, where),
      width: groupParts.reduce((sum, part) => sum + aggregateCount(part.value), 0),
    };
  const derived = await derivedFactsFor(
    connection,
    members.map((member) => member.tree),
  );
  // Typed over the snapshot's own tables, which derived facts store column for column.
  const narrow = members.length > 1 ? await narrowSumArguments(connection, first.tree, parts) : [];
  const period = periodConditionAt(shared);
  /** The query in one form, with the same query without its period condition when that can be checked. */
  const form = async (
    template: Node,
    groupParts: readonly PreAggregationMember[],
    where: readonly Node[],
    narrowed: ReadonlySet<string>,
    checkPeriod: boolean,
  ) => {
    const full = await query(template, groupParts, where, narrowed);
    const covered = checkPeriod && period !== undefined ? await coveredSql(connection, template, where[period] as Node) : undefined;
    if (!covered) return { ...full, withoutPeriod: undefined };
    const without = await query(
      template,
      groupParts,
      where.filter((_, i) => i !== period),
      narrowed,
    );
    return { sql: full.sql, width: Math.max(full.width, without.width), withoutPeriod: { sql: without.sql, coveredSql: covered } };
  };
  const plain = await form(first.tree, parts, shared, new Set(narrow.map(canonical)), !derived);
  const overDerived = derived && {
    template: derived.rewrite(first.tree),
    parts: parts.map((part) => ({ value: derived.expression(part.value), residual: part.residual.map(derived.expression) })),
    shared: shared.map(derived.expression),
    narrow: narrow.map(derived.expression),
  };
  const derivedQuery =
    overDerived && (await form(overDerived.template, overDerived.parts, overDerived.shared, new Set(overDerived.narrow.map(canonical)), true));
  const stored =
    derived && overDerived && members.length > 1
      ? await storedExpressionsFor(connection, derived.facts, overDerived.template, overDerived.parts, overDerived.shared)
      : undefined;
  const storedQuery =
    stored &&
    overDerived &&
    (await form(
      stored.template,
      overDerived.parts.map((part) => ({ value: stored.expression(part.value), residual: part.residual.map(stored.expression) })),
      overDerived.shared.map(stored.expression),
      new Set(overDerived.narrow.map((argument) => canonical(stored.expression(argument)))),
      true,
    ));
  return {
    width: Math.max(plain.width, derivedQuery?.width ?? 0, storedQuery?.width ?? 0),
    numbered(groupNumber) {
      const header = `-- fused group ${groupNumber}: ${members.map((m) => m.formula.id).join(', ')}\n`;
      const headed = (query: { sql: string; withoutPeriod: WithoutPeriod | undefined }) => ({
        sql: `${header}${query.sql}`,
        ...(query.withoutPeriod ? { withoutPeriod: { ...query.withoutPeriod, sql: `${header}${query.withoutPeriod.sql}` } } : {}),
      });
      return {
        ...headed(plain),
        members: members.map((member, i) => ({ formulaId: member.formula.id, column: `v${i}` })),
        parameters: groupParameters(members),
        ...(derived && derivedQuery ? { derived: { facts: derived.facts, ...headed(derivedQuery) } } : {}),
        ...(stored && storedQuery ? { stored: { facts: stored.facts, ...headed(storedQuery) } } : {}),
      };
    },
  };
}

/** Aggregate calls in an expression. */
function aggregateCount(node: Node): number {
  const own = node.class === 'FUNCTION' && AGGREGATES.has(String(node.function_name)) ? 1 : 0;
  return own + childNodes(node).reduce((sum, child) => sum + aggregateCount(child), 0);
}

/** One pass with every member's own conditions as a FILTER on its aggregates. */
async function filteredSql(connection: DuckDBConnection, template: Node, parts: readonly PreAggregationMember[], shared: readonly Node[]): Promise<string> {
  const tree = structuredClone(template);
  const node = tree.node as Node;
  const [client] = node.select_list as [Node];
  const values = parts.map((part, i) => {
    const value = structuredClone(part.value);
    if (part.residual.length > 0) addFilter(value, and(part.residual));
    return { ...value, alias: `v${i}` };
  });
  node.select_list = [{ ...client, alias: 'cltID' }, ...values];
  node.where_clause = shared.length > 0 ? and(shared) : null;
  return deserialize(connection, tree);
}

/** Adds `condition` to the FILTER of every aggregate in the expression. */
function addFilter(expression: Node, condition: Node): void {
  if (expression.class === 'FUNCTION' && AGGREGATES.has(String(expression.function_name))) {
    expression.filter = expression.filter ? and([expression.filter as Node, structuredClone(condition)]) : structuredClone(condition);
    return;
  }
  for (const child of childNodes(expression)) addFilter(child, condition);
}
