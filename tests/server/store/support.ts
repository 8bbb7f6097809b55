/** Test support for the workspace store: an in-memory workspace database, a clock that ticks, and refusals by code. */
import { expect } from 'vitest';
import { type Database, openDatabase } from '../../../server/store/database.ts';
import { WorkspaceError, type WorkspaceErrorCode } from '../../../server/store/errors.ts';

export const openTestDatabase = (): Promise<Database> => openDatabase(':memory:');

/** A clock one second further on each call, from 2026-11-01 08:00 UTC. */
export function ticking(start = Date.UTC(2026, 10, 1, 8)): () => Date {
  let at = start;
  return () => {
    at += 1000;
    return new Date(at);
  };
}

/** `work` fails with a WorkspaceError of `code` (and at `field`, when given). */
export async function refusedWith(work: Promise<unknown>, code: WorkspaceErrorCode, field?: string): Promise<void> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WorkspaceError);
  expect(error).toMatchObject({ code, ...(field ? { field } : {}) });
}
