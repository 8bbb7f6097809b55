/**
 * The per-client step of a two-level aggregation (pre-aggregate.ts), picking each client's partial
 * row by its codes. The scan by code gives a client one partial row per value of its code columns
 * (`pre.k0` = the call's Kind); most formulas want the partials of one code, which the step used to
 * add up as `sum(CASE WHEN pre.k0 = 9 THEN pre.p3 END)` per client. Eighty such columns over the
 * calls group's 43,600 partial rows cost as much as its scan of 1.5 million calls: every CASE is
 * evaluated on every partial row.
 *
 * Instead, a client's partial rows are gathered into one list, the position of the row with the
 * wanted codes is found once per code (the formula's own condition, tested on each row of the list),
 * and every column of that code is read at that position. The values are the same: the scan groups
 * by client and every code column, so when a condition fixes every code column to a constant at most
 * one row passes it, and the sum of one value is that value; no row gives NULL, as the sum of none
 * does. The type is the aggregate's too: min, max, bool_and and bool_or give their input's type, and
 * so does a sum of a partial sum (DuckDB sums into HUGEINT, DOUBLE, DECIMAL(38, s) or BIGNUM, each of
 * which sums into itself); a picked count or a partial sum narrowed to BIGINT (pre-aggregate.ts) is
 * cast to the HUGEINT that adding it up gives, so the expressions around it compute as before.
 *
 * A column whose condition does not fix every code (`pre.k0 > 2`, `pre.k0 IN (1, 2)`) is added up as
 * before.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { and, baseTable, canonical, columnRef, conjunctsOf, constant, containsNode, deserialize, functionCall, replaceNodes, type Node } from './sql-tree.ts';

/** A column of the per-client step: an aggregate over the partial rows `pre` of `pre_by_code`. */
export interface PerClientColumn {
  readonly alias: string;
  readonly node: Node;
}

export interface PickContext {
  /** The code columns of the scan by code (`k0`, ...). */
  readonly keys: readonly string[];
  /** Partials of type BIGINT (counts, narrowed sums), which a sum adds up into a HUGEINT. */
  readonly bigints: ReadonlySet<string>;
  /** False: every column added up with CASE, in SQL that PostgreSQL runs too. */
  readonly pick: boolean;
}

/**
 * Fewest columns worth picking. Gathering the lists costs about as much as a few CASE sums: at
 * `large`, groups picking 3 or 4 columns ran slightly slower picked, 6 the same, 32 to 80 a tenth to
 * a third faster.
 */
const MIN_PICKED = 8;

/** Aggregates whose value over one row is that row's value. */
const PICKABLE = new Set(['sum', 'min', 'max', 'bool_and', 'bool_or']);

const HUGEINT: Node = { id: 'HUGEINT', type_info: null };

/**
 * The common table expressions of the per-client step, the last named `pre_per_client` (cltID and
 * each column), reading `pre_by_code`.
 */
export async function perClientCtes(connection: DuckDBConnection, template: Node, columns: readonly PerClientColumn[], context: PickContext): Promise<string> {
  const picks = new Map(
    columns.flatMap((column) => {
      const pick = context.pick ? pickOf(column.node, context.keys) : undefined;
      return pick ? [[column.alias, pick] as const] : [];
    }),
  );
  if (picks.size < MIN_PICKED) return `pre_per_client AS (\n${await deserialize(connection, query(template, 'pre_by_code', columns, true))}\n)`;
  const summedColumns = columns.filter((column) => !picks.has(column.alias));
  const pickedPartials = [...new Set([...picks.values()].map((pick) => pick.partial))];
  const rows = functionCall('list', [
    functionCall(
      'struct_pack',
      [...context.keys, ...pickedPartials].map((name) => ({ ...columnRef('pre', name), alias: name })),
    ),
  ]);
  const positions = new Map<string, { alias: string; condition: Node }>();
  for (const pick of picks.values()) {
    const key = canonical(pick.condition);
    if (!positions.has(key)) positions.set(key, { alias: `at${positions.size}`, condition: pick.condition });
  }
  const gathered = query(template, 'pre_by_code', [{ alias: 'rows', node: rows }, ...summedColumns], true);
  const located = query(
    template,
    'pre_rows',
    [
      { alias: 'rows', node: columnRef('pre', 'rows') },
      ...summedColumns.map((each) => ({ alias: each.alias, node: columnRef('pre', each.alias) })),
      ...[...positions.values()].map((position) => ({ alias: position.alias, node: positionOf(position.condition) })),
    ],
    false,
  );
  const perClient = query(
    template,
    'pre_at',
    columns.map((each) => {
      const pick = picks.get(each.alias);
      if (!pick) return { alias: each.alias, node: columnRef('pre', each.alias) };
      const at = positions.get(canonical(pick.condition)) as { alias: string };
      const value = operator('STRUCT_EXTRACT', [
        operator('ARRAY_EXTRACT', [columnRef('pre', 'rows'), columnRef('pre', at.alias)]),
        constant('VARCHAR', pick.partial),
      ]);
      const widened = each.node.function_name === 'sum' && context.bigints.has(pick.partial);
      return {
        alias: each.alias,
        node: widened ? { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: value, cast_type: HUGEINT, try_cast: false } : value,
      };
    }),
    false,
  );
  return [
    `pre_rows AS (\n${await deserialize(connection, gathered)}\n)`,
    `pre_at AS (\n${await deserialize(connection, located)}\n)`,
    `pre_per_client AS (\n${await deserialize(connection, perClient)}\n)`,
  ].join(', ');
}

