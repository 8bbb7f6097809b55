/**
 * What every part of the demo model shares while it generates: the random source, the period and
 * the wider window of activity around it, id counters and one bulk writer per IS table.
 */
import type { BulkWriter, RowValue } from '../store/bulk-writer.ts';
import type { Period } from '../period.ts';
import type { Random } from './random.ts';
import type { Scale } from './scales.ts';
import type { World } from './world.ts';

export interface DemoContext {
  readonly random: Random;
  readonly scale: Scale;
  readonly period: Period;
  /** Activity is generated over this window: the period plus a margin on each side. */
  readonly window: Period;
  readonly world: World;
  readonly ids: IdCounters;
  write(table: string, row: readonly RowValue[]): void;
}

/** Sequential keys per table, so keys are stable for a seed. */
export interface IdCounters {
  take(name: string): number;
}

export function createIdCounters(): IdCounters {
  const next = new Map<string, number>();
  return {
    take(name) {
      const id = next.get(name) ?? 1;
      next.set(name, id + 1);
      return id;
    },
  };
}

export function writerSink(writers: ReadonlyMap<string, BulkWriter>): DemoContext['write'] {
  return (table, row) => {
    const writer = writers.get(table);
    if (!writer) throw new Error(`No writer for table ${table}`);
    writer.append(row);
  };
}

/** One of the world's agent IDs of a system component type (e-mail, SMS, MergeComm ...). */
export function systemAgent(ctx: DemoContext, agentType: number): number {
  const agents = ctx.world.systemAgents.get(agentType);
  if (!agents) throw new Error(`The demo world has no agent of type ${agentType}`);
  return ctx.random.pick(agents);
}
