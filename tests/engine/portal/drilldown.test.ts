/**
 * The rows behind a client user's numbers, read in their scope: for every library formula whose
 * rows can be listed, the rows of each granted client add up to that client's value exactly; rows
 * are told as calls, messages, dial-outs… with their time, and agents only when names are kept;
 * a bounded list says it was cut; a formula whose value is not added up from its rows says why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import type { Sandbox } from '../../../engine/formulas/sandbox.ts';
import { drilldownRows } from '../../../engine/portal/drilldown.ts';
import { openScopedSnapshot, type ScopedSnapshot } from '../../../engine/portal/scoped-snapshot.ts';
import { exact } from '../../../engine/rating/money.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

let dir: string;
let manifest: Manifest;
let dataFile: string;
let scope: ScopedSnapshot;
let sandbox: Sandbox;
const library = loadLibrary();
const index = indexFormulas(library.formulas);
const formula = (id: string) => index.get(id.toLowerCase()) as NonNullable<ReturnType<typeof index.get>>;
const params = () => ({ start: manifest.period.start, end: manifest.period.end });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-portal-drilldown-'));
  const workspace = resolveWorkspace(join(dir, 'ws'));
  manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 7 });
  dataFile = snapshotDataFile(workspace, manifest.id);
  scope = await openScopedSnapshot(dataFile, { clientNumbers: ['1005', '1024'], billingCodes: [] }, { agentNames: false });
  sandbox = await scope.connect();
});
afterAll(() => {
  sandbox?.close();
  scope?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the rows behind a number', () => {
  it('add up to each client’s value for every library formula whose rows can be listed', async () => {
    const values = (await createEvaluator({ sandbox, snapshotKey: 'scope', index }).evaluate(library.formulas, params())).results;
    let listed = 0;
    const notListable: string[] = [];
    for (const each of library.formulas) {
      const found = await drilldownRows({ sandbox, formula: each, index, params: params(), clients: scope.clients, limit: 100_000 });
      if (found.kind === 'not-listable') {
        notListable.push(each.id);
        continue;
      }
      listed++;
      for (const client of scope.clients) {
        const rows = found.rows.filter((row) => row.clientNumber === client.clientNumber);
        const total = rows.reduce((sum, row) => sum.plus(exact(row.value)), exact(0));
        const value = values.get(each.id)?.values.get(client.cltID) ?? '0';
        expect({ formula: each.id, client: client.clientNumber, total: total.toFixed() }).toEqual({
          formula: each.id,
          client: client.clientNumber,
          total: exact(value).toFixed(),
        });
      }
    }
    expect(listed).toBeGreaterThan(200);
    expect(notListable.length).toBeLessThan(listed);
  });

  it('tells calls and messages by time, kind, duration and disposition, without agents unless their names are kept', async () => {
    const calls = await drilldownRows({ sandbox, formula: formula('Calls'), index, params: params(), clients: scope.clients, limit: 100_000 });
    if (calls.kind !== 'rows') throw new Error(calls.reason);
    expect(calls.rows.length).toBeGreaterThan(0);
    for (const row of calls.rows) {
      expect(row.kind).toMatch(/^Call: /);
      expect(row.time).toMatch(/^2026-10-0[1-7] \d{2}:\d{2}:\d{2}/);
      expect(row.durationSeconds).toMatch(/^\d+$/);
      expect(row.disposition).toMatch(/^(Normal|ScriptTimeout|ParkAbandon|Abandoned)$/);
      expect(row.agent).toBeNull();
      expect(row.value).toBe('1');
    }
    expect(calls.rows.map((row) => row.time)).toEqual([...calls.rows.map((row) => row.time)].sort());
    const messages = await drilldownRows({ sandbox, formula: formula('MsgDlvrd'), index, params: params(), clients: scope.clients, limit: 100_000 });
    if (messages.kind !== 'rows') throw new Error(messages.reason);
    expect(new Set(messages.rows.map((row) => `${row.kind}/${row.disposition}`))).toEqual(new Set(['Message/Delivered']));

    const named = await openScopedSnapshot(dataFile, scope.grant, { agentNames: true });
    const namedSandbox = await named.connect();
    try {
      const withNames = await drilldownRows({
        sandbox: namedSandbox,
        formula: formula('MsgDlvrd'),
        index,
        params: params(),
        clients: named.clients,
        limit: 100_000,
      });
      if (withNames.kind !== 'rows') throw new Error(withNames.reason);
      expect(withNames.rows.filter((row) => typeof row.agent === 'string' && row.agent.length > 0).length).toBeGreaterThan(0);
    } finally {
      namedSandbox.close();
      named.close();
    }
  });

  it('reads at most the limit and says the list was cut', async () => {
    const cut = await drilldownRows({ sandbox, formula: formula('Calls'), index, params: params(), clients: scope.clients, limit: 5 });
    expect(cut).toMatchObject({ kind: 'rows', truncated: true });
    if (cut.kind === 'rows') expect(cut.rows).toHaveLength(5);
    const whole = await drilldownRows({ sandbox, formula: formula('Calls'), index, params: params(), clients: scope.clients, limit: 100_000 });
    expect(whole).toMatchObject({ kind: 'rows', truncated: false });
  });
});
