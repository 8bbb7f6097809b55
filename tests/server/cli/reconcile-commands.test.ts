/**
 * `billing reconcile` run in-process on a tiny demo snapshot: the summary, the exit code, the
 * report files, acceptances, and errors that point at the cell.
 */
import ExcelJS from 'exceljs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
let exported: string;
const file = (name: string) => join(dir, name);

/** Runs the command on the test workspace; returns its output lines, its error text and its exit code. */
async function billing(...args: string[]): Promise<{ lines: string[]; stderr: string; exitCode: number }> {
  const { status, stdout, stderr } = await run([...args, '--workspace', join(dir, 'ws')]);
  return { lines: stdout.split('\n').slice(0, -1), stderr, exitCode: status };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-reconcile-'));
  manifest = await createDemoSnapshot(resolveWorkspace(join(dir, 'ws')), {
    scale: scaleNamed('tiny'),
    period: parsePeriod('2026-10'),
    periodLabel: '2026-10',
    seed: 5,
  });
  expect((await billing('export', 'be200', '--snapshot', manifest.id, '--out', file('legacy.csv'))).stderr).toMatch(
    /^Formulas: release shipped-\S+ \(sha256 [0-9a-f]{12}\)\n$/,
  );
  exported = readFileSync(file('legacy.csv'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing reconcile', () => {
  it('reconciles our own export with nothing open and exits 0', async () => {
    const { lines, exitCode } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('legacy.csv'), '--tolerance', '0');
    expect(exitCode).toBe(0);
    expect(lines[0]).toMatch(new RegExp(`^Reconciled .*legacy\\.csv \\(CSV, 20 rows\\) with snapshot ${manifest.id}, legacy formulas`));
    expect(lines).toContain('Cells: 5,280 compared: 5,280 equal, 0 within tolerance, 0 mismatches, 0 accepted');
    expect(lines.at(-1)).toBe('Reconciled: nothing open');
  });

  it('prints the largest mismatches with explanations, writes the report and exits 1 while they are open', async () => {
    const [header, ...rows] = exported.trimEnd().split('\r\n');
    const secCalls = (header as string).split(',').indexOf('SecCalls');
    const changed = rows.map((row, i) =>
      i === 0
        ? row
            .split(',')
            .map((cell, c) => (c === secCalls ? String(Number(cell) + 7) : cell))
            .join(',')
        : row,
    );
    writeFileSync(file('changed.csv'), [header, ...changed].join('\r\n'));
    const { lines, exitCode } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('changed.csv'), '--out', file('report.xlsx'));
    expect(exitCode).toBe(1);
    expect(lines).toContain('Mismatches: 0 our formula changed, 0 data changed since, 0 known quirk, 1 unexplained');
    expect(lines.find((line) => line.startsWith('  '))).toMatch(/^ {2}\d+ SecCalls: legacy \d+, ours \d+ \(-7\) — unexplained/);
    expect(lines.at(-1)).toBe(
      'Open: 1 unexplained mismatch, 0 clients with activity on one side only, 0 conflicting duplicate clients, 0 columns not mapped or accepted',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('report.xlsx'));
    expect(workbook.getWorksheet('Variances')?.getRow(2).getCell(3).value).toBe('SecCalls');

    const client = /^ {2}(\d+) SecCalls/.exec(lines.find((line) => line.startsWith('  ')) ?? '')?.[1] as string;
    const legacyValue = Number(changed[0]?.split(',')[secCalls]);
    writeFileSync(
      file('accept.json'),
      JSON.stringify([
        {
          by: 'maria',
          at: '2026-11-05T10:00:00Z',
          reason: 'client confirmed',
          clientNumber: client,
          statistic: 'SecCalls',
          legacyValue: String(legacyValue),
          ourValue: String(legacyValue - 7),
        },
      ]),
    );
    const accepted = await billing(
      'reconcile',
      '--snapshot',
      manifest.id,
      '--legacy',
      file('changed.csv'),
      '--accept',
      file('accept.json'),
      '--out',
      file('report.csv'),
    );
    expect(accepted.exitCode).toBe(0);
    expect(accepted.lines).toContain('Accepted (1):');
    expect(readFileSync(file('report.csv'), 'utf8')).toMatch(
      /,SecCalls,\d+,\d+,-7,accepted mismatch,unexplained,.*,maria,2026-11-05T10:00:00Z,client confirmed,,2\r\n$/,
    );
  });

  it('accepts a difference within --tolerance for that statistic', async () => {
    const [header, ...rows] = exported.trimEnd().split('\r\n');
    const secCalls = (header as string).split(',').indexOf('SecCalls');
    writeFileSync(
      file('off-by-one.csv'),
      [
        header,
        ...rows.map((row, i) =>
          i === 1
            ? row
                .split(',')
                .map((cell, c) => (c === secCalls ? String(Number(cell) + 1) : cell))
                .join(',')
            : row,
        ),
      ].join('\r\n'),
    );
    const { lines, exitCode } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('off-by-one.csv'), '--tolerance', 'SecCalls=abs:1');
    expect(exitCode).toBe(0);
    expect(lines).toContain('Cells: 5,280 compared: 5,279 equal, 1 within tolerance, 0 mismatches, 0 accepted');
  });

  it('keeps a renamed column open with exit 1, since that statistic was never compared', async () => {
    writeFileSync(file('renamed.csv'), exported.replace(',SecCalls,', ',Secretarial Calls,'));
    const { lines, exitCode } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('renamed.csv'));
    expect(exitCode).toBe(1);
    expect(lines).toContain('Open column: the file has no column for SecCalls, so it was not compared (map a column to it or accept it)');
    expect(lines).toContain('Open column: "Secretarial Calls" is not a Billing Export 200 statistic and was not compared (map it or accept it)');
    expect(lines.at(-1)).toBe(
      'Open: 0 unexplained mismatches, 0 clients with activity on one side only, 0 conflicting duplicate clients, 2 columns not mapped or accepted',
    );
  });

  it('keeps every reconciliation in the workspace, lists them with their status and shows one again', async () => {
    const { lines } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('legacy.csv'), '--by', 'maria');
    const id = /^Kept as reconciliation (\S+) /.exec(lines.find((line) => line.startsWith('Kept as')) ?? '')?.[1] as string;
    expect(id).toMatch(new RegExp(`^${manifest.id}-`));
    const listed = await billing('reconcile', 'list');
    expect(listed.exitCode).toBe(0);
    const at = listed.lines.findIndex((line) => line.startsWith(`${id}  `));
    expect(listed.lines[at]).toMatch(
      new RegExp(`^${id}  2026-10-01 00:00:00\\.000\\.\\.2026-10-07 23:59:59\\.997  reconciled  \\S*legacy\\.csv \\(uploaded by maria at \\S+Z\\)$`),
    );
    expect(listed.lines[at + 1]).toMatch(
      /^ {2}open 0 \(unexplained 0, columns 0\), explained 0, accepted 0 \(carried over 0\); release shipped-\S+, snapshot /,
    );
    const json = JSON.parse((await billing('reconcile', 'list', '--json')).lines.join('\n'));
    expect(json.length).toBeGreaterThanOrEqual(4);
    expect(json.find((item: { record: { id: string } }) => item.record.id === id)).toMatchObject({
      status: 'reconciled',
      record: { file: { uploadedBy: 'maria' } },
    });
    const shown = await billing('reconcile', 'show', id);
    expect(shown.exitCode).toBe(0);
    expect(shown.lines[0]).toMatch(new RegExp(`^Reconciliation ${id}: \\S*legacy\\.csv \\(sha256 [0-9a-f]{12}\\), uploaded by maria at `));
    expect(shown.lines).toContain('Status: reconciled; open 0 (unexplained 0, columns 0), explained 0, accepted 0 (carried over 0)');
    const missing = await billing('reconcile', 'show', 'no-such-one');
    expect([missing.exitCode, missing.stderr]).toEqual([2, 'billing: no reconciliation no-such-one [not_found]\n']);
  });

  it('fails with exit 2 on a malformed file, naming the file, line and column', async () => {
    writeFileSync(file('bad.csv'), exported.replace(/\r\n(\d+),/, '\r\n$1x,'));
    const { stderr, exitCode } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('bad.csv'));
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^billing: \S*bad\.csv:2:1: row 2, column 1 \(ClientNumber\): cannot read "\d+x" as a number.*\n$/);
  });

  it('fails with exit 2 and one line on a missing file', async () => {
    const { lines, stderr, exitCode } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('missing.csv'));
    expect(exitCode).toBe(2);
    expect(lines).toEqual([]);
    expect(stderr).toBe(`billing: --legacy ${file('missing.csv')}: no such file [bad_param_value]\n`);
  });

  it('refuses an unknown variant, report type or tolerance before reading anything', async () => {
    const failure = async (...args: string[]) => {
      const { lines, stderr, exitCode } = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('legacy.csv'), ...args);
      expect([exitCode, lines]).toEqual([2, []]);
      return stderr;
    };
    expect(await failure('--variant', 'new')).toMatch(/--variant must be legacy or consensus/);
    expect(await failure('--out', file('report.pdf'))).toMatch(/--out must name a \.csv or \.xlsx file/);
    expect(await failure('--tolerance', 'SecCall=1')).toMatch(/"SecCall" is not a Billing Export 200 statistic/);
  });

  it('maps a renamed column and accepts a variance and a missing column on a kept reconciliation; the next reconciliation of the file applies them', async () => {
    const keptId = (lines: string[]) => /^Kept as reconciliation (\S+) /.exec(lines.find((line) => line.startsWith('Kept as')) ?? '')?.[1] as string;
    const renamed = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('renamed.csv'));
    expect(renamed.exitCode).toBe(1);
    const mapped = await billing('reconcile', 'map', keptId(renamed.lines), '--header', 'Secretarial Calls', '--statistic', 'SecCalls', '--by', 'maria');
    expect(mapped.lines).toEqual(['Saved: "Secretarial Calls" is SecCalls in files of this layout; reconcile the file again to compare it']);
    const again = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('renamed.csv'));
    expect(again.lines).toContain('Column "Secretarial Calls" read as SecCalls (a saved column mapping)');
    expect([again.exitCode, again.lines.at(-1)]).toEqual([0, 'Reconciled: nothing open']);

    const changed = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('changed.csv'));
    expect(changed.exitCode).toBe(1);
    const client = /^ {2}(\d+) SecCalls/.exec(changed.lines.find((line) => line.startsWith('  ')) ?? '')?.[1] as string;
    const accepted = await billing(
      'reconcile',
      'accept',
      keptId(changed.lines),
      '--client',
      client,
      '--statistic',
      'SecCalls',
      '--reason',
      'the client confirmed',
      '--by',
      'maria',
    );
    expect(accepted.lines[0]).toMatch(new RegExp(`^Accepted ${client} SecCalls \\(legacy \\d+, ours \\d+\\) for maria: the client confirmed$`));
    const later = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('changed.csv'));
    expect(later.lines).toContain('Carried over: 1 acceptances given in an earlier reconciliation of the period still hold');
    expect([later.exitCode, later.lines.at(-1)]).toEqual([0, 'Reconciled: nothing open']);

    writeFileSync(file('without.csv'), exported.replace(',SecCalls,', ',Notes,'));
    const without = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('without.csv'));
    for (const [flag, column] of [
      ['--missing', 'SecCalls'],
      ['--unknown', 'Notes'],
    ] as const)
      expect((await billing('reconcile', 'accept-column', keptId(without.lines), flag, column, '--reason', 'not exported at this site')).exitCode).toBe(0);
    expect((await billing('reconcile', 'show', keptId(without.lines))).exitCode).toBe(0);
    const refused = await billing('reconcile', 'accept-column', keptId(without.lines), '--reason', 'no column named');
    expect([refused.exitCode, refused.stderr]).toEqual([2, 'billing: give one of --missing STATISTIC or --unknown HEADER [bad_param_value]\n']);
  });

  it('names our own changed legacy formula, with the version of its text, as the cause of the differences it makes', async () => {
    cpSync(join(PROJECT_ROOT, 'formulas'), file('edited-formulas'), { recursive: true });
    const secCalls = file('edited-formulas/legacy/calls/SecCalls.yaml');
    writeFileSync(secCalls, readFileSync(secCalls, 'utf8').replace('count(*) AS value', 'count(*) + 1 AS value'));
    const { lines, stderr, exitCode } = await billing(
      'reconcile',
      '--snapshot',
      manifest.id,
      '--legacy',
      file('legacy.csv'),
      '--library',
      file('edited-formulas'),
    );
    expect(stderr).toContain('Note: SecCalls is marked legacy but no longer reproduces Billing Export 200');
    const changed = lines.find((line) => line.startsWith('Mismatches: '));
    expect(changed).toMatch(/^Mismatches: [1-9]\d* our formula changed, 0 data changed since, 0 known quirk, 0 unexplained$/);
    expect(lines.find((line) => line.startsWith('  ') && line.includes(' SecCalls: legacy '))).toMatch(
      /^ {2}\d+ SecCalls: legacy \d+, ours \d+ \(\+1\) — our formula changed: SecCalls text sha256 [0-9a-f]{12} of release folder \S+ \(sha256 [0-9a-f]{12}\) is not the legacy formula the export was made with \(its SQL differs from the shipped reproduction of the report\); the shipped formula gives \d+, as the file does$/,
    );
    expect(exitCode).toBe(0);
  });
});
