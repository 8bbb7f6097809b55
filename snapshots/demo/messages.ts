/**
 * Messages and their history: taken, edited, delivered (by operators and by system components),
 * other events, and the dispatch jobs and MergeComm jobs some messages start.
 */
import { anyTimeOfDay, daysOf, later, weekdayFactor } from './calendar.ts';
import { systemAgent, type DemoContext } from './context.ts';
import { writeHistory } from './histories.ts';
import { startDispatchJob, startMergeCommJobs } from './jobs.ts';
import type { ClientProfile } from './world.ts';

export interface MessageOrigin {
  readonly client: ClientProfile;
  readonly stamp: number;
  readonly takenBy: number;
  readonly callId: number | null;
}

/**
 * History events other than taken/edited/delivered/MergeComm. IS names them in the
 * msgHistories.Disposition column; these names are the demo's, a live snapshot copies the site's.
 */
const otherEvents: readonly (readonly [number, string])[] = [
  [3, 'Viewed'],
  [4, 'Filed'],
  [5, 'Printed'],
  [6, 'Held'],
  [7, 'Unheld'],
  [8, 'Forwarded'],
  [9, 'Copied'],
];
const deliveryCountWeights = [1, 75, 20, 4];
/** System components that deliver regardless of the client's own channels. */
const commonDeliverers = [1, 12, 16, 17, 20];

export function takeMessage(ctx: DemoContext, origin: MessageOrigin): number {
  const { random, ids } = ctx;
  const msgId = ids.take('msg');
  const urgent = random.chance(0.12);
  // The report reads the message's current client; about 1 in 150 is moved after it is taken (D8).
  const currentClient = random.chance(0.007) ? random.pick(ctx.world.activeClients) : origin.client;
  const purged = random.chance(0.002);
  if (!purged) ctx.write('msgMessages', [msgId, currentClient.cltID, urgent, origin.stamp, origin.callId]);

  writeHistory(ctx, msgId, actor(ctx, origin.takenBy), origin.stamp, 0, 'Taken');
  for (let edits = random.poisson(0.35); edits > 0; edits--) {
    writeHistory(ctx, msgId, actor(ctx, random.pick(ctx.world.operators)), later(origin.stamp, random.logNormal(600_000, 1)), 1, 'Edited');
  }
  for (let deliveries = random.weighted(deliveryCountWeights); deliveries > 0; deliveries--) {
    const delay = random.logNormal(urgent ? 180_000 : 1_500_000, 1);
    writeHistory(ctx, msgId, deliverer(ctx, origin.client), later(origin.stamp, delay), 2, 'Delivered');
  }
  for (let events = random.poisson(1.9); events > 0; events--) {
    const [code, name] = random.pick(otherEvents);
    const by = random.chance(0.8) ? random.pick(ctx.world.operators) : systemAgent(ctx, 1);
    writeHistory(ctx, msgId, by, later(origin.stamp, random.logNormal(3_600_000, 1.2)), code, name);
  }
  if (origin.client.usesMergeComm && random.chance(0.1)) startMergeCommJobs(ctx, origin.client, msgId, origin.stamp);
  if (origin.client.usesDispatch && random.chance(0.12)) startDispatchJob(ctx, origin.client, msgId, origin.stamp);
  return msgId;
}

/** Rarely, the agent ID on an event no longer exists in agtAgents, or is of a type the report skips. */
function actor(ctx: DemoContext, agtId: number): number {
  const r = ctx.random.next();
  if (r < 0.003) return ctx.random.pick(ctx.world.deletedAgents);
  if (r < 0.005) return systemAgent(ctx, ctx.random.int(2, 4));
  return agtId;
}

function deliverer(ctx: DemoContext, client: ClientProfile): number {
  const { random } = ctx;
  if (random.chance(0.35)) return actor(ctx, random.pick(ctx.world.operators));
  if (random.chance(0.75) && client.channels.length > 0) return systemAgent(ctx, random.pick(client.channels).agentType);
  if (random.chance(0.02)) return systemAgent(ctx, random.pick([5, 15, 18]));
  return systemAgent(ctx, random.pick(commonDeliverers));
}

/** Messages that arrive without a call: e-mail, SMS, HL7, web forms, taken by system components. */
export function generateSystemMessages(ctx: DemoContext): void {
  const { random } = ctx;
  for (const day of daysOf(ctx.window)) {
    for (const client of ctx.world.activeClients) {
      const count = random.poisson(client.callsPerDay * 0.12 * weekdayFactor(day));
      for (let i = 0; i < count; i++) {
        const channel = client.channels.length > 0 && random.chance(0.7) ? random.pick(client.channels).agentType : random.pick([1, 15, 16, 20, 13]);
        takeMessage(ctx, { client, stamp: anyTimeOfDay(random, day), takenBy: systemAgent(ctx, channel), callId: null });
      }
    }
  }
}
