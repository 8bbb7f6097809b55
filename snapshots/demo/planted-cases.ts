/**
 * The cases that make billing hard, planted at the period's edges so that every scale, even
 * `tiny`, has them: stamps exactly on the boundaries and one tick outside, calls that straddle a
 * boundary, sub-second stamps that expose the +500 ms elapsed-time quirk (D5), zero-length calls,
 * calls missing a start or an end row, and jobs that finish after the period.
 */
import { DAY_MS, toDatetimeTick } from '../period.ts';
import { STATES, type CallShape } from './call-model.ts';
import { writeCall } from './calls.ts';
import { systemAgent, type DemoContext } from './context.ts';
import { writeHistory } from './histories.ts';
import { takeMessage } from './messages.ts';
import type { ClientProfile } from './world.ts';

const SECOND = 1000;
/** Sub-second start/end pairs from quirk D5: true elapsed time and the legacy count differ. */
const halfSecondPairs: readonly (readonly [number, number])[] = [
  [900, 1_100],
  [700, 1_900],
  [100, 400],
  [497, 500],
  [503, 2_497],
  [500, 1_497],
];

export function plantEdgeCases(ctx: DemoContext): void {
  const { period } = ctx;
  const [client, other] = ctx.world.activeClients as [ClientProfile, ClientProfile];
  const tick = 3; // one datetime tick, give or take: .997 + 3 ms = the next whole second
  const call = (start: number, end: number, options: { kind?: number; writeStart?: boolean; writeEnd?: boolean } = {}): void => {
    writeCall(ctx, { client, kind: options.kind ?? 1, start, end, shape: talkOnly(end - start), ...options });
  };

  call(period.start - 30 * SECOND, period.start); // ends exactly at the start: inside
  call(period.end - 45 * SECOND, period.end); // ends exactly at the end: inside
  call(period.start - 60 * SECOND, period.start - tick); // one tick before: outside
  call(period.end - 20 * SECOND, period.end + tick); // one tick after: outside
  call(period.start - 40 * SECOND, period.start + 20 * SECOND); // starts before, ends inside
  call(period.end - 30 * SECOND, period.end + 25 * SECOND); // starts inside, ends after

  const middle = toDatetimeTick(period.start + Math.floor((period.end - period.start) / 2 / DAY_MS) * DAY_MS + 14 * 3_600_000);
  halfSecondPairs.forEach(([startMs, endMs], i) => {
    call(middle + i * 60 * SECOND + startMs, middle + i * 60 * SECOND + endMs);
  });
  call(middle + 10 * 60 * SECOND, middle + 10 * 60 * SECOND, { kind: 0 }); // zero length
  call(middle + 11 * 60 * SECOND, middle + 12 * 60 * SECOND, { writeStart: false }); // end row without start row
  call(period.end - 10 * SECOND, period.end + 3_600_000, { writeEnd: false }); // still in progress at extraction

  for (const stamp of [period.start, period.end]) {
    takeMessage(ctx, { client, stamp, takenBy: ctx.world.operators[0] as number, callId: null });
    for (const channel of client.channels) ctx.write(channel.table, [client.cltID, stamp, null, false]);
    ctx.write('statDialouts', [ctx.ids.take('dialout'), client.cltID, ctx.world.operators[0] as number, stamp, 0, false]);
    ctx.write('statClientMaintenance', [ctx.ids.take('maintenance'), client.cltID, null, stamp, 0, 1_200_000_000, true]);
  }
  for (const stamp of [period.start - tick, period.end + tick]) {
    takeMessage(ctx, { client, stamp, takenBy: ctx.world.operators[0] as number, callId: null });
  }
  const webAgent = client.webAgents[0] as number;
  ctx.write('statLogout', [webAgent, 2, period.start, period.start + 15 * 60 * SECOND]);
  ctx.write('statLogout', [webAgent, 26, period.end - 5 * 60 * SECOND, period.end + 40 * 60 * SECOND]);

  plantDispatchJobs(ctx, client);
  plantMergeCommAcrossTheEnd(ctx, other);
}

/** A call that is all selected talk, its counters consistent with its elapsed time. */
function talkOnly(elapsedMs: number): CallShape {
  const counters = new Int32Array(STATES.length * 2);
  counters[2 * STATES.indexOf('Talk')] = Math.round(elapsedMs / SECOND);
  return { counters, compCode: 0, withAgent: elapsedMs > 0 };
}

function plantDispatchJobs(ctx: DemoContext, client: ClientProfile): void {
  const { period } = ctx;
  const job = (created: number, removed: number | null, reason = 1): void => {
    const dispID = ctx.ids.take('dispatch');
    ctx.write('statDispatchAdded', [dispID, client.cltID, created, 'Boundary job', null]);
    if (removed !== null) ctx.write('statDispatchDeleted', [dispID, reason, removed, null]);
  };
  job(period.start - 3_600_000, period.start + 3_600_000); // created before, removed inside
  job(period.end - 600_000, period.end + 7_200_000, 0); // created inside, removed after
  job(period.end, null); // created on the last tick, never removed
  job(period.start, period.start + 90_000, 2); // created on the first tick
}

function plantMergeCommAcrossTheEnd(ctx: DemoContext, client: ClientProfile): void {
  const { period } = ctx;
  const agent = systemAgent(ctx, 16);
  const msgId = takeMessage(ctx, { client, stamp: period.end - 2 * SECOND, takenBy: systemAgent(ctx, 11), callId: null });
  ctx.write('statMergeComm', [client.cltID, msgId, agent, 1]);
  writeHistory(ctx, msgId, agent, period.end - 500, 35, 'MergeComm Started');
  writeHistory(ctx, msgId, agent, period.end + 2 * SECOND, 36, 'MergeComm Completed');
}
