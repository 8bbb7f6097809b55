/**
 * Turns for the requests that run user SQL (a formula run, fixture tests, a grid or review with a
 * draft): at most `concurrency` at once in all and `perUser` for one user; the rest wait in a
 * bounded queue, and whoever finds it full (or waits too long) is told when to come back. Each turn
 * has a time budget for the whole request: when it runs out, its signal aborts, the queries in
 * flight are interrupted and the request answers 504.
 *
 * Why a pool at all: DuckDB's Node bindings run every query on libuv's thread pool (4 threads by
 * default), which scrypt (login) and the workspace database (every route, /api/health too) need as
 * well. Four heavy formula runs at once held all four threads, so health and login waited 28 s.
 * Keeping the runs below the thread pool's size leaves threads for everything else.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Sandbox, SandboxLimits } from '../../engine/formulas/sandbox.ts';
import { ApiError } from '../errors.ts';

export interface ExecutionLimits {
  /** Requests running user SQL at once, in all. */
  readonly concurrency: number;
  /** Of those, for one user. */
  readonly perUser: number;
  /** Requests waiting for a turn, in all; beyond it, 503 with Retry-After. */
  readonly queue: number;
  /** Requests one user may have waiting; beyond it, 429 with Retry-After. */
  readonly queuePerUser: number;
  /** Longest wait for a turn, in milliseconds; then 503 with Retry-After. */
  readonly waitMs: number;
  /** Time for the whole request once its turn came (every query and fixture test of it), in milliseconds. */
  readonly budgetMs: number;
}

/**
 * Two at once (of libuv's four threads: the other two serve login, health and the other routes),
 * one per user so a single user cannot take both, and a minute per request: a query alone may take
 * 30 s (the sandbox's limit), a request running three fixture tests no more than twice that. The
 * editor asks for several at once (a draft's review diff, grid pages with the draft, an approval),
 * so a user may have six waiting; sixteen in all.
 */
export const defaultExecutionLimits: ExecutionLimits = { concurrency: 2, perUser: 1, queue: 16, queuePerUser: 6, waitMs: 30_000, budgetMs: 60_000 };

/** A request's turn: aborted when its time budget runs out. */
export interface Turn {
  readonly signal: AbortSignal;
  /** When the budget runs out (epoch milliseconds). */
  readonly deadline: number;
  /** The DuckDB memory limit of a scratch instance opened in the turn (its share of the budget). */
  readonly memoryLimit: string;
}

export interface ExecutionPool {
  /** Runs `work` when `user` gets a turn; refuses (429/503) when the queue is full or the wait too long. */
  run<T>(user: string, work: (turn: Turn) => Promise<T>): Promise<T>;
  /** What runs and waits now. */
  load(): { readonly running: number; readonly waiting: number };
}

interface Waiter {
  readonly user: string;
  readonly start: () => void;
}

const current = new AsyncLocalStorage<Turn>();

/** The turn of the request being served, if it runs user SQL. */
export function currentTurn(): Turn | undefined {
  return current.getStore();
}

