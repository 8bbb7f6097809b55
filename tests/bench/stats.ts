/** Small statistics for benchmarks: medians and run-repeating, nothing asserted. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Runs `task` `runs` times (after `warmup` unmeasured runs) and returns each run's milliseconds;
 * `beforeEach`, when given, runs untimed just before each timed run.
 * The heap is collected once before the timed runs when the process allows it (`npm run bench`
 * runs with --expose-gc): each figure starts clean, not paying for the garbage of the benchmarks
 * before it (the naive and PostgreSQL baselines leave hundreds of megabytes), which a server
 * doing only our work does not carry. Collection during the runs is the figure's own and counted.
 * Each timed run starts on a turn of the event loop of its own, as a request to the server does:
 * work the runtime queued as a task meanwhile (V8 queues a young-generation collection when that
 * generation is nearly full) runs between runs, as it runs between requests, rather than inside
 * the next run because runs that never wait for I/O (a what-if on kept statistics) left it no turn.
 */
export async function timeRuns(runs: number, task: () => Promise<void>, warmup = 0, beforeEach?: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await task();
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await beforeEach?.();
    await nextTurn();
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return times;
}

/** Resolves on the next turn of the event loop, after the tasks queued before it. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Samples the process's resident set every 20 ms until stopped and returns the highest seen.
 * DuckDB allocates outside the V8 heap, so RSS (not heapUsed) is what a machine must hold.
 */
export function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
