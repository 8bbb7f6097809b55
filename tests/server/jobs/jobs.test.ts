/** The job runner's statuses: a cancel that the work honours ends it cancelled; one that came too late does not undo a result. */
import { describe, expect, it } from 'vitest';
import { createJobRunner } from '../../../server/jobs/jobs.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Who starts and cancels the jobs here. */
const OWNER = { name: 'ada', role: 'editor' } as const;

/** The job once it has ended (without cancelling anything). */
function ended(runner: ReturnType<typeof createJobRunner>, id: string) {
  return new Promise((resolve) => {
    const stop = runner.watch(id, (job) => {
      if (job.status === 'running') return;
      stop();
      resolve(job);
    });
  });
}

describe('the job runner', () => {
  it('ends a job cancelled when its work stops on the cancel', async () => {
    const runner = createJobRunner();
    const job = runner.start('test', 'ada', ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))));
    expect(runner.cancel(job.id, OWNER)).toBe(true);
    expect(await ended(runner, job.id)).toMatchObject({ status: 'cancelled', error: { message: 'stopped' } });
  });

  it('ends a job succeeded, with its result, when the work finished although a cancel came late', async () => {
    const runner = createJobRunner();
    const work = deferred<{ snapshot: string }>();
    const job = runner.start('test', 'ada', () => work.promise);
    expect(runner.cancel(job.id, OWNER)).toBe(true);
    work.resolve({ snapshot: 'demo-tiny-2026-10' });
    expect(await ended(runner, job.id)).toMatchObject({ status: 'succeeded', result: { snapshot: 'demo-tiny-2026-10' } });
  });

  it('ends a failing job failed with its code and message', async () => {
    const runner = createJobRunner();
    const job = runner.start('test', 'ada', async () => {
      throw Object.assign(new Error('disk full'), { code: 'disk_full' });
    });
    expect(await ended(runner, job.id)).toMatchObject({ status: 'failed', error: { code: 'disk_full', message: 'disk full' } });
    expect(runner.cancel(job.id, OWNER)).toBe(false);
  });
});
