/**
 * Calls: one statCallStart and one statCallEnd row per call, with the per-state counters of
 * call-model.ts, and the messages, dispatches and MergeComm jobs that calls give rise to.
 */
import { toDatetimeTick } from '../period.ts';
import { daysOf, timeOfDay, weekdayFactor } from './calendar.ts';
import { kindWeights, shapeCall, totalSeconds, type CallShape } from './call-model.ts';
import { systemAgent, type DemoContext } from './context.ts';
import { takeMessage } from './messages.ts';
import type { ClientProfile } from './world.ts';

/** Which agent type takes the message a call of a given kind leaves, and how often. */
const messageTaking: Readonly<Record<number, { readonly chance: number; readonly agentType: number }>> = {
  1: { chance: 0.7, agentType: 0 },
  2: { chance: 0.05, agentType: 0 },
  3: { chance: 0.2, agentType: 0 },
  5: { chance: 0.2, agentType: 1 },
  6: { chance: 0.5, agentType: 0 },
  7: { chance: 0.85, agentType: 12 },
  10: { chance: 0.3, agentType: 16 },
  13: { chance: 0.5, agentType: 0 },
  15: { chance: 0.4, agentType: 1 },
};

export function generateCalls(ctx: DemoContext): void {
  const { random, world } = ctx;
  for (const day of daysOf(ctx.window)) {
    const dayFactor = weekdayFactor(day);
    for (const client of world.activeClients) {
      const count = random.poisson(client.callsPerDay * dayFactor);
      for (let i = 0; i < count; i++) {
        const kind = random.weighted(kindWeights);
        const start = timeOfDay(random, day);
        writeCall(ctx, { client, kind, start, shape: shapeCall(random, kind) });
      }
    }
  }
}

export interface CallSpec {
  readonly client: ClientProfile;
  readonly kind: number;
  readonly start: number;
  readonly shape: CallShape;
  /** Overrides the end stamp (edge cases); otherwise the counters' total plus sub-second jitter. */
  readonly end?: number;
  readonly writeStart?: boolean;
  readonly writeEnd?: boolean;
}

/** Writes one call and whatever messages it leaves. Returns its callId. */
export function writeCall(ctx: DemoContext, spec: CallSpec): number {
  const { random, world, ids } = ctx;
  const callId = ids.take('call');
  const { counters, compCode, withAgent } = spec.shape;
  const end = spec.end ?? toDatetimeTick(spec.start + Math.max(0, totalSeconds(counters) * 1000 + random.int(-499, 499)));
  const agent = withAgent ? random.pick(world.operators) : null;
  // A Change Client call can end on another client than it started on (quirk D16).
  const endClient = spec.kind === 13 && random.chance(0.5) ? random.pick(world.activeClients) : spec.client;
  if (spec.writeStart !== false) {
    ctx.write('statCallStart', [callId, spec.client.cltID, spec.start, `555${String(random.int(0, 9_999_999)).padStart(7, '0')}`]);
  }
  if (spec.writeEnd !== false) {
    ctx.write('statCallEnd', [callId, endClient.cltID, end, spec.kind, compCode, ...counters, agent]);
  }
  const taking = messageTaking[spec.kind];
  if (taking && compCode === 0 && spec.writeEnd !== false && random.chance(taking.chance)) {
    const takenBy = taking.agentType === 0 ? (agent ?? random.pick(world.operators)) : systemAgent(ctx, taking.agentType);
    const stamp = toDatetimeTick(Math.max(spec.start, end - random.int(0, 5000)));
    takeMessage(ctx, { client: endClient, stamp, takenBy, callId });
  }
  return callId;
}
