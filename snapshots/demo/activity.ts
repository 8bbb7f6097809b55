/**
 * Everything that is not a call or a message: dial-outs, messaging-interface traffic, login
 * sessions, Client Setup and script edits, and directory edits.
 */
import { toDatetimeTick } from '../period.ts';
import { anyTimeOfDay, daysOf, later, timeOfDay, weekdayFactor } from './calendar.ts';
import type { DemoContext } from './context.ts';

const interfaceErrors = ['Timeout waiting for response', 'Invalid address', 'Remote host rejected message', 'Carrier unavailable'];
/** Web station types the report bills (2 IS Web, 18 web messaging, 26 miTeamWeb) and their mix. */
const webStationTypes = [2, 18, 26];
const webStationWeights = [50, 30, 20];
/** Operator positions, which the report does not bill: 0 Agent, 1 Supervisor, 10 Soft Agent. */
const operatorStationTypes = [0, 1, 10];
/** 1900-01-01 00:00, the zero of statDirectorySetup.Duration. */
const DATETIME_ZERO = Date.UTC(1900, 0, 1);
const TICKS_PER_SECOND = 10_000_000;

export function generateActivity(ctx: DemoContext): void {
  for (const day of daysOf(ctx.window)) {
    const factor = weekdayFactor(day);
    for (const client of ctx.world.activeClients) {
      dialouts(ctx, client.cltID, day, client.callsPerDay * 0.08 * factor);
      for (const channel of client.channels) interfaceTraffic(ctx, channel.table, client.cltID, day, client.callsPerDay * 0.15 * factor);
      for (const agtId of client.webAgents) webSessions(ctx, agtId, day);
      maintenance(ctx, client.cltID, day);
    }
    operatorShifts(ctx, day);
    directoryEdits(ctx, day);
  }
}

function dialouts(ctx: DemoContext, cltID: number, day: number, mean: number): void {
  const { random } = ctx;
  for (let n = random.poisson(mean); n > 0; n--) {
    const duration = random.chance(0.04) ? 0 : Math.round(random.logNormal(45, 0.8));
    ctx.write('statDialouts', [ctx.ids.take('dialout'), cltID, random.pick(ctx.world.operators), timeOfDay(random, day), duration, random.chance(0.06)]);
  }
}

function interfaceTraffic(ctx: DemoContext, table: string, cltID: number, day: number, mean: number): void {
  const { random } = ctx;
  for (let n = random.poisson(mean); n > 0; n--) {
    const r = random.next();
    const error = r < 0.025 ? random.pick(interfaceErrors) : r < 0.03 ? '' : null;
    ctx.write(table, [cltID, anyTimeOfDay(random, day), error, random.chance(0.3)]);
  }
}

function webSessions(ctx: DemoContext, agtId: number, day: number): void {
  const { random } = ctx;
  for (let n = random.poisson(0.8); n > 0; n--) {
    const login = timeOfDay(random, day);
    const stationType = webStationTypes[random.weighted(webStationWeights)] as number;
    ctx.write('statLogout', [agtId, stationType, login, later(login, random.logNormal(1_200_000, 1))]);
  }
}

function operatorShifts(ctx: DemoContext, day: number): void {
  const { random } = ctx;
  for (const agtId of ctx.world.operators) {
    if (!random.chance(0.6)) continue;
    const login = toDatetimeTick(day + random.pick([0, 8, 16]) * 3_600_000 + random.int(-600_000, 600_000));
    ctx.write('statLogout', [agtId, random.pick(operatorStationTypes), login, later(login, random.logNormal(8 * 3_600_000, 0.1))]);
  }
}

function maintenance(ctx: DemoContext, cltID: number, day: number): void {
  const { random } = ctx;
  for (let n = random.poisson(0.08); n > 0; n--) {
    const type = random.weighted([60, 35, 5]); // 0 Client Setup, 1 script edit, 2 something the report ignores
    const seconds = random.logNormal(240, 1);
    const ticks = Math.round(seconds * TICKS_PER_SECOND);
    ctx.write('statClientMaintenance', [
      ctx.ids.take('maintenance'),
      cltID,
      random.pick(ctx.world.operators),
      timeOfDay(random, day),
      type,
      ticks,
      random.chance(0.85),
    ]);
  }
}

function directoryEdits(ctx: DemoContext, day: number): void {
  const { random } = ctx;
  for (const subId of ctx.world.subjects) {
    for (let n = random.poisson(0.3); n > 0; n--) {
      const duration = DATETIME_ZERO + Math.round(random.logNormal(90_000, 0.9));
      ctx.write('statDirectorySetup', [ctx.ids.take('dirsetup'), subId, random.pick(ctx.world.operators), timeOfDay(random, day), toDatetimeTick(duration)]);
    }
  }
}
