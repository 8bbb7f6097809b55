import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { databaseFile, openDatabase } from '../../../server/store/database.ts';
import { getDraft } from '../../../server/store/formulas.ts';
import { seedLibrary } from '../../../server/store/seed.ts';
import { ensureWorkspace, resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { billing } from '../../support/cli.ts';
import { formulaValues, totalOf } from './library-support.ts';
import { libraryLoader } from '../../../server/context.ts';
import { openPerUse } from '../../../server/services/snapshot-sessions.ts';
import { reviewSetup, saveSetupVersion, submitSetup } from '../../../server/services/setups.ts';
import { ANSWERED_SETUP } from '../support/library-repos.ts';

let dir: string;
let publicRepo: string;
let siteA: string;
let refusing: Server;
const formulaPath = 'amtelco-be200/formulas/legacy/calls/AnsweredCalls.yaml';
const fixturePath = 'amtelco-be200/formulas/fixtures/calls-of-three-clients.yaml';
const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Site A', '-c', 'user.email=a@example.org', ...args], { cwd, encoding: 'utf8' });
const edit = (file: string, from: string | RegExp, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
const inWorkspace = (ws: string, ...args: string[]) => billing([...args, '--workspace', ws]);

/** Site A changes AnsweredCalls upstream: a second of talk at least, version 0.2.0. */
function publishChangeFromSiteA(): void {
  edit(join(siteA, formulaPath), 'AND e.selTalk > 0', 'AND e.selTalk >= 1');
  edit(join(siteA, 'amtelco-be200/package.yaml'), /^version: .*$/m, 'version: 0.2.0');
  edit(join(siteA, fixturePath), '8 was answered; 10 has no start row.', '8 was answered; 10 has no start row (a call still ringing).');
  gitIn(siteA, 'commit', '-q', '-am', 'AnsweredCalls: a second of talk at least');
  gitIn(siteA, 'push', '-q', 'origin', 'HEAD');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-library-follow-'));
  expect((await billing(['library', 'init', join(dir, 'start')])).status).toBe(0);
  // A bare repository stands in for the public library; site A works in a clone of it.
  publicRepo = join(dir, 'public.git');
  execFileSync('git', ['clone', '-q', '--bare', join(dir, 'start'), publicRepo]);
  siteA = join(dir, 'site-a');
  execFileSync('git', ['clone', '-q', publicRepo, siteA]);
  // A git server that asks for credentials, as a private library would.
  refusing = createServer((_request, response) => response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="library"' }).end());
  await new Promise<void>((done) => refusing.listen(0, '127.0.0.1', done));
});
afterAll(async () => {
  await new Promise((done) => refusing.close(done));
  rmSync(dir, { recursive: true, force: true });
});

describe('billing library add, update and adopt', () => {
  it('follows a library pinned to a commit, shows the upstream SQL diff and version on update, and moves the pin', async () => {
    const ws = join(dir, 'ws-follow');
    const added = await inWorkspace(ws, 'library', 'add', 'community', publicRepo);
    expect(added.stdout).toMatch(/^Following community at [0-9a-f]{7}: amtelco-be200 0\.1\.0\n$/);
    const pinned = JSON.parse(readFileSync(join(ws, 'libraries', 'followed.json'), 'utf8')).libraries[0].commit;
    expect(pinned).toBe(gitIn(publicRepo, 'rev-parse', 'HEAD').trim());
    expect((await inWorkspace(ws, 'library', 'update')).stdout).toMatch(/^community: up to date at [0-9a-f]{7}\n$/);

    publishChangeFromSiteA();
    const looked = await inWorkspace(ws, 'library', 'update', '--look');
    expect(looked.stdout).toContain('(pin kept)');
    expect(JSON.parse(readFileSync(join(ws, 'libraries', 'followed.json'), 'utf8')).libraries[0].commit).toBe(pinned);
    const updated = await inWorkspace(ws, 'library', 'update', 'community');
    expect(updated.status).toBe(0);
    const lines = updated.stdout.split('\n');
    expect(lines[0]).toMatch(/^community: [0-9a-f]{7} -> [0-9a-f]{7}$/);
    expect(lines).toContain('  package amtelco-be200 0.1.0 -> 0.2.0');
    expect(lines).toContain(`  changed  AnsweredCalls (${formulaPath})`);
    expect(lines).toContain('    -  AND e.selTalk > 0');
    expect(lines).toContain('    +  AND e.selTalk >= 1');
    expect(lines).toContain(`  fixture changed  ${fixturePath}`);
    expect(lines).toContain('    -  (completion code 3), 8 was answered; 10 has no start row.');
    expect(lines).toContain('    +  (completion code 3), 8 was answered; 10 has no start row (a call still ringing).');
    expect(JSON.parse(readFileSync(join(ws, 'libraries', 'followed.json'), 'utf8')).libraries[0].commit).toBe(gitIn(publicRepo, 'rev-parse', 'HEAD').trim());
    expect(readFileSync(join(ws, 'libraries', 'community', formulaPath), 'utf8')).toContain('AND e.selTalk >= 1');
  });

  it('adopts a changed formula as a draft for review, and makes none for a text the release already has', async () => {
    const ws = join(dir, 'ws-adopt');
    const workspace = resolveWorkspace(ws);
    ensureWorkspace(workspace);
    const db = await openDatabase(databaseFile(workspace));
    await seedLibrary(db, loadLibrary().files, 'shipped-test', new Date('2026-12-01T00:00:00Z'));
    db.close();
    // Followed at the start: its AnsweredCalls is the shipped one.
    const start = join(dir, 'start');
    expect((await inWorkspace(ws, 'library', 'add', 'starter', start)).status).toBe(0);
    const same = await inWorkspace(ws, 'library', 'adopt', 'starter', 'AnsweredCalls', '--by', 'bob');
    expect(same.stdout).toBe('AnsweredCalls: the release already has this text; no draft\n');

    expect((await inWorkspace(ws, 'library', 'add', 'community', publicRepo)).status).toBe(0);
    const adopted = await inWorkspace(ws, 'library', 'adopt', 'community', 'answeredcalls', '--by', 'bob');
    expect(adopted.stderr).toBe('');
    const draftId = Number(/^Draft (\d+) of AnsweredCalls from (\S+), for review\n$/.exec(adopted.stdout)?.[1]);
    expect(adopted.stdout).toContain(`from ${formulaPath}`);
    const reopened = await openDatabase(databaseFile(workspace));
    try {
      const draft = await getDraft(reopened, draftId);
      expect(draft).toMatchObject({ formulaId: 'AnsweredCalls', author: 'bob', status: 'editing' });
      expect(draft.text).toContain('AND e.selTalk >= 1');
      expect(draft.baseVersion).not.toBeNull();
    } finally {
      reopened.close();
    }
    const unknown = await inWorkspace(ws, 'library', 'adopt', 'community', 'NoSuchFormula');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/library community at [0-9a-f]{7} has no formula NoSuchFormula \[unknown_formula\]/);
  });

  it("runs what an update brings on the workspace's own snapshot: the clients that move and the totals, as formula run computes them", async () => {
    const ws = join(dir, 'ws-results');
    const { id: snapshot } = await createDemoSnapshot(resolveWorkspace(ws), {
      scale: scaleNamed('tiny'),
      period: parsePeriod('2026-10'),
      periodLabel: '2026-10',
      seed: 3,
    });
    const lib = join(dir, 'results-lib');
    expect((await billing(['library', 'init', lib])).status).toBe(0);
    expect((await inWorkspace(ws, 'library', 'add', 'results', lib)).status).toBe(0);
    edit(join(lib, formulaPath), 'AND e.selTalk > 0', 'AND e.selTalk > 30');
    edit(join(lib, 'amtelco-be200/package.yaml'), /^version: .*$/m, 'version: 0.2.0');
    gitIn(lib, 'commit', '-q', '-am', 'AnsweredCalls: more than half a minute of talk');

    const valuesOf = (target: string) => formulaValues(ws, target, snapshot);
    const before = await valuesOf('AnsweredCalls');
    const upstreamFile = join(dir, 'AnsweredCalls.yaml');
    writeFileSync(upstreamFile, readFileSync(join(lib, formulaPath), 'utf8'));
    const after = await valuesOf(upstreamFile);
    const moved = [...before].filter(([client, value]) => after.get(client) !== value);
    expect(moved.length).toBeGreaterThan(0);

    const updated = await inWorkspace(ws, 'library', 'update', '--look', '--snapshot', snapshot);
    expect(updated.status).toBe(0);
    const lines = updated.stdout.split('\n');
    expect(lines).toContain(`  on snapshot ${snapshot}, against the formulas the workspace computes with:`);
    expect(lines).toContain(
      `    AnsweredCalls: ${moved.length} client(s) move, total ${totalOf(before)} -> ${totalOf(after)} (${totalOf(after) - totalOf(before)})`,
    );
    const [client, value] = moved[0] as [string, number];
    expect(lines).toContain(`      client ${client}: ${value} -> ${after.get(client)} (${(after.get(client) ?? 0) - value})`);
  });

  it("prices what an update brings with a setup's approved version: the accounts whose invoices move and the totals, in money", async () => {
    const ws = join(dir, 'ws-money');
    const workspace = resolveWorkspace(ws);
    ensureWorkspace(workspace);
    const { id: snapshot } = await createDemoSnapshot(workspace, {
      scale: scaleNamed('tiny'),
      period: parsePeriod('2026-10'),
      periodLabel: '2026-10',
      seed: 3,
    });
    const db = await openDatabase(databaseFile(workspace));
    try {
      const now = () => new Date('2026-12-01T00:00:00Z');
      await seedLibrary(db, loadLibrary().files, 'shipped-test', now());
      const deps = { db, now, workspace, snapshots: openPerUse(workspace), library: libraryLoader(db, workspace, now) };
      await saveSetupVersion(deps, 'alice', { name: 'answered', text: ANSWERED_SETUP, expected: 0 });
      await submitSetup(deps, 'alice', 'answered', 1);
      await reviewSetup(deps, 'bob', 'answered', 1, { verdict: 'approve' });
      await deps.library();
    } finally {
      db.close();
    }
    const lib = join(dir, 'money-lib');
    expect((await billing(['library', 'init', lib])).status).toBe(0);
    expect((await inWorkspace(ws, 'library', 'add', 'money', lib)).status).toBe(0);
    edit(join(lib, formulaPath), 'AND e.selTalk > 0', 'AND e.selTalk > 30');
    edit(join(lib, 'amtelco-be200/package.yaml'), /^version: .*$/m, 'version: 0.2.0');
    gitIn(lib, 'commit', '-q', '-am', 'AnsweredCalls: more than half a minute of talk');
    const before = await formulaValues(ws, 'AnsweredCalls', snapshot);
    const upstreamFile = join(dir, 'AnsweredCallsMoney.yaml');
    writeFileSync(upstreamFile, readFileSync(join(lib, formulaPath), 'utf8'));
    const after = await formulaValues(ws, upstreamFile, snapshot);
    // One line at 0.10 a call, no minimum: the invoices move by a tenth of the calls that move.
    const change = ((totalOf(after) - totalOf(before)) / 10).toFixed(2);
    expect(Number(change)).toBeLessThan(0);

    const withoutSnapshot = await inWorkspace(ws, 'library', 'update', '--look', '--setup', 'answered');
    expect(withoutSnapshot.stderr).toContain('a setup prices on a snapshot: name the snapshot too');
    const updated = await inWorkspace(ws, 'library', 'update', '--look', '--snapshot', snapshot, '--setup', 'answered');
    expect(updated.stderr).toBe('');
    const lines = updated.stdout.split('\n');
    const header = lines.indexOf(`  in money on snapshot ${snapshot}, with setup answered (approved version 1):`);
    expect(header).toBeGreaterThan(0);
    const priced = /^ {4}AnsweredCalls \(bills AnsweredCalls\): (\d+) account\(s\) move, invoices (\d+\.\d\d) -> (\d+\.\d\d) USD \((-\d+\.\d\d)\)$/.exec(
      lines[header + 1] ?? '',
    );
    expect(priced?.[4]).toBe(change);
    expect((Number(priced?.[3]) - Number(priced?.[2])).toFixed(2)).toBe(change);
    const accounts = lines.slice(header + 2).filter((line) => line.startsWith('      account '));
    expect(accounts.length).toBe(Math.min(10, Number(priced?.[1])));
    for (const line of accounts) expect(line).toMatch(/^ {6}account \S+: \d+\.\d\d -> \d+\.\d\d \(-\d+\.\d0\)$/);
    const unapproved = await inWorkspace(ws, 'library', 'update', '--look', '--snapshot', snapshot, '--setup', 'nothing-here');
    expect(unapproved.status).toBe(2);
  });

  it('refuses a folder that is not a git repository, and a path that does not exist, saying so', async () => {
    const ws = join(dir, 'ws-errors');
    mkdirSync(join(dir, 'plain-folder'));
    const plain = await inWorkspace(ws, 'library', 'add', 'plain', join(dir, 'plain-folder'));
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/^billing: git clone: the library is not a git repository: .* \[not_a_repository\]\n$/);
    const missing = await inWorkspace(ws, 'library', 'add', 'missing', join(dir, 'no-such-folder'));
    expect(missing.stderr).toContain('[not_a_repository]');
    // Nothing is left of a clone that failed, and nothing is recorded.
    expect(readdirSync(join(ws, 'libraries'))).toEqual([]);
  });

  it('refuses a server nobody listens on as no network, and one that asks for credentials as access refused', async () => {
    const ws = join(dir, 'ws-remote');
    const down = await inWorkspace(ws, 'library', 'add', 'down', 'http://127.0.0.1:9/library.git');
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(/cannot be reached \(no network, or the address is wrong\): .* \[no_network\]/);
    const { port } = refusing.address() as AddressInfo;
    const locked = await inWorkspace(ws, 'library', 'add', 'locked', `http://127.0.0.1:${port}/library.git`);
    expect(locked.status).toBe(2);
    expect(locked.stderr).toMatch(/refused access \(check your credentials with git itself\): .* \[auth_refused\]/);
  });

  it('says git is missing when there is no git command to run', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-programs-here');
    try {
      const result = await inWorkspace(join(dir, 'ws-no-git'), 'library', 'add', 'community', publicRepo);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('billing: git is not installed or not on PATH: the community library needs the git command line [git_missing]\n');
    } finally {
      process.env.PATH = path;
    }
  });

  it('refuses a name followed already, a badly formed name, and updating a library not followed', async () => {
    const ws = join(dir, 'ws-names');
    expect((await inWorkspace(ws, 'library', 'add', 'community', publicRepo)).status).toBe(0);
    const twice = await inWorkspace(ws, 'library', 'add', 'community', publicRepo);
    expect(twice.stderr).toBe('billing: the workspace already follows a library community [library_exists]\n');
    const badName = await inWorkspace(ws, 'library', 'add', 'Community Library', publicRepo);
    expect(badName.stderr).toContain('library name Community Library: a library is named in lower-case words joined by -');
    const unknown = await inWorkspace(ws, 'library', 'update', 'other');
    expect(unknown.stderr).toBe('billing: the workspace follows no library other (it follows: community); add it with billing library add [not_found]\n');
  });
});
