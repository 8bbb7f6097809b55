/** Dispatch jobs (Intelligent Dispatching) and MergeComm jobs started from messages. */
import { later } from './calendar.ts';
import { systemAgent, type DemoContext } from './context.ts';
import { writeHistory } from './histories.ts';
import type { ClientProfile } from './world.ts';

/** SourceType 0-15: scripts dominate, then schedules and phones. */
const mergeCommSourceWeights = [1, 40, 10, 10, 8, 4, 3, 3, 8, 3, 2, 2, 2, 1, 2, 2];

/**
 * One MergeComm job (sometimes two on the same message, quirk D29): a statMergeComm row and the
 * message's start (35) and completion (36) histories. Some jobs never complete; a few run for hours.
 */
export function startMergeCommJobs(ctx: DemoContext, client: ClientProfile, msgId: number, taken: number): void {
  const { random } = ctx;
  const runs = random.chance(0.02) ? 2 : 1;
  const mergeCommAgent = systemAgent(ctx, 16);
  for (let run = 0; run < runs; run++) {
    ctx.write('statMergeComm', [client.cltID, msgId, random.chance(0.05) ? null : mergeCommAgent, random.weighted(mergeCommSourceWeights)]);
    const started = later(taken, random.int(1_000, 30_000) + run * 600_000);
    writeHistory(ctx, msgId, mergeCommAgent, started, 35, 'MergeComm Started');
    if (random.chance(0.04)) continue; // still running, or failed: no completion history
    const runMs = random.chance(0.003) ? random.int(3_600_000, 6 * 3_600_000) : random.logNormal(1_500, 1);
    writeHistory(ctx, msgId, mergeCommAgent, later(started, runMs), 36, 'MergeComm Completed');
  }
}

/** Outcome weights: 0 saved, 1 delivered, 2 deleted. */
const dispatchReasonWeights = [15, 70, 15];

/** A dispatch job created from a message, usually removed minutes to hours later, sometimes never. */
export function startDispatchJob(ctx: DemoContext, client: ClientProfile, msgId: number, taken: number): void {
  const { random } = ctx;
  const dispID = ctx.ids.take('dispatch');
  const created = later(taken, random.int(2_000, 60_000));
  ctx.write('statDispatchAdded', [dispID, client.cltID, created, `${client.name} on-call`, msgId]);
  if (random.chance(0.07)) return; // never removed
  const removed = later(created, random.logNormal(1_200_000, 1.3));
  ctx.write('statDispatchDeleted', [dispID, random.weighted(dispatchReasonWeights), removed, random.pick(ctx.world.operators)]);
}
