/**
 * Client users' scopes kept between requests: one scope per snapshot, grant and agent-name setting
 * (the same grant in another order is the same scope), made once however many ask at once, at most
 * `maxScopes` kept, idle ones closed, a failed one made again on the next request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScopedSnapshot, type ScopedSnapshot } from '../../../../engine/portal/scoped-snapshot.ts';
import { portalScopes } from '../../../../server/services/portal-data-scopes.ts';
import { createDemoSnapshot } from '../../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../../snapshots/period.ts';
import type { Manifest } from '../../../../snapshots/store/manifest.ts';
import { resolveWorkspace, type Workspace } from '../../../../snapshots/store/workspace.ts';

let dir: string;
let workspace: Workspace;
let manifest: Manifest;

/** Opens scopes for real, counting those made and those closed. */
function counting() {
  const made: string[] = [];
  let closed = 0;
  const open: typeof openScopedSnapshot = async (file, grant, options) => {
    made.push(grant.clientNumbers.join('+'));
    const scope = await openScopedSnapshot(file, grant, options);
    const close = () => {
      closed++;
      scope.close();
    };
    return { ...scope, close } as ScopedSnapshot;
  };
  return { open, made, closed: () => closed };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-portal-scopes-'));
  workspace = resolveWorkspace(join(dir, 'ws'));
  manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 3 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clientsOf = (scopes: ReturnType<typeof portalScopes>, numbers: string[], agentNames = false) =>
  scopes.use(manifest, { clientNumbers: numbers, billingCodes: [] }, agentNames, async (scope) => scope.clients.map((client) => client.clientNumber));

describe('portal scopes', () => {
  it('makes one scope per grant, however many ask at once and in whichever order the grant lists its clients', async () => {
    const counted = counting();
    const scopes = portalScopes(workspace, { open: counted.open });
    const answers = await Promise.all([clientsOf(scopes, ['1002', '1005']), clientsOf(scopes, ['1005', '1002']), clientsOf(scopes, ['1002', '1005', '1002'])]);
    expect(answers).toEqual([
      ['1002', '1005'],
      ['1002', '1005'],
      ['1002', '1005'],
    ]);
    expect(counted.made).toHaveLength(1);
    await clientsOf(scopes, ['1002', '1005'], true);
    expect(counted.made).toHaveLength(2);
    scopes.close();
  });

  it('keeps at most maxScopes and closes the least recently used, and closes scopes idle past idleMs', async () => {
    const counted = counting();
    let clock = 0;
    const scopes = portalScopes(workspace, { open: counted.open, limits: { maxScopes: 2, builds: 1, idleMs: 1000 }, now: () => clock });
    await clientsOf(scopes, ['1002']);
    await clientsOf(scopes, ['1004']);
    await clientsOf(scopes, ['1005']);
    expect(counted.closed()).toBe(1);
    await clientsOf(scopes, ['1004']);
    expect(counted.made).toEqual(['1002', '1004', '1005']);
    clock = 5000;
    await clientsOf(scopes, ['1006']);
    expect(counted.closed()).toBe(3);
    scopes.close();
  });

  it('makes the scopes of grants asked for together from one read of the snapshot, each with its own clients', async () => {
    const counted = counting();
    const files: string[] = [];
    const open: typeof openScopedSnapshot = (file, ...rest) => {
      files.push(file);
      return counted.open(file, ...rest);
    };
    const scopes = portalScopes(workspace, { open, limits: { maxScopes: 8, builds: 1, idleMs: 60_000 } });
    const answers = await Promise.all([['1002'], ['1004'], ['1005', '1006'], ['1004']].map((numbers) => clientsOf(scopes, numbers)));
    expect(answers).toEqual([['1002'], ['1004'], ['1005', '1006'], ['1004']]);
    expect(counted.made.sort()).toEqual(['1002', '1004', '1005+1006']);
    // The first is made alone from the snapshot; the two that waited for it, together from a staging copy.
    expect(files.filter((file) => file.includes('billing-portal-stage-'))).toHaveLength(2);
    scopes.close();
  });

  it('does not keep a scope that failed to be made', async () => {
    let failures = 1;
    const open: typeof openScopedSnapshot = async (...args) => {
      if (failures-- > 0) throw new Error('the snapshot was busy');
      return openScopedSnapshot(...args);
    };
    const scopes = portalScopes(workspace, { open });
    await expect(clientsOf(scopes, ['1002'])).rejects.toThrow('busy');
    expect(await clientsOf(scopes, ['1002'])).toEqual(['1002']);
    scopes.close();
  });
});
