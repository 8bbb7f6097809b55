/**
 * The demo IS database: a deterministic, realistic model of an answering service's IS data for a
 * period and a few days either side, written into a DuckDB catalog with the IS schema. It plays
 * the part of a live IS server: snapshots are taken from it by the same selection rules.
 *
 * @example
 *   await connection.run(`ATTACH ':memory:' AS demo`);
 *   await generateDemoData(connection, 'demo', { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), seed: 7 });
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { firstDays, DAY_MS, type Period } from '../period.ts';
import { createTableSql, quoteIdent, tables } from '../schema/index.ts';
import { openBulkWriter, type BulkWriter } from '../store/bulk-writer.ts';
import { generateActivity } from './activity.ts';
import { generateCalls } from './calls.ts';
import { createIdCounters, writerSink, type DemoContext } from './context.ts';
import { generateSystemMessages } from './messages.ts';
import { plantEdgeCases } from './planted-cases.ts';
import { createRandom } from './random.ts';
import type { Scale } from './scales.ts';
import { buildWorld } from './world.ts';

export interface DemoOptions {
  readonly scale: Scale;
  /** The requested period; scales shorter than a month keep its first days. */
  readonly period: Period;
  readonly seed: number;
  readonly onProgress?: (step: string) => void;
}

export interface DemoData {
  /** The period the demo covers (the scale's days of the requested period). */
  readonly period: Period;
  /** Activity exists over this wider window, so a snapshot must leave some of it out. */
  readonly window: Period;
  readonly rowCounts: Readonly<Record<string, number>>;
}

/** Days of activity generated on each side of the period. */
const MARGIN_DAYS = 3;

export async function generateDemoData(
  connection: DuckDBConnection,
  catalog: string,
  { scale, period: requested, seed, onProgress }: DemoOptions,
): Promise<DemoData> {
  const period = firstDays(requested, scale.days);
  const window = { start: period.start - MARGIN_DAYS * DAY_MS, end: period.end + MARGIN_DAYS * DAY_MS };
  for (const table of tables) await connection.run(createTableSql(table, `${quoteIdent(catalog)}.${quoteIdent(table.name)}`));
  const writers = new Map<string, BulkWriter>();
  for (const table of tables) writers.set(table.name, await openBulkWriter(connection, table, { catalog }));

  const random = createRandom(seed);
  const write = writerSink(writers);
  const ids = createIdCounters();
  const world = buildWorld(random.fork('world'), scale, write);
  const context = (label: string): DemoContext => ({ random: random.fork(label), scale, period, window, world, ids, write });
  onProgress?.('calls and their messages');
  generateCalls(context('calls'));
  onProgress?.('messages from interfaces');
  generateSystemMessages(context('system messages'));
  onProgress?.('dial-outs, interfaces, logins and edits');
  generateActivity(context('activity'));
  plantEdgeCases(context('edge cases'));

  const rowCounts: Record<string, number> = {};
  for (const [name, writer] of writers) {
    writer.close();
    rowCounts[name] = writer.rowCount;
  }
  return { period, window, rowCounts };
}
