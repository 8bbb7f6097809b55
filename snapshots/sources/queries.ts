/**
 * The only statements extraction sends to a source: SELECTs with explicit column lists, generated
 * from the IS schema and bounded by the period's selection rules, the client range and a chunk.
 */
import type { Period } from '../period.ts';
import { quoteIdent } from '../schema/index.ts';
import { duckdbDialect, selectionPredicate, type ClientRange, type SelectionDialect } from '../store/selection.ts';
import { chunkColumnOf, chunkPredicate, type Chunk } from './chunks.ts';
import type { ResolvedTable } from './discovery.ts';
import type { SourceSql } from './source.ts';

export interface QueryContext {
  readonly sql: SourceSql;
  readonly dialect: SelectionDialect;
  readonly period: Period;
  readonly clients: ClientRange | undefined;
}

/** Row count and chunk-column bounds of the table's selection: `SELECT COUNT(*), MIN(c), MAX(c) …`. */
export function extentSql(table: ResolvedTable, context: QueryContext): string {
  const column = context.dialect.quote(chunkColumnOf(table.def).name);
  return `SELECT COUNT(*), MIN(${column}), MAX(${column}) FROM ${context.dialect.sourceTable(table.def.name)}${whereClause(table, undefined, context)}`;
}

/** One chunk's rows, present columns in schema order, sorted so the snapshot stores them in stamp (or key) order. */
export function chunkSql(table: ResolvedTable, chunk: Chunk, context: QueryContext): string {
  const { dialect, sql } = context;
  const list = table.def.columns
    .map((column, index) => (table.liveColumns[index] === undefined ? undefined : sql.selectExpression(dialect.quote(column.name), column)))
    .filter((expression): expression is string => expression !== undefined);
  const order = [chunkColumnOf(table.def).name, ...table.def.primaryKey.filter((key) => isPresent(table, key))];
  const orderBy = [...new Set(order)].map((name) => dialect.quote(name)).join(', ');
  return `SELECT ${list.join(', ')} FROM ${dialect.sourceTable(table.def.name)}${whereClause(table, chunk, context)} ORDER BY ${orderBy}`;
}

/** Deletes a chunk's rows from the snapshot table: what a dropped connection left half-written. */
export function discardChunkSql(table: ResolvedTable, chunk: Chunk): string {
  const local = duckdbDialect(quoteIdent);
  const range = chunkPredicate(chunk, quoteIdent(chunkColumnOf(table.def).name), rangeLiteral(table, local));
  return `DELETE FROM ${quoteIdent(table.def.name)}${range ? ` WHERE ${range}` : ''}`;
}

function whereClause(table: ResolvedTable, chunk: Chunk | undefined, context: QueryContext): string {
  const { dialect } = context;
  const chunkColumn = chunkColumnOf(table.def).name;
  const range = chunk && chunkPredicate(chunk, dialect.quote(chunkColumn), rangeLiteral(table, dialect));
  // A subquery over the chunk's own column (messages by the histories' msgId) reads only the chunk's keys.
  const keyRange =
    range === undefined || !chunk
      ? undefined
      : { column: chunkColumn, condition: (quoted: string) => chunkPredicate(chunk, quoted, rangeLiteral(table, dialect)) as string };
  const selection = selectionPredicate(table.def, context.period, dialect, context.clients, keyRange);
  const parts = [selection && `(${selection})`, range].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '';
}

function rangeLiteral(table: ResolvedTable, dialect: SelectionDialect): (value: number) => string {
  return chunkColumnOf(table.def).kind === 'stamp' ? dialect.stamp : String;
}

function isPresent(table: ResolvedTable, name: string): boolean {
  return table.liveColumns[table.def.columns.findIndex((column) => column.name === name)] !== undefined;
}
