/**
 * Ctrl-C during `billing snapshot extract`: the first cancels; a second removes the partial folder
 * being written (source data included) at once and exits, without waiting for the writer.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interruptHandler } from '../../../server/cli/snapshot-commands.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { createSnapshot } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

const dir = mkdtempSync(join(tmpdir(), 'billing-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Ctrl-C while a snapshot is written', () => {
  it('the first cancels; the second removes the partial folder with its source data and exits with 130', async () => {
    const workspace = resolveWorkspace(join(dir, 'ws'));
    let release: () => void = () => {};
    let written = '';
    const writing = createSnapshot(workspace, {
      idBase: 'postgresql-is-2026-10',
      source: { kind: 'postgresql', server: 'db:5432', database: 'is' },
      period: parsePeriod('2026-10'),
      // A writer stuck in a step that does not watch the signal (a long load), holding source rows.
      fill: async (_connection, partialDir) => {
        written = join(partialDir, 'chunk-a.csv');
        writeFileSync(written, '1,secret client,2026-10-01 10:00:00\n');
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    }).catch((error: unknown) => error);
    while (!written) await new Promise((resolve) => setTimeout(resolve, 10));

    const controller = new AbortController();
    const exits: number[] = [];
    const interrupt = interruptHandler(controller, workspace, (code) => exits.push(code));
    interrupt();
    expect(controller.signal.aborted).toBe(true);
    expect(existsSync(written)).toBe(true);
    expect(exits).toEqual([]);

    interrupt();
    expect(exits).toEqual([130]);
    expect(existsSync(written)).toBe(false);
    expect(readdirSync(workspace.snapshotsDir).filter((name) => name.startsWith('.partial-'))).toEqual([]);
    release();
    await writing;
  });
});
