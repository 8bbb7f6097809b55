import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { libraryLoader } from '../../../server/context.ts';
import { promoteDrafts } from '../../../server/services/releases.ts';
import { createDraft, reviewDraft, submitDraft } from '../../../server/services/review.ts';
import { databaseFile, openDatabase } from '../../../server/store/database.ts';
import { getDraft } from '../../../server/store/formulas.ts';
import { seedLibrary } from '../../../server/store/seed.ts';
import { ensureWorkspace, resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { billing } from '../../support/cli.ts';
import { formulaValues, totalOf } from './library-support.ts';

let dir: string;
let publicRepo: string;
const NOW = new Date('2026-12-01T09:00:00Z');
const answeredCalls = 'amtelco-be200/formulas/legacy/calls/AnsweredCalls.yaml';
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.org', ...args], { cwd, encoding: 'utf8' }).trim();
const inWorkspace = (ws: string, ...args: string[]) => billing([...args, '--workspace', ws]);
const shipped = loadLibrary().files;

/** A workspace whose active release is the shipped library. */
async function seededWorkspace(name: string): Promise<string> {
  const workspace = resolveWorkspace(join(dir, name));
  ensureWorkspace(workspace);
  const db = await openDatabase(databaseFile(workspace));
  await seedLibrary(db, shipped, 'shipped-test', NOW);
  db.close();
  return workspace.root;
}

/** A draft through the site's review: its author submits it, bob approves it with his reason, carol releases it. */
async function reviewAndRelease(ws: string, draftId: number, author: string, release: string): Promise<void> {
  const workspace = resolveWorkspace(ws);
  const db = await openDatabase(databaseFile(workspace));
  try {
    const now = () => NOW;
    const deps = { db, now, library: libraryLoader(db, workspace, now), approvalsRequired: 1 };
    await submitDraft(deps, author, draftId);
    await reviewDraft(deps, { name: 'bob', role: 'approver' }, draftId, {
      verdict: 'approve',
      comment: 'a talk under a second is\na line artefact, not an answer',
    });
    await promoteDrafts(deps, 'carol', { name: release, drafts: [draftId] });
    // Loading the new release publishes it to the workspace, for the command line.
    await deps.library();
  } finally {
    db.close();
  }
}

/** Site A changes AnsweredCalls through its review: alice writes it. */
async function releaseChangeAtSiteA(ws: string): Promise<void> {
  const workspace = resolveWorkspace(ws);
  const db = await openDatabase(databaseFile(workspace));
  let draftId: number;
  try {
    const now = () => NOW;
    const deps = { db, now, library: libraryLoader(db, workspace, now), approvalsRequired: 1 };
    const text = (shipped.find((file) => file.formula.id === 'AnsweredCalls')?.text ?? '').replace('AND e.selTalk > 0', 'AND e.selTalk >= 1');
    draftId = (await createDraft(deps, 'alice', { formulaId: 'AnsweredCalls', text })).draftId;
  } finally {
    db.close();
  }
  await reviewAndRelease(ws, draftId, 'alice', 'site-a-2026-12');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-library-publish-'));
  expect((await billing(['library', 'init', join(dir, 'start')])).status).toBe(0);
  publicRepo = join(dir, 'public.git');
  execFileSync('git', ['clone', '-q', '--bare', join(dir, 'start'), publicRepo]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing library propose', () => {
  it('site A proposes released formulas on a branch, the branch is merged, site B sees the SQL diff, adopts and releases the formula and publishes its adoption record, and the consensus view shows who runs which variant', async () => {
    const siteA = await seededWorkspace('site-a');
    const siteB = await seededWorkspace('site-b');
    expect((await inWorkspace(siteA, 'library', 'add', 'community', publicRepo)).status).toBe(0);
    expect((await inWorkspace(siteB, 'library', 'add', 'community', publicRepo)).status).toBe(0);
    const pin = git(publicRepo, 'rev-parse', 'HEAD');
    await releaseChangeAtSiteA(siteA);

    const proposed = await inWorkspace(siteA, 'library', 'propose', 'community', 'AnsweredCalls', 'AnsweredCallsConsensus', '--branch', 'consensus-answered');
    expect(proposed.stderr).toBe('');
    expect(proposed.status).toBe(0);
    const clone = join(siteA, 'libraries', 'community');
    expect(proposed.stdout.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Branch consensus-answered \\([0-9a-f]{7}\\) in ${clone}: amtelco-be200 0\\.1\\.0 -> 0\\.2\\.0$`)),
      `  ${answeredCalls}`,
      '  amtelco-be200/formulas/consensus/calls/AnsweredCallsConsensus.yaml',
      `Nothing was pushed. To open a pull request: git -C ${clone} push origin consensus-answered`,
      '',
    ]);
    // The clone is back at its pin; the branch holds one commit with the files, the bump and the changelog entry.
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(pin);
    expect(git(clone, 'log', '--format=%s', `${pin}..consensus-answered`)).toBe('amtelco-be200 0.2.0: AnsweredCalls, AnsweredCallsConsensus');
    expect(git(clone, 'diff', '--name-only', pin, 'consensus-answered').split('\n')).toEqual([
      'amtelco-be200/CHANGELOG.md',
      'amtelco-be200/formulas/consensus/calls/AnsweredCallsConsensus.yaml',
      answeredCalls,
      'amtelco-be200/package.yaml',
    ]);
    const changelog = git(clone, 'show', 'consensus-answered:amtelco-be200/CHANGELOG.md');
    expect(changelog).toMatch(
      /\n## 0\.2\.0 - \d{4}-\d{2}-\d{2}\n\n- AnsweredCalls \(version 2 by alice\): a talk under a second is a line artefact, not an answer \(bob\)\n- AnsweredCallsConsensus \(version 1 by system\): as in release site-a-2026-12\n\n## 0\.1\.0/,
    );
    expect(git(publicRepo, 'branch', '--list', 'consensus-answered')).toBe('');

    // The pull request's check passes on the branch.
    const review = join(dir, 'review');
    execFileSync('git', ['clone', '-q', '--branch', 'consensus-answered', clone, review]);
    const checked = await billing(['library', 'check', review]);
    expect(checked.stdout).toContain('amtelco-be200 0.2.0: 2 formula(s)');
    expect(checked.status).toBe(0);

    // Merged upstream (a fast-forward of the default branch).
    git(clone, 'push', '-q', 'origin', 'consensus-answered:refs/heads/master');
    const updated = await inWorkspace(siteB, 'library', 'update');
    const lines = updated.stdout.split('\n');
    expect(lines).toContain('  package amtelco-be200 0.1.0 -> 0.2.0');
    expect(lines).toContain(`  changed  AnsweredCalls (${answeredCalls})`);
    expect(lines).toContain('    +  AND e.selTalk >= 1');
    expect(lines).toContain('  added    AnsweredCallsConsensus (amtelco-be200/formulas/consensus/calls/AnsweredCallsConsensus.yaml)');
    const adopted = await inWorkspace(siteB, 'library', 'adopt', 'community', 'AnsweredCalls', '--by', 'dave');
    const draftId = Number(/^Draft (\d+) of AnsweredCalls/.exec(adopted.stdout)?.[1]);
    const db = await openDatabase(databaseFile(resolveWorkspace(siteB)));
    try {
      expect(await getDraft(db, draftId)).toMatchObject({
        formulaId: 'AnsweredCalls',
        author: 'dave',
        status: 'editing',
        text: expect.stringContaining('AND e.selTalk >= 1'),
      });
    } finally {
      db.close();
    }
    // Site B approves and releases it, then publishes its adoption record; merged, the library still passes its check.
    await reviewAndRelease(siteB, draftId, 'dave', 'site-b-2026-12');
    const recorded = await inWorkspace(siteB, 'library', 'record-adoption', 'community', '--site', 'site-b', '--branch', 'adoption-site-b');
    expect(recorded.stderr).toBe('');
    const cloneB = join(siteB, 'libraries', 'community');
    expect(recorded.stdout.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^Branch adoption-site-b \\([0-9a-f]{7}\\) in ${cloneB}: adoptions/site-b\\.yaml, 2 formula\\(s\\) of release site-b-2026-12$`),
      ),
      '  amtelco-be200 0.2.0 AnsweredCalls',
      '  amtelco-be200 0.2.0 AnsweredCallsConsensus',
      `Nothing was pushed. To publish it: git -C ${cloneB} push origin adoption-site-b`,
      '',
    ]);
    const record = git(cloneB, 'show', 'adoption-site-b:adoptions/site-b.yaml');
    expect(record).toMatch(
      /^site: site-b\nrecorded: \d{4}-\d{2}-\d{2}\nrelease: site-b-2026-12\nformulas:\n {2}- package: amtelco-be200\n {4}version: 0\.2\.0\n {4}formula: AnsweredCalls\n {4}sha256: [0-9a-f]{64}\n/,
    );
    git(cloneB, 'push', '-q', 'origin', 'adoption-site-b:refs/heads/master');
    const merged = join(dir, 'merged');
    execFileSync('git', ['clone', '-q', publicRepo, merged]);
    const checkedMerged = await billing(['library', 'check', merged]);
    expect(checkedMerged.stdout).toContain('Library OK');
    expect(checkedMerged.status).toBe(0);

    // Consensus at a glance, once site B follows the merged record: both variants of AnsweredCalls run at site B,
    // and on its snapshot each variant's total and how many clients the consensus puts elsewhere than the legacy one.
    expect((await inWorkspace(siteB, 'library', 'update')).status).toBe(0);
    const { id: snapshot } = await createDemoSnapshot(resolveWorkspace(siteB), {
      scale: scaleNamed('tiny'),
      period: parsePeriod('2026-10'),
      periodLabel: '2026-10',
      seed: 5,
    });
    const valuesOf = (target: string) => formulaValues(siteB, target, snapshot);
    const [legacy, consensus] = [await valuesOf('AnsweredCalls'), await valuesOf('AnsweredCallsConsensus')];
    const differ = [...legacy].filter(([client, value]) => consensus.get(client) !== value).length;
    // How far the two variants are from each other: every client's gap counts, whichever way it goes.
    const apart = [...legacy].reduce((total, [client, value]) => total + Math.abs((consensus.get(client) ?? 0) - value), 0);
    const signed = (n: number) => (n < 0 ? `${n}` : `+${n}`);
    const view = await inWorkspace(siteB, 'library', 'consensus', 'community', '--snapshot', snapshot);
    expect(view.stderr).toBe('');
    expect(view.stdout).toBe(
      [
        'AnsweredCalls',
        `  legacy    AnsweredCalls (amtelco-be200): sites site-b | total ${totalOf(legacy)}, 0 client(s) differ from legacy`,
        `  consensus AnsweredCallsConsensus (amtelco-be200): sites site-b | total ${totalOf(consensus)}, ${differ} client(s) differ from legacy`,
        `  apart     AnsweredCalls vs AnsweredCallsConsensus: ${differ} client(s) differ, total ${signed(totalOf(consensus) - totalOf(legacy))}, sum of differences ${apart}`,
        '',
      ].join('\n'),
    );
  });

  it('refuses a proposal that changes nothing, a formula the release lacks, and a branch that exists, leaving the clone at its pin', async () => {
    const ws = await seededWorkspace('site-c');
    expect((await inWorkspace(ws, 'library', 'add', 'community', join(dir, 'start'))).status).toBe(0);
    const clone = join(ws, 'libraries', 'community');
    const pin = git(clone, 'rev-parse', 'HEAD');
    const nothing = await inWorkspace(ws, 'library', 'propose', 'community', 'AnsweredCalls');
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toBe('billing: package amtelco-be200 already has these formulas as released: nothing to propose [nothing_to_propose]\n');
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(pin);
    expect(git(clone, 'branch', '--list')).toMatch(/^\* \(HEAD detached at [0-9a-f]{7}\)\n\s+master$/);
    const unknown = await inWorkspace(ws, 'library', 'propose', 'community', 'NoSuchFormula');
    expect(unknown.stderr).toBe('billing: the active release shipped-test has no formula NoSuchFormula [unknown_formula]\n');
    expect((await inWorkspace(ws, 'library', 'propose', 'community', 'CallsConsensus', '--branch', 'one')).status).toBe(0);
    const again = await inWorkspace(ws, 'library', 'propose', 'community', 'CallsConsensus', '--branch', 'one');
    expect(again.stderr).toBe('billing: the clone of community has a branch one already: name another with --branch [branch_exists]\n');
    const badLevel = await inWorkspace(ws, 'library', 'propose', 'community', 'CallsConsensus', '--level', 'huge');
    expect(badLevel.stderr).toBe('billing: --level is major, minor or patch, not huge [bad_level]\n');
    expect(readFileSync(join(clone, 'amtelco-be200', 'package.yaml'), 'utf8')).toContain('version: 0.1.0');
  });
});
