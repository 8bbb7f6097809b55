/**
 * Turns a driver that pushes rows (mssql's `row` events) into batches the consumer pulls, with
 * backpressure: once `highWater` rows wait, the driver is paused (tedious then stops reading the
 * socket, and TCP flow control holds the server back), and resumed when the consumer has taken
 * the queue below half of it. Memory stays bounded however slow the sink is.
 */
export interface PushControl {
  pause(): void;
  resume(): void;
  /** Stops the statement on the server (consumer gave up or was cancelled). */
  cancel(): void;
}

export interface RowQueue<T> extends AsyncIterable<T[]> {
  push(row: T): void;
  end(): void;
  fail(error: unknown): void;
  /** Whether the driver is paused now; for tests and diagnostics. */
  readonly paused: boolean;
}

export interface RowQueueOptions {
  readonly batchRows?: number;
  readonly highWater?: number;
}

export function createRowQueue<T>(control: PushControl, options: RowQueueOptions = {}): RowQueue<T> {
  const batchRows = options.batchRows ?? 2000;
  const highWater = options.highWater ?? 4 * batchRows;
  let rows: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };

  async function* batches(): AsyncGenerator<T[]> {
    let finished = false;
    try {
      while (true) {
        if (rows.length < batchRows && !ended && !failure) await new Promise<void>((resolve) => (wake = resolve));
        if (rows.length > 0 && (rows.length >= batchRows || ended || failure)) {
          const batch = rows.length <= batchRows ? rows : rows.slice(0, batchRows);
          rows = rows.length <= batchRows ? [] : rows.slice(batchRows);
          if (paused && (rows.length <= highWater / 2 || rows.length < batchRows)) {
            paused = false;
            control.resume();
          }
          yield batch;
          continue;
        }
        if (failure) throw failure.error;
        if (ended) {
          finished = true;
          return;
        }
      }
    } finally {
      if (!finished && !failure) control.cancel();
    }
  }

  return {
    push(row) {
      rows.push(row);
      if (!paused && rows.length >= highWater) {
        paused = true;
        control.pause();
      }
      if (rows.length >= batchRows) notify();
    },
    end() {
      ended = true;
      notify();
    },
    fail(error) {
      failure ??= { error };
      notify();
    },
    get paused() {
      return paused;
    },
    [Symbol.asyncIterator]: batches,
  };
}