/** The partial a column picks and the condition picking its row; undefined when it must be added up. */
function pickOf(node: Node, keys: readonly string[]): { partial: string; condition: Node } | undefined {
  const [argument, ...more] = (node.children as Node[] | undefined) ?? [];
  if (node.class !== 'FUNCTION' || !PICKABLE.has(String(node.function_name)) || node.distinct === true || node.filter || !argument || more.length > 0)
    return undefined;
  const [check, ...otherChecks] = (argument.case_checks as { when_expr: Node; then_expr: Node }[] | undefined) ?? [];
  const otherwise = argument.else_expr as Node | undefined;
  if (
    argument.class !== 'CASE' ||
    !check ||
    otherChecks.length > 0 ||
    otherwise?.class !== 'CONSTANT' ||
    (otherwise.value as { is_null?: boolean }).is_null !== true
  )
    return undefined;
  const partial = partialName(check.then_expr);
  if (!partial) return undefined;
  // Its conjuncts in one order, so that `k0 = 1 AND k1 = 2` and `k1 = 2 AND k0 = 1` share a position.
  const conjuncts = new Map(conjunctsOf(check.when_expr).map((conjunct) => [canonical(conjunct), conjunct]));
  const condition = and([...conjuncts.keys()].sort().map((key) => conjuncts.get(key) as Node));
  const keySet = new Set(keys);
  const readsOnlyKeys = !containsNode(condition, (each) => each.class === 'PARAMETER' || (each.class === 'COLUMN_REF' && !keySet.has(partialName(each) ?? '')));
  const fixed = new Set(conjunctsOf(condition).flatMap((conjunct) => fixedKey(conjunct) ?? []));
  return readsOnlyKeys && keys.every((key) => fixed.has(key)) ? { partial, condition } : undefined;
}

/** For `pre.k = <constant>` (either way round, the constant not NULL), the key `k`. */
function fixedKey(condition: Node): string | undefined {
  if (condition.class !== 'COMPARISON' || condition.type !== 'COMPARE_EQUAL') return undefined;
  const sides = [condition.left as Node, condition.right as Node];
  const fixedTo = sides.find((side) => side.class === 'CONSTANT' && (side.value as { is_null?: boolean }).is_null !== true);
  const key = sides.find((side) => side.class === 'COLUMN_REF');
  return fixedTo && key ? partialName(key) : undefined;
}

/** `name` of a column `pre.name`. */
function partialName(node: Node): string | undefined {
  const names = node.column_names as unknown[] | undefined;
  return node.class === 'COLUMN_REF' && names?.length === 2 && names[0] === 'pre' ? String(names[1]) : undefined;
}

/** The first position in `pre.rows` of the row passing `condition` (its `pre.k` read as the row's `k`); NULL when none does. */
function positionOf(condition: Node): Node {
  const onRow = replaceNodes(condition, (node) => (node.class === 'COLUMN_REF' ? columnRef('row', partialName(node) as string) : undefined)) as Node;
  const test = { class: 'LAMBDA', type: 'LAMBDA', alias: '', lhs: columnRef('row'), expr: onRow };
  return functionCall('list_position', [functionCall('list_transform', [columnRef('pre', 'rows'), test]), constant('BOOLEAN', true)]);
}

/** `SELECT pre.cltID AS cltID, <columns> FROM <from> AS pre`, grouped by client when `grouped`. */
function query(template: Node, from: string, columns: readonly PerClientColumn[], grouped: boolean): Node {
  const tree = structuredClone(template);
  const node = tree.node as Node;
  const cltID = columnRef('pre', 'cltID');
  node.select_list = [{ ...cltID, alias: 'cltID' }, ...columns.map((each) => ({ ...each.node, alias: each.alias }))];
  node.from_table = baseTable(from, { alias: 'pre' });
  node.where_clause = null;
  node.group_expressions = grouped ? [cltID] : [];
  node.group_sets = grouped ? [[0]] : [];
  return tree;
}

function operator(type: string, children: Node[]): Node {
  return { class: 'OPERATOR', type, alias: '', children };
}
