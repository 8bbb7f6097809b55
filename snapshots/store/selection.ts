/**
 * Turns a table's selection rules (schema/types.ts) into a SQL predicate that picks the rows a
 * snapshot of a period must hold. The predicate reads source tables through `sourceTable`, so the
 * same rules serve DuckDB, PostgreSQL and SQL Server sources (one dialect each below).
 */
import { formatStamp, type Period } from '../period.ts';
import { quoteIdent, tableNamed, type CodeFilter, type KeySource, type SelectionRule, type TableDef } from '../schema/index.ts';

export interface SelectionDialect {
  /** How the source table of that IS name is written in a FROM clause. */
  readonly sourceTable: (name: string) => string;
  readonly quote: (identifier: string) => string;
  /** A naive timestamp literal. */
  readonly stamp: (ms: number) => string;
}

export const duckdbDialect = (sourceTable: (name: string) => string): SelectionDialect => ({
  sourceTable,
  quote: quoteIdent,
  stamp: (ms) => `TIMESTAMP '${formatStamp(ms)}'`,
});

/**
 * T-SQL. Stamps are written `yyyy-mm-ddThh:mi:ss.mmm`, the one `datetime` literal SQL Server reads
 * the same under every SET LANGUAGE / DATEFORMAT (with a space, British settings read it as y-d-m).
 */
export const tsqlDialect = (sourceTable: (name: string) => string): SelectionDialect => ({
  sourceTable,
  quote: (identifier) => `[${identifier.replaceAll(']', ']]')}]`,
  stamp: (ms) => `CAST('${formatStamp(ms).replace(' ', 'T')}' AS datetime)`,
});

/**
 * PostgreSQL. `quote` may map an IS name to the replica's spelling (a replica loaded by pgloader,
 * say, has every identifier in lower case).
 */
export const postgresDialect = (sourceTable: (name: string) => string, quote: (name: string) => string = quoteIdent): SelectionDialect => ({
  sourceTable,
  quote,
  stamp: (ms) => `TIMESTAMP '${formatStamp(ms)}'`,
});

/** An inclusive range of client numbers (cltClients.ClientNumber), digits only. */
export interface ClientRange {
  readonly from: string;
  readonly to: string;
}

/**
 * A range of one column that the caller also applies to the rows (a chunk of an extraction). A
 * rule "`column` IN (subquery)" on that same column then restricts its subquery to the range too:
 * the same rows, but a chunk's subquery reads only the keys that can be in the chunk.
 */
export interface KeyRange {
  readonly column: string;
  /** The range's condition on a quoted column. */
  readonly condition: (quotedColumn: string) => string;
}

/**
 * The WHERE condition selecting the table's rows for the period, or undefined when every row is
 * copied (dimension tables). With a client range, see {@link clientPredicate}.
 *
 * @example selectionPredicate(tableNamed('statCallEnd'), period, dialect)
 *   // "Stamp" BETWEEN TIMESTAMP '2026-10-01 00:00:00.000' AND TIMESTAMP '2026-10-31 23:59:59.997'
 */
export function selectionPredicate(table: TableDef, period: Period, dialect: SelectionDialect, clients?: ClientRange, keyRange?: KeyRange): string | undefined {
  const byClient = clients ? clientPredicate(table, clients, dialect) : undefined;
  const byPeriod = periodPredicate(table, period, dialect, clients, keyRange);
  if (byPeriod === undefined || byClient === undefined) return byPeriod ?? byClient;
  return `(${byPeriod}) AND ${byClient}`;
}

function periodPredicate(
  table: TableDef,
  period: Period,
  dialect: SelectionDialect,
  clients: ClientRange | undefined,
  keyRange: KeyRange | undefined,
): string | undefined {
  if (table.selection.some((rule) => rule.kind === 'all')) return undefined;
  const parts = table.selection.map((rule) =>
    rulePredicate(rule, period, dialect, clients, rule.kind === 'keyIn' && rule.column === keyRange?.column ? keyRange : undefined),
  );
  return parts.length === 1 ? (parts[0] as string) : parts.map((part) => `(${part})`).join(' OR ');
}

/**
 * A client range keeps the clients in range and the fact rows that name their client in a column
 * (a reference to cltClients.cltID), and rows selected through them (a call's start row follows
 * its end row). Other dimension tables are kept whole (agents and the directory link web logins
 * and edits to clients), and facts that name no client (message histories, logins, dispatch
 * removals, directory edits) keep their period rows: rows of other clients there find no client
 * in the snapshot, so no statistic of a client in range changes.
 */
function clientPredicate(table: TableDef, clients: ClientRange, dialect: SelectionDialect): string | undefined {
  const numbers = `${dialect.quote('ClientNumber')} BETWEEN ${clients.from} AND ${clients.to}`;
  if (table.name === 'cltClients') return numbers;
  const reference = table.references.find((ref) => ref.table === 'cltClients' && ref.targetColumn === 'cltID');
  if (table.role !== 'fact' || !reference) return undefined;
  return `${dialect.quote(reference.column)} IN (SELECT ${dialect.quote('cltID')} FROM ${dialect.sourceTable('cltClients')} WHERE ${numbers})`;
}

function rulePredicate(
  rule: SelectionRule,
  period: Period,
  dialect: SelectionDialect,
  clients: ClientRange | undefined,
  keyRange: KeyRange | undefined,
): string {
  switch (rule.kind) {
    case 'all':
      return 'TRUE';
    case 'inPeriod':
      return withFilter(rule.where, between(rule.column, period, dialect), dialect);
    case 'keyIn':
      return withFilter(rule.where, `${dialect.quote(rule.column)} IN (${keySubquery(rule.source, period, dialect, clients, keyRange)})`, dialect);
  }
}

function keySubquery(source: KeySource, period: Period, dialect: SelectionDialect, clients: ClientRange | undefined, keyRange: KeyRange | undefined): string {
  const from = `SELECT ${dialect.quote(source.column)} FROM ${dialect.sourceTable(source.table)}`;
  const conditions: string[] = [];
  if (source.kind === 'filtered') conditions.push(filter(source.where, dialect), between(source.inPeriod, period, dialect));
  else if (source.kind === 'filteredByPeriod') conditions.push(between(source.inPeriod, period, dialect));
  else {
    const parentPredicate = selectionPredicate(tableNamed(source.table), period, dialect, clients);
    if (parentPredicate !== undefined) conditions.push(parentPredicate.includes(' OR ') ? `(${parentPredicate})` : parentPredicate);
  }
  if (keyRange) conditions.push(keyRange.condition(dialect.quote(source.column)));
  return conditions.length === 0 ? from : `${from} WHERE ${conditions.join(' AND ')}`;
}

function between(column: string, period: Period, dialect: SelectionDialect): string {
  return `${dialect.quote(column)} BETWEEN ${dialect.stamp(period.start)} AND ${dialect.stamp(period.end)}`;
}

function filter(where: CodeFilter, dialect: SelectionDialect): string {
  return `${dialect.quote(where.column)} = ${where.equals}`;
}

function withFilter(where: CodeFilter | undefined, predicate: string, dialect: SelectionDialect): string {
  return where ? `${filter(where, dialect)} AND ${predicate}` : predicate;
}
