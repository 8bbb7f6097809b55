import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '../../support/cli.ts';

let dir: string;
const pkg = 'amtelco-be200';
const formulaPath = `${pkg}/formulas/legacy/calls/AnsweredCalls.yaml`;
const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd, encoding: 'utf8' });
const edit = (file: string, from: string | RegExp, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
const changeSql = (lib: string) => edit(join(lib, formulaPath), 'AND e.selTalk > 0', 'AND e.selTalk >= 1');
const bump = (lib: string, version: string, entry = true) => {
  edit(join(lib, pkg, 'package.yaml'), /^version: .*$/m, `version: ${version}`);
  if (entry) edit(join(lib, pkg, 'CHANGELOG.md'), '## 0.1.0', `## ${version} - 2026-12-05\n\n- AnsweredCalls: a second of talk at least.\n\n## 0.1.0`);
};

/** A fresh starter library in its own folder. */
async function startLibrary(name: string): Promise<string> {
  const lib = join(dir, name);
  const started = await billing(['library', 'init', lib]);
  expect(started.stderr).toBe('');
  expect(started.status).toBe(0);
  return lib;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-library-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing library init and check', () => {
  it('starts a committed library repository whose check passes', async () => {
    const lib = await startLibrary('starter');
    expect(gitIn(lib, 'log', '--format=%s')).toBe('Start the library: amtelco-be200 0.1.0\n');
    expect(gitIn(lib, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(lib, pkg, 'package.yaml'), 'utf8')).toMatch(/^name: amtelco-be200\nversion: 0\.1\.0\n/);
    const checked = await billing(['library', 'check', lib]);
    expect(checked.stdout).toBe('amtelco-be200 0.1.0: 1 formula(s), 1 test(s) passed, 0 failed\nLibrary OK\n');
    expect(checked.status).toBe(0);
  });

  it('refuses to start a library in a folder that is not empty', async () => {
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'notes.txt'), 'mine');
    const result = await billing(['library', 'init', join(dir, 'busy')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not empty: a library starts in a new or empty folder');
    expect(readFileSync(join(dir, 'busy', 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('fails a package whose SQL changed without a version bump, naming the manifest line and field', async () => {
    const lib = await startLibrary('unbumped');
    changeSql(lib);
    const uncommitted = await billing(['library', 'check', lib]);
    expect(uncommitted.status).toBe(1);
    expect(uncommitted.stdout).toMatch(
      /^amtelco-be200\/package\.yaml:2:10: version: still 0\.1\.0 as in commit [0-9a-f]{7}, but the SQL of amtelco-be200\/formulas\/legacy\/calls\/AnsweredCalls\.yaml \(changed\) changed since: bump the version \[file_field\]$/m,
    );
    expect(uncommitted.stdout).toContain('1 problem(s)');
    // Committed the same way, it still fails: the version was set before the SQL changed.
    gitIn(lib, 'commit', '-q', '-am', 'Tighten AnsweredCalls');
    const committed = await billing(['library', 'check', lib]);
    expect(committed.status).toBe(1);
    expect(committed.stdout).toContain('version: still 0.1.0');
  });

  it('passes once the version went up with a changelog entry, before and after the commit', async () => {
    const lib = await startLibrary('bumped');
    changeSql(lib);
    bump(lib, '0.2.0');
    expect((await billing(['library', 'check', lib])).status).toBe(0);
    gitIn(lib, 'commit', '-q', '-am', 'AnsweredCalls: a second of talk at least');
    const committed = await billing(['library', 'check', lib]);
    expect(committed.stdout).toContain('amtelco-be200 0.2.0: 1 formula(s), 1 test(s) passed, 0 failed');
    expect(committed.status).toBe(0);
  });

  it('fails a bumped version without its changelog entry', async () => {
    const lib = await startLibrary('no-entry');
    bump(lib, '0.2.0', false);
    const result = await billing(['library', 'check', lib]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('amtelco-be200/CHANGELOG.md:1:1: changelog: no entry for version 0.2.0');
  });

  it('fails a version lower than the last release tag', async () => {
    const lib = await startLibrary('tagged');
    gitIn(lib, 'tag', 'amtelco-be200-v0.1.0');
    bump(lib, '0.0.9');
    const result = await billing(['library', 'check', lib]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('amtelco-be200/package.yaml:2:10: version: 0.0.9 is lower than 0.1.0 of');
  });

  it('reports a formula file that does not parse and a fixture test that fails, each with its file', async () => {
    const lib = await startLibrary('broken');
    edit(join(lib, formulaPath), 'unit: count', 'unit: dollars');
    mkdirSync(join(lib, pkg, 'formulas', 'custom'));
    writeFileSync(
      join(lib, pkg, 'formulas', 'custom', 'OneCall.yaml'),
      [
        'id: OneCall',
        'title: One',
        'description: Always one.',
        'unit: count',
        'family: calls',
        'variant: custom',
        'sql: |',
        '  SELECT 1 AS cltID, 1 AS value',
        'tests:',
        '  - name: says two',
        '    expect: { 1: 2 }',
        '    why: wrongly',
        '',
      ].join('\n'),
    );
    bump(lib, '0.2.0');
    const result = await billing(['library', 'check', lib]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^amtelco-be200\/formulas\/legacy\/calls\/AnsweredCalls\.yaml:7:7: unit: Invalid option.* \[file_field\]$/m);
    expect(result.stdout).toMatch(
      /^amtelco-be200\/formulas\/custom\/OneCall\.yaml: test "says two" fails: client 1: expected 2, got 1 \(tests\[0\]\) \[file_field\]$/m,
    );
  });

  it('fails a package whose manifest lacks a licence, and a library without packages', async () => {
    const lib = await startLibrary('no-licence');
    edit(join(lib, pkg, 'package.yaml'), /^licence: .*\n/m, '');
    const result = await billing(['library', 'check', lib]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^amtelco-be200\/package\.yaml:\d+:\d+: .*licence/m);
    mkdirSync(join(dir, 'empty-library'));
    const empty = await billing(['library', 'check', join(dir, 'empty-library')]);
    expect(empty.status).toBe(1);
    expect(empty.stdout).toContain('no package: a library has one folder per package, each with a package.yaml');
  });
  it("fails a site's adoption record that does not read, naming its file and field", async () => {
    const lib = await startLibrary('bad-adoption');
    writeFileSync(join(lib, 'adoptions', 'south.yaml'), 'site: north\nrecorded: 2026-12-05\nrelease: r1\nformulas: []\n');
    const result = await billing(['library', 'check', lib]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('adoptions/south.yaml:1:7: site: the record is for north but its file is named south [file_field]');
  });
});

describe('billing library export-package', () => {
  it("writes the project's formulas as package amtelco-be200, which passes the library check", { timeout: 300_000 }, async () => {
    const lib = join(dir, 'exported');
    const exported = await billing(['library', 'export-package', lib]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/^Package amtelco-be200 1\.0\.0: \d{3} formula\(s\), created\n$/);
    gitIn(dir, 'init', '-q', lib);
    gitIn(lib, 'add', '.');
    gitIn(lib, 'commit', '-q', '-m', 'amtelco-be200 1.0.0');
    const checked = await billing(['library', 'check', lib]);
    expect(checked.stdout).toMatch(/^amtelco-be200 1\.0\.0: \d{3} formula\(s\), \d{3} test\(s\) passed, 0 failed\nLibrary OK\n$/);
    expect(checked.status).toBe(0);
    // Exported again unchanged, it keeps its version; with a changed formula, the version goes up with an entry.
    expect((await billing(['library', 'export-package', lib])).stdout).toContain('Package amtelco-be200 1.0.0');
    edit(join(lib, pkg, 'formulas', 'legacy', 'calls', 'AnsweredCalls.yaml'), 'AND e.selTalk > 0', 'AND e.selTalk >= 1');
    const again = await billing(['library', 'export-package', lib]);
    expect(again.stdout).toMatch(/^Package amtelco-be200 1\.1\.0: \d{3} formula\(s\), 1 file\(s\) with changed SQL\n$/);
    expect(readFileSync(join(lib, pkg, 'CHANGELOG.md'), 'utf8')).toMatch(/## 1\.1\.0 - \d{4}-\d{2}-\d{2}\n\n- 1 formula file\(s\) changed/);
  });
});
