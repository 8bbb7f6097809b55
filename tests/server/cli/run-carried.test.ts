import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { billing as run } from '../../support/cli.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

let dir: string;
let manifest: Manifest;
const workspace = () => join(dir, 'ws');
const billing = (...args: string[]) => run([...args, '--workspace', workspace()]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-carried-'));
  manifest = await createDemoSnapshot(resolveWorkspace(workspace()), {
    scale: scaleNamed('tiny'),
    period: parsePeriod('2026-10'),
    periodLabel: '2026-10',
    seed: 5,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing run create --carried-from', () => {
  it('writes the state a rollover setup leaves, and refuses to start a period from its own run’s state', async () => {
    // The example setup with 1000 messages included a month and the unused ones rolled over.
    const setup = join(dir, 'rollover.yaml');
    const text = readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8');
    writeFileSync(
      setup,
      text.replace(
        'statistic: MsgDlvrd\n        price: "0.25"',
        'statistic: MsgDlvrd\n        included: 1000\n        rollover: { cap: 5000 }\n        price: "0.25"',
      ),
    );
    const created = await billing('run', 'create', '--snapshot', manifest.id, '--setup', setup);
    expect(created.status).toBe(0);
    // every demo scale has an inactive client: reported, not invoiced
    expect(created.stdout).toMatch(/not billed: \d+ \(inactive\)/);
    const id = /Run (\S+):/.exec(created.stdout)?.[1] as string;
    expect(readdirSync(join(workspace(), 'runs', id))).toContain('state.json');
    const again = await billing('run', 'create', '--snapshot', manifest.id, '--setup', setup, '--carried-from', id);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('does not end before 2026-10-01');
  });
});
