/**
 * The what-if is one use case with three callers: the route, `billing scenario compare` and the
 * service itself (which the benchmark calls). On the same snapshot, setup and scenario they must
 * give the same totals, the same counts and the same largest changes, in the same order.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOf, type Delta } from '../../../engine/diff/delta.ts';
import { accountTotals, compareInvoices } from '../../../engine/rating/compare.ts';
import { shippedLibrary } from '../../../server/cli/cli-support.ts';
import { fileDocuments } from '../../../server/services/documents.ts';
import { librarySwaps } from '../../../server/services/scenario-formulas.ts';
import { openPerUse } from '../../../server/services/snapshot-sessions.ts';
import { compareScenario, type WhatIf } from '../../../server/services/what-if.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { billing } from '../../support/cli.ts';
import { PER_CALL_SETUP } from '../support/per-call-setup.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { example } from './support.ts';

const TOP = 3;
const cases = [
  { name: 'a price change on the example setup', setup: example('billing-setup.yaml'), scenario: example('scenario-live-rate.yaml') },
  {
    name: 'a price change billing each client its calls',
    setup: PER_CALL_SETUP,
    scenario: "name: Dearer calls\nplans:\n  - id: per-call\n    lines:\n      - { id: calls, label: Secretarial calls, statistic: SecCalls, price: '1.50' }\n",
  },
  {
    name: 'a TimeCap change',
    setup: example('billing-setup.yaml').replace(/\bSelSecDuration\b/g, 'SelSecDurationCap'),
    scenario: 'name: Cap\nparams: { time_cap_minutes: 3 }\n',
  },
];

let server: TestServer;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  await api.post('/api/setup', { name: 'admin', password: 'a long admin password' });
});
afterAll(() => server.stop());

/** How the CLI prints an account's change. */
const accountLine = (delta: Delta) =>
  `  ${delta.key.join(' ')}\t${delta.before.kind === 'value' ? delta.before.value : '-'} -> ${delta.after.kind === 'value' ? delta.after.value : '-'}\t(${changeOf(delta).toFixed()})`;

describe.each(cases.map((c, n) => ({ ...c, n })))('the route, the CLI and the service compare $name alike', ({ setup, scenario, n }) => {
  let service: WhatIf;
  let setupFile: string;
  let scenarioFile: string;
  beforeAll(async () => {
    setupFile = join(server.dir, `setup-${n}.yaml`);
    scenarioFile = join(server.dir, `scenario-${n}.yaml`);
    writeFileSync(setupFile, setup);
    writeFileSync(scenarioFile, scenario);
    expect((await api.put(`/api/setups/s${n}`, { text: setup }, { 'if-match': '0' })).status).toBe(200);
    expect((await api.put(`/api/scenarios/s${n}`, { text: scenario }, { 'if-match': '0' })).status).toBe(200);
    const deps = { snapshots: openPerUse(resolveWorkspace(server.dir)), documents: fileDocuments, resolveSwaps: librarySwaps };
    service = await compareScenario(deps, shippedLibrary(), { snapshot: server.snapshotId, setup: setupFile, scenario: scenarioFile });
  });

  it('the route answers what the service answers', async () => {
    const route = await api.post('/api/scenarios/compare', { snapshot: server.snapshotId, setup: `s${n}`, scenario: `s${n}`, top: TOP, everyAccount: true });
    expect(route.status).toBe(200);
    expect(route.body.totals).toEqual(service.comparison.totals);
    expect(route.body.counts).toEqual(service.comparison.counts);
    expect(route.body.accounts).toEqual(service.comparison.accounts.slice(0, TOP));
    // The lines explain the accounts listed, in their order: every line of theirs that differs, and no other.
    const listed = service.comparison.accounts.slice(0, TOP).map((delta) => delta.key[0] as string);
    const allLines = compareInvoices(service.before, service.after).lines;
    const theirs = listed.flatMap((account) => allLines.filter((line) => line.key[0] === account)).slice(0, TOP * 5);
    expect(route.body.lines).toEqual(theirs);
    expect(theirs.length).toBeGreaterThan(0);
    expect(route.body.requeried).toBe(service.requeried);
    expect(route.body.everyAccount).toEqual(accountTotals(service.before, service.after));
  });

  it('the CLI prints what the service answers', async () => {
    const cli = await billing([
      'scenario',
      'compare',
      '--snapshot',
      server.snapshotId,
      '--setup',
      setupFile,
      '--scenario',
      scenarioFile,
      '--top',
      String(TOP),
      '--workspace',
      server.dir,
    ]);
    // The CLI says which formulas it used (the release the server published) and nothing more.
    expect(cli.stderr).toMatch(/^Formulas: release shipped-\S+ \(sha256 [0-9a-f]{12}\)\n$/);
    expect(cli.status).toBe(0);
    const { totals, counts, accounts } = service.comparison;
    const lines = cli.stdout.trimEnd().split('\n');
    expect(lines[1]).toBe(`  total ${totals.before} -> ${totals.after} (${totals.change})`);
    expect(lines[2]).toBe(`  accounts: ${counts.up} up, ${counts.down} down, ${counts.same} unchanged`);
    expect(lines.slice(4)).toEqual(accounts.slice(0, TOP).map(accountLine));
  });
});
