/**
 * How a call of each kind spends its time. Each call is a sequence of states, each second in
 * exactly one state, selected (at an agent position) or not; the statCallEnd counters are the
 * totals and the elapsed time from arrival to end is their sum, give or take the sub-second part.
 */
import type { Random } from './random.ts';

/** statCallEnd state columns in table order; counter index = 2 * state (+1 for unselected). */
export const STATES = [
  'Disc',
  'Ring',
  'Talk',
  'Talk1',
  'Talk2',
  'Conference',
  'Hold',
  'InProgress',
  'VoiceMail',
  'Auto',
  'OutboundQueue',
  'AutoHold',
  'Patch',
  'Bridge',
] as const;
type State = (typeof STATES)[number];
const stateIndex = new Map<State, number>(STATES.map((state, i) => [state, i]));

export interface CallShape {
  /** 28 second counters: selDisc, unselDisc, selRing, unselRing, ... selBridge, unselBridge. */
  readonly counters: Int32Array;
  readonly compCode: number;
  /** Whether an agent handled the call (so an operator's ID goes on it). */
  readonly withAgent: boolean;
}

/** Relative frequency of call kinds 0-26 at a typical answering service. */
export const kindWeights: readonly number[] = [
  0.2, 55, 7, 2, 0.5, 4, 0.1, 6, 2, 1.5, 2, 1.5, 1.5, 1, 0.5, 0.5, 4, 1, 2, 0.6, 0.6, 0.4, 0.4, 0.5, 0.4, 0.1, 0.1,
];

const talkMedianSeconds: Readonly<Record<number, number>> = { 1: 75, 2: 45, 3: 60, 4: 40, 6: 30, 13: 50, 14: 120 };

export function shapeCall(random: Random, kind: number): CallShape {
  const counters = new Int32Array(STATES.length * 2);
  const add = (slot: number, seconds: number): void => {
    counters[slot] = (counters[slot] ?? 0) + Math.max(0, Math.round(seconds));
  };
  const sel = (state: State, seconds: number): void => add(2 * (stateIndex.get(state) as number), seconds);
  const unsel = (state: State, seconds: number): void => add(2 * (stateIndex.get(state) as number) + 1, seconds);
  let compCode = 0;
  let withAgent = false;

  const answeredByAgent = (talkMedian: number): void => {
    withAgent = true;
    sel('Ring', random.int(1, 5));
    sel('Talk', random.logNormal(talkMedian, 0.7));
    if (random.chance(0.25)) sel('Hold', random.logNormal(20, 0.8));
    if (random.chance(0.1)) unsel('Hold', random.logNormal(30, 0.8));
    if (random.chance(0.03)) {
      sel('Conference', random.logNormal(40, 0.8));
      sel('Talk1', random.int(2, 15));
      sel('Talk2', random.int(2, 15));
    }
    sel('Disc', random.int(0, 6));
  };

  switch (kind) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 6:
    case 13:
    case 14: {
      unsel('Ring', random.logNormal(6, 0.8));
      if (random.chance(0.2)) unsel('AutoHold', random.logNormal(15, 0.7));
      if (kind === 3) {
        sel('OutboundQueue', random.int(0, 3));
        sel('InProgress', random.int(5, 25));
      }
      if ((kind === 1 || kind === 2) && random.chance(0.05)) {
        // Abandoned: the caller hung up before an agent talked; some rang at a position first.
        compCode = 3;
        if (random.chance(0.3)) {
          withAgent = true;
          sel('Ring', random.int(1, 3));
        }
        break;
      }
      answeredByAgent(talkMedianSeconds[kind] ?? 60);
      if (kind === 1 && random.chance(0.08)) {
        sel('Patch', random.logNormal(20, 0.6));
        if (random.chance(0.7)) unsel('Patch', random.logNormal(90, 0.9));
      }
      if (kind === 1 && random.chance(0.01)) sel('Bridge', random.logNormal(30, 0.5));
      if (kind === 1 && random.chance(0.005)) compCode = 1;
      break;
    }
    case 5: // IVR, sometimes transferred to an operator
      unsel('Auto', random.logNormal(45, 0.6));
      if (random.chance(0.15)) answeredByAgent(50);
      break;
    case 7:
      unsel('Ring', random.int(5, 20));
      unsel('VoiceMail', random.logNormal(35, 0.6));
      break;
    case 8:
    case 18:
    case 20: // outbound automation: autodial, dispatch calls, voice-mail callbacks
      unsel('OutboundQueue', random.int(0, 5));
      unsel('InProgress', random.int(5, 25));
      unsel('Auto', random.logNormal(kind === 8 ? 25 : 30, 0.6));
      if (kind !== 8 && random.chance(kind === 18 ? 0.2 : 0.5)) answeredByAgent(40);
      break;
    case 10:
    case 15: // MergeComm and Rauland Responder calls
      unsel('Auto', random.logNormal(kind === 10 ? 30 : 20, 0.6));
      if (random.chance(kind === 10 ? 0.1 : 0.3)) answeredByAgent(40);
      break;
    case 12:
      unsel('InProgress', random.int(3, 15));
      unsel('Auto', random.logNormal(40, 0.6));
      break;
    case 16: // auto attendant: mostly automated, occasionally rings at a position
      unsel('Auto', random.logNormal(15, 0.6));
      if (random.chance(0.2)) {
        withAgent = true;
        sel('Ring', random.int(1, 3));
      }
      break;
    case 19: // park orbit pickup
      unsel('Hold', random.logNormal(40, 0.7));
      if (random.chance(0.1)) compCode = 2;
      else answeredByAgent(30);
      break;
    case 23:
      unsel('Conference', random.logNormal(600, 0.8));
      break;
    case 24:
      unsel('Hold', random.logNormal(60, 0.7));
      break;
    case 0:
      unsel('Ring', random.int(1, 10));
      break;
    case 25:
      unsel('Auto', random.logNormal(60, 0.5));
      break;
    default: // 9 announcements, 11 page confirmations, 17 listing lookups, 21 cue, 22 repeat, 26
      unsel('Auto', random.logNormal(kind === 17 ? 10 : 15, 0.6));
  }
  return { counters, compCode, withAgent };
}

export function totalSeconds(counters: Int32Array): number {
  let total = 0;
  for (const seconds of counters) total += seconds;
  return total;
}
