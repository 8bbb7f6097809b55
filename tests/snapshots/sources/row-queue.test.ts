import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createRowQueue } from '../../../snapshots/sources/row-queue.ts';

/** A driver that pushes `total` rows as fast as it may, honouring pause and resume. */
function fakeDriver(total: number) {
  const log = { pauses: 0, resumes: 0, cancels: 0, maxQueued: 0 };
  let paused = false;
  let sent = 0;
  const queue = createRowQueue<number>(
    {
      pause: () => {
        paused = true;
        log.pauses++;
      },
      resume: () => {
        paused = false;
        log.resumes++;
        setImmediate(pump);
      },
      cancel: () => log.cancels++,
    },
    { batchRows: 10, highWater: 40 },
  );
  function pump(): void {
    while (!paused && sent < total) {
      queue.push(sent++);
      log.maxQueued = Math.max(log.maxQueued, sent);
    }
    if (sent === total) queue.end();
  }
  return { queue, log, start: () => setImmediate(pump), sent: () => sent };
}

describe('the row queue between a pushing driver and a pulling sink', () => {
  it('pauses the driver when a slow sink falls behind, resumes it, and loses nothing', async () => {
    const driver = fakeDriver(1000);
    driver.start();
    const seen: number[] = [];
    let maxAhead = 0;
    for await (const batch of driver.queue) {
      await sleep(1); // the slow sink
      seen.push(...batch);
      maxAhead = Math.max(maxAhead, driver.sent() - seen.length);
      expect(batch.length).toBeLessThanOrEqual(10);
    }
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, index) => index));
    expect(driver.log.pauses).toBeGreaterThan(10);
    expect(driver.log.resumes).toBe(driver.log.pauses);
    expect(maxAhead).toBeLessThanOrEqual(40); // memory bounded by the high-water mark
  });

  it('hands over the rows received before a failure, then the failure', async () => {
    const queue = createRowQueue<number>({ pause() {}, resume() {}, cancel() {} }, { batchRows: 10 });
    queue.push(1);
    queue.push(2);
    queue.fail(new Error('socket hang up'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const batch of queue) seen.push(...batch);
      })(),
    ).rejects.toThrow('socket hang up');
    expect(seen).toEqual([1, 2]);
  });

  it('cancels the statement when the sink stops reading early', async () => {
    const driver = fakeDriver(1000);
    driver.start();
    for await (const batch of driver.queue) if (batch.length > 0) break;
    expect(driver.log.cancels).toBe(1);
  });
});
