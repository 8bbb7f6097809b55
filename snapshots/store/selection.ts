/**
 * Turns a table's selection rules (schema/types.ts) into a SQL predicate that picks the rows a
 * snapshot of a period must hold. The predicate reads source tables through `sourceTable`, so the
 * same rules serve DuckDB, PostgreSQL and SQL Server sources.
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
 * The WHERE condition selecting the table's rows for the period, or undefined when every row is
 * copied (dimension tables).
 *
 * @example selectionPredicate(tableNamed('statCallEnd'), period, dialect)
 *   // "Stamp" BETWEEN TIMESTAMP '2026-10-01 00:00:00.000' AND TIMESTAMP '2026-10-31 23:59:59.997'
 */
export function selectionPredicate(table: TableDef, period: Period, dialect: SelectionDialect): string | undefined {
  if (table.selection.some((rule) => rule.kind === 'all')) return undefined;
  const parts = table.selection.map((rule) => rulePredicate(rule, period, dialect));
  return parts.length === 1 ? (parts[0] as string) : parts.map((part) => `(${part})`).join(' OR ');
}

function rulePredicate(rule: SelectionRule, period: Period, dialect: SelectionDialect): string {
  switch (rule.kind) {
    case 'all':
      return 'TRUE';
    case 'inPeriod':
      return withFilter(rule.where, between(rule.column, period, dialect), dialect);
    case 'keyIn':
      return withFilter(rule.where, `${dialect.quote(rule.column)} IN (${keySubquery(rule.source, period, dialect)})`, dialect);
  }
}

function keySubquery(source: KeySource, period: Period, dialect: SelectionDialect): string {
  const from = `SELECT ${dialect.quote(source.column)} FROM ${dialect.sourceTable(source.table)}`;
  if (source.kind === 'filtered') {
    return `${from} WHERE ${filter(source.where, dialect)} AND ${between(source.inPeriod, period, dialect)}`;
  }
  if (source.kind === 'filteredByPeriod') return `${from} WHERE ${between(source.inPeriod, period, dialect)}`;
  const parentPredicate = selectionPredicate(tableNamed(source.table), period, dialect);
  return parentPredicate === undefined ? from : `${from} WHERE ${parentPredicate}`;
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
