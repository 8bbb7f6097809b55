import { describe, expect, it } from 'vitest';
import { memoryPlan } from '../../../server/services/execution-pool.ts';

const mb = (limit: string) => Number(limit.replace('MB', ''));

describe('the memory plan', () => {
  it.each([
    [4096, 2, 2],
    [2048, 3, 4],
    [1024, 1, 1],
  ])('keeps every DuckDB instance of a %i MiB budget (%i snapshots, %i turns) within three quarters of it', (budget, snapshots, turns) => {
    const plan = memoryPlan(budget, snapshots, turns);
    expect(snapshots * mb(plan.snapshotInstance) + turns * mb(plan.scratchInstance)).toBeLessThanOrEqual(budget * 0.75);
  });

  it('gives the default budget the snapshot instances it had before (1 GiB each, and some)', () => {
    expect(memoryPlan(4096, 2, 2)).toEqual({ snapshotInstance: '1152MB', scratchInstance: '384MB' });
  });
});
