/**
 * Extraction progress as plain events, for the CLI's progress bar now and the workbench (over
 * server-sent events) later. Rates and ETAs come from an injected clock so tests are deterministic.
 */
export type ExtractionEvent =
  /** Discovery and the row counts are done; `rows` is the estimate the ETA works from. */
  | { readonly kind: 'planned'; readonly tables: number; readonly rows: number; readonly warnings: readonly string[] }
  | {
      readonly kind: 'progress';
      readonly table: string;
      /** Tables finished so far, of `tables`. */
      readonly tablesDone: number;
      readonly tables: number;
      readonly rows: number;
      /** The estimate, raised if the source grew meanwhile. */
      readonly rowsTotal: number;
      readonly rowsPerSecond: number;
      /** Seconds left at the current rate; null until a rate is known. */
      readonly etaSeconds: number | null;
    }
  /** The connection dropped; the chunk in flight is read again on a new connection. */
  | { readonly kind: 'resumed'; readonly table: string; readonly attempt: number; readonly reason: string };

export interface ProgressTracker {
  tableStarted(table: string): void;
  rowsWritten(count: number): void;
  /** Rows of a chunk that was discarded to be read again. */
  rowsDiscarded(count: number): void;
  tableDone(): void;
}

export function createProgressTracker(
  plan: { readonly tables: number; readonly rows: number },
  emit: (event: ExtractionEvent) => void,
  clock: () => number = () => performance.now(),
): ProgressTracker {
  const started = clock();
  let table = '';
  let tablesDone = 0;
  let rows = 0;
  const report = (): void => {
    const seconds = (clock() - started) / 1000;
    const rowsPerSecond = seconds > 0 ? Math.round(rows / seconds) : 0;
    const rowsTotal = Math.max(plan.rows, rows);
    const etaSeconds = rowsPerSecond > 0 ? Math.ceil((rowsTotal - rows) / rowsPerSecond) : null;
    emit({ kind: 'progress', table, tablesDone, tables: plan.tables, rows, rowsTotal, rowsPerSecond, etaSeconds });
  };
  return {
    tableStarted(name) {
      table = name;
      report();
    },
    rowsWritten(count) {
      rows += count;
      report();
    },
    rowsDiscarded(count) {
      rows -= count;
    },
    tableDone() {
      tablesDone++;
      report();
    },
  };
}
