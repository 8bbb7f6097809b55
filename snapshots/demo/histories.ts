/** Writes one msgHistories event. */
import type { DemoContext } from './context.ts';

export function writeHistory(ctx: DemoContext, msgId: number, agtId: number, stamp: number, dispositionId: number, name: string): void {
  ctx.write('msgHistories', [ctx.ids.take('hist'), msgId, agtId, stamp, dispositionId, name]);
}