export function createExecutionPool(
  limits: ExecutionLimits,
  { memoryLimit, now = () => Date.now() }: { memoryLimit: string; now?: () => number },
): ExecutionPool {
  const running = new Map<string, number>();
  const queue: Waiter[] = [];
  let total = 0;
  const countOf = (user: string) => running.get(user) ?? 0;
  const mayStart = (user: string) => total < limits.concurrency && countOf(user) < limits.perUser;
  const retryAfter = () => String(Math.max(1, Math.ceil(limits.budgetMs / 1000 / 4)));

  const begin = (user: string) => {
    total++;
    running.set(user, countOf(user) + 1);
  };
  const end = (user: string) => {
    total--;
    const left = countOf(user) - 1;
    if (left > 0) running.set(user, left);
    else running.delete(user);
    const next = queue.findIndex((waiter) => mayStart(waiter.user));
    if (next >= 0) queue.splice(next, 1)[0]?.start();
  };

  const waitForTurn = (user: string): Promise<void> => {
    if (queue.filter((waiter) => waiter.user === user).length >= limits.queuePerUser)
      throw new BusyError(
        429,
        'too_many_runs',
        `${user} already has ${limits.perUser} running and ${limits.queuePerUser} waiting; wait for one to finish`,
        retryAfter(),
      );
    if (queue.length >= limits.queue)
      throw new BusyError(503, 'server_busy', 'the server is running as many formulas as it can; try again shortly', retryAfter());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        user,
        start: () => {
          clearTimeout(timer);
          begin(user);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(waiter), 1);
        reject(new BusyError(503, 'server_busy', `no turn to run formulas came within ${limits.waitMs / 1000} s; try again shortly`, retryAfter()));
      }, limits.waitMs);
      queue.push(waiter);
    });
  };

  return {
    async run(user, work) {
      // Nobody waiting could start now (end() hands out every turn it can), so starting at once skips no one.
      if (mayStart(user)) begin(user);
      else await waitForTurn(user);
      const controller = new AbortController();
      const turn: Turn = { signal: controller.signal, deadline: now() + limits.budgetMs, memoryLimit };
      let timer: NodeJS.Timeout | undefined;
      const overBudget = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new ApiError(504, 'time_budget', `the request took longer than its ${limits.budgetMs / 1000} s budget and was stopped`));
        }, limits.budgetMs);
      });
      const working = current.run(turn, async () => work(turn));
      // The turn is handed back only when the work has really stopped, so the bound holds.
      working.then(
        () => end(user),
        () => end(user),
      );
      try {
        return await Promise.race([working, overBudget]);
      } finally {
        clearTimeout(timer);
      }
    },
    load: () => ({ running: total, waiting: queue.length }),
  };
}

/** A refusal for lack of a turn, with when to try again. */
export class BusyError extends ApiError {
  readonly retryAfter: string;
  constructor(status: 429 | 503, code: string, message: string, retryAfter: string) {
    super(status, code, message);
    this.retryAfter = retryAfter;
  }
}

/**
 * The sandbox limits for a scratch instance (fixture tests) opened in the current turn: its share
 * of the memory budget, and no longer than the budget has left.
 */
export function turnLimits(base: SandboxLimits): SandboxLimits {
  const turn = currentTurn();
  if (!turn) return base;
  return { ...base, memoryLimit: turn.memoryLimit, timeoutMs: Math.max(1, Math.min(base.timeoutMs, turn.deadline - Date.now())) };
}

export interface MemoryPlan {
  /** Each snapshot instance of the pool (services/snapshot-sessions.ts). */
  readonly snapshotInstance: string;
  /** Each scratch instance running fixture tests, one per turn at most. */
  readonly scratchInstance: string;
}

/**
 * The process's memory budget split between DuckDB instances so their limits add up to at most
 * three quarters of it (the rest is Node's: requests, results, the rating memo): three quarters of
 * that for the snapshot instances, a quarter for the scratch instances of the turns running at once.
 * @example memoryPlan(4096, 2, 2) // { snapshotInstance: '1152MB', scratchInstance: '384MB' }
 */
export function memoryPlan(budgetMb: number, snapshotInstances: number, concurrency: number): MemoryPlan {
  const duckdb = Math.floor(budgetMb * 0.75);
  return {
    snapshotInstance: `${Math.max(64, Math.floor((duckdb * 0.75) / Math.max(1, snapshotInstances)))}MB`,
    scratchInstance: `${Math.max(64, Math.floor((duckdb * 0.25) / Math.max(1, concurrency)))}MB`,
  };
}

/**
 * Interrupts the sandbox's query when the current turn's budget runs out; call the returned
 * function when done with the sandbox.
 * @example const release = interruptOnBudget(sandbox); try { … } finally { release(); }
 */
export function interruptOnBudget(sandbox: Pick<Sandbox, 'connection'>): () => void {
  const turn = currentTurn();
  if (!turn) return () => {};
  if (turn.signal.aborted) throw new ApiError(504, 'time_budget', 'the request ran out of its time budget');
  const interrupt = () => sandbox.connection.interrupt();
  turn.signal.addEventListener('abort', interrupt, { once: true });
  return () => turn.signal.removeEventListener('abort', interrupt);
}
