import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/store/database.ts';
import { isAlive } from '../../../snapshots/store/workspace.ts';

const dir = mkdtempSync(join(tmpdir(), 'billing-crash-'));
const file = join(dir, 'workspace.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer, lets it acknowledge at least `acks` more writes, kills it with SIGKILL; returns the last acknowledged version. */
async function writeThenKill(acks: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'write-forever.fixture.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = 0;
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/ack (\d+)/g)) {
        last = Number(match[1]);
        if (++seen >= acks) resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  spawnSync('kill', ['-9', String(child.pid)]);
  await exited;
  for (let waited = 0; isAlive(child.pid as number) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  return last;
}

describe('the workspace database under kill -9', () => {
  it('keeps every acknowledged write and stays consistent, crash after crash', async () => {
    for (let round = 0; round < 3; round++) {
      const acknowledged = await writeThenKill(15 + round * 5);
      const db = await openDatabase(file);
      try {
        const versions = await db.all(`SELECT version, text FROM documents WHERE kind = 'setup' AND name = 'crash' ORDER BY version`);
        const latest = Number(versions.at(-1)?.version);
        expect(latest, `round ${round}`).toBeGreaterThanOrEqual(acknowledged);
        // No gap, no torn write: versions 1..latest, each with its own text.
        expect(versions.map((v) => Number(v.version))).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
        for (const v of versions) expect(String(v.text).startsWith(`version ${v.version}\n`)).toBe(true);
        // The audit entry of each version was written in the same transaction.
        const [audit] = await db.all(`SELECT count(*) AS n FROM audit_log WHERE action = 'setup.save'`);
        expect(Number(audit?.n)).toBe(latest);
      } finally {
        db.close();
      }
    }
  }, 120_000);
});
