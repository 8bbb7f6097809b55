import { describe, expect, it } from 'vitest';
import { createProgressTracker, type ExtractionEvent } from '../../../snapshots/sources/progress.ts';

describe('extraction progress', () => {
  it('reports tables, rows, rows per second and the seconds left, by the injected clock', () => {
    const events: ExtractionEvent[] = [];
    let now = 0;
    const tracker = createProgressTracker(
      { tables: 2, rows: 3000 },
      (event) => events.push(event),
      () => now,
    );
    tracker.tableStarted('statCallEnd');
    now = 1000;
    tracker.rowsWritten(1000);
    now = 2000;
    tracker.rowsWritten(1000);
    tracker.tableDone();
    expect(events).toEqual([
      { kind: 'progress', table: 'statCallEnd', tablesDone: 0, tables: 2, rows: 0, rowsTotal: 3000, rowsPerSecond: 0, etaSeconds: null },
      { kind: 'progress', table: 'statCallEnd', tablesDone: 0, tables: 2, rows: 1000, rowsTotal: 3000, rowsPerSecond: 1000, etaSeconds: 2 },
      { kind: 'progress', table: 'statCallEnd', tablesDone: 0, tables: 2, rows: 2000, rowsTotal: 3000, rowsPerSecond: 1000, etaSeconds: 1 },
      { kind: 'progress', table: 'statCallEnd', tablesDone: 1, tables: 2, rows: 2000, rowsTotal: 3000, rowsPerSecond: 1000, etaSeconds: 1 },
    ]);
  });

  it('takes back the rows of a discarded chunk, and raises the total when the source grew', () => {
    const events: ExtractionEvent[] = [];
    let now = 0;
    const tracker = createProgressTracker(
      { tables: 1, rows: 100 },
      (event) => events.push(event),
      () => now,
    );
    now = 1000;
    tracker.rowsWritten(80);
    tracker.rowsDiscarded(80);
    tracker.rowsWritten(120);
    expect(events.at(-1)).toMatchObject({ rows: 120, rowsTotal: 120, etaSeconds: 0 });
  });
});
