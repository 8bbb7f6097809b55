/**
 * Keeps one session to the source and survives dropped connections: work that fails because the
 * connection was lost is cleaned up (the caller discards its half-written chunk), a new connection
 * is opened after a pause, and the work runs again. Any other failure stops the extraction with an
 * error naming the source and what was being read, never the credentials (the driver's error is
 * not kept as the cause: it would travel into logs unredacted).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SnapshotError } from '../errors.ts';
import { redactSecret } from './connection-url.ts';
import { describeSource, type Source, type SourceSession } from './source.ts';

export interface ResumeOptions {
  /** New connections tried after a drop before giving up. */
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly signal: AbortSignal;
  /** The password, so that driver messages can be redacted. */
  readonly secret: string | undefined;
  readonly onResume: (attempt: number, reason: string) => void;
}

export interface SessionKeeper {
  /** Runs `work` on the session; if the connection drops, runs `discard`, reconnects and runs `work` again. */
  run<T>(label: string, work: (session: SourceSession) => Promise<T>, discard?: () => Promise<void>): Promise<T>;
  close(): Promise<void>;
}

/** Connects (errors at once if the first connection fails) and returns the keeper of the session. */
export async function keepSession(source: Source, options: ResumeOptions): Promise<SessionKeeper> {
  let session: SourceSession | undefined = await connectUnlessCancelled(source, options.signal);
  const drop = async (): Promise<void> => {
    const closing = session;
    session = undefined;
    await closing?.close().catch(() => undefined);
  };
  return {
    async run(label, work, discard) {
      for (let attempt = 1; ; attempt++) {
        throwIfCancelled(source, options.signal);
        try {
          session ??= await connectUnlessCancelled(source, options.signal);
          const current = session;
          return await untilCancelled(work(current), options.signal, source, () => current.cancel?.());
        } catch (error) {
          if (options.signal.aborted) throw cancelled(source);
          // A full local disk (a chunk file being written) is not the source's fault: the snapshot store reports it.
          if ((error as NodeJS.ErrnoException | null)?.code === 'ENOSPC') throw error;
          const lost = source.isConnectionLost(error) || (error instanceof SnapshotError && error.code === 'source_unreachable');
          if (!lost) throw asSnapshotError(error, source, label, options.secret);
          await discard?.();
          await drop();
          const reason = redactSecret(messageOf(error), options.secret);
          if (attempt > options.retries) {
            throw new SnapshotError(
              'source_connection_lost',
              `Lost the connection to ${describeSource(source)} while reading ${label}, ${attempt} times: ${reason}`,
            );
          }
          options.onResume(attempt, reason);
          await sleep(options.retryDelayMs, undefined, { signal: options.signal }).catch(() => undefined);
        }
      }
    },
    close: drop,
  };
}

/** A new session, unless cancelled first (a session that connects after the cancel is closed). */
async function connectUnlessCancelled(source: Source, signal: AbortSignal): Promise<SourceSession> {
  const connecting = source.connect();
  try {
    return await untilCancelled(connecting, signal, source);
  } catch (error) {
    if (signal.aborted) void connecting.then((late) => late.close()).catch(() => undefined);
    throw error;
  }
}

/**
 * `work`, or as soon as `signal` aborts a `cancelled` error (after asking the server to stop the
 * statement): Ctrl-C does not wait for a row count stuck behind a lock, or a slow connect.
 */
function untilCancelled<T>(work: Promise<T>, signal: AbortSignal, source: Source, stop?: () => Promise<void> | undefined): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    void stop?.()?.catch(() => undefined);
    return Promise.reject(cancelled(source));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      void stop?.()?.catch(() => undefined);
      reject(cancelled(source));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function throwIfCancelled(source: Source, signal: AbortSignal): void {
  if (signal.aborted) throw cancelled(source);
}

function cancelled(source: Source): SnapshotError {
  return new SnapshotError('cancelled', `Extraction from ${describeSource(source)} was cancelled: no snapshot was written.`);
}

function asSnapshotError(error: unknown, source: Source, label: string, secret: string | undefined): SnapshotError {
  if (error instanceof SnapshotError) return error;
  const message = redactSecret(messageOf(error), secret);
  return new SnapshotError('source_query_failed', `Reading ${label} from ${describeSource(source)} failed: ${message}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
