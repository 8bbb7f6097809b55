import { describe, expect, it } from 'vitest';
import { lifecycles, type RunEvent } from '../../../engine/runs/lifecycle.ts';

const finalise = (run: string, at = '2026-11-05T09:00:00.000'): RunEvent => ({
  kind: 'finalise',
  run,
  actor: 'bea',
  at,
  invoiceDate: at.slice(0, 10),
  dueDate: '2026-12-05',
  profileVersion: 1,
});
const correction = (run: string, corrects: string): RunEvent => ({ kind: 'correction', run, corrects, actor: 'bea', at: '2026-11-06T09:00:00.000' });
const discard = (run: string): RunEvent => ({ kind: 'discard', run, actor: 'bea', at: '2026-11-07T09:00:00.000' });

describe('run lifecycle', () => {
  it('is a draft without events', () => {
    expect(lifecycles([])('r1')).toEqual({
      run: 'r1',
      status: 'draft',
      finalisedAt: null,
      finalisedBy: null,
      invoiceDate: null,
      dueDate: null,
      profileVersion: null,
      corrects: null,
      correctedBy: null,
      corrections: [],
    });
  });

  it('is finalised with its dates, by whom and when', () => {
    expect(lifecycles([finalise('r1')])('r1')).toMatchObject({ status: 'finalised', finalisedBy: 'bea', invoiceDate: '2026-11-05', dueDate: '2026-12-05' });
  });

  it('stays finalised while its correction is a draft, and is corrected once the correction is finalised', () => {
    const drafting = lifecycles([finalise('r1'), correction('r2', 'r1')]);
    expect(drafting('r1')).toMatchObject({ status: 'finalised', correctedBy: null, corrections: ['r2'] });
    expect(drafting('r2')).toMatchObject({ status: 'draft', corrects: 'r1' });
    expect(lifecycles([finalise('r1'), correction('r2', 'r1'), finalise('r2')])('r1')).toMatchObject({ status: 'corrected', correctedBy: 'r2' });
  });

  it('forgets a discarded correction, and a run made again with the same id starts as a draft', () => {
    const events = [finalise('r1'), correction('r2', 'r1'), discard('r2')];
    expect(lifecycles(events)('r1').corrections).toEqual([]);
    expect(lifecycles(events)('r2')).toMatchObject({ status: 'draft', corrects: null });
    expect(lifecycles([correction('r3', 'r1'), discard('r3'), correction('r3', 'r9')])('r3').corrects).toBe('r9');
  });
});
