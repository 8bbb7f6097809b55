/**
 * `billing reconcile` run in-process on a tiny demo snapshot (the command is registered on a
 * program of its own here, as main.ts will register it): the summary, the exit code, the report
 * files, acceptances, and errors that point at the cell.
 */
import ExcelJS from 'exceljs';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { registerExportCommands } from '../../../server/cli/export-commands.ts';
import { runCli } from '../../../server/cli/main.ts';
import { registerReconcileCommands } from '../../../server/cli/reconcile-commands.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

let dir: string;
let manifest: Manifest;
let exported: string;
const file = (name: string) => join(dir, name);

/** Runs the command like the CLI would; returns its output lines and the exit code it set. */
async function billing(...args: string[]): Promise<{ lines: string[]; exitCode: number }> {
  const lines: string[] = [];
  const program = new Command('billing').exitOverride();
  const io = { out: (line: string) => lines.push(line), workspace: () => resolveWorkspace(join(dir, 'ws')) };
  registerExportCommands(program, io);
  registerReconcileCommands(program, io);
  process.exitCode = undefined;
  await program.parseAsync(args, { from: 'user' });
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { lines, exitCode };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-reconcile-'));
  manifest = await createDemoSnapshot(resolveWorkspace(join(dir, 'ws')), {
    scale: scaleNamed('tiny'),
    period: parsePeriod('2026-10'),
    periodLabel: '2026-10',
    seed: 5,
  });
  await billing('export', 'be200', '--snapshot', manifest.id, '--out', file('legacy.csv'));
  exported = readFileSync(file('legacy.csv'), 'utf8');
});
afterEach(() => {
  process.exitCode = undefined;
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
    expect(lines).toContain('Mismatches: 0 known quirk, 0 data changed since, 1 unexplained');
    expect(lines.find((line) => line.startsWith('  '))).toMatch(/^ {2}\d+ SecCalls: legacy \d+, ours \d+ \(-7\) — unexplained/);
    expect(lines.at(-1)).toBe('Open: 1 unexplained mismatch, 0 clients with activity on one side only, 0 conflicting duplicate clients');
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
      /,SecCalls,\d+,\d+,-7,accepted mismatch,unexplained,.*,maria,2026-11-05T10:00:00Z,client confirmed,2\r\n$/,
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

  it('fails on a malformed file naming the file, line and column', async () => {
    writeFileSync(file('bad.csv'), exported.replace(/\r\n(\d+),/, '\r\n$1x,'));
    const error = await billing('reconcile', '--snapshot', manifest.id, '--legacy', file('bad.csv')).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).describe()).toMatch(/bad\.csv:2:1: row 2, column 1 \(ClientNumber\): cannot read "\d+x" as a number/);
  });

  it('is a command of the billing program: exit 2 and one line on a malformed file', async () => {
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => stderr.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(await runCli(['reconcile', '--workspace', join(dir, 'ws'), '--snapshot', manifest.id, '--legacy', file('missing.csv')])).toBe(2);
    } finally {
      process.stderr.write = write;
      process.exitCode = undefined;
    }
    expect(stderr.join('')).toBe(`billing: --legacy ${file('missing.csv')}: no such file [bad_param_value]\n`);
  });

  it('refuses an unknown variant, report type or tolerance before reading anything', async () => {
    const failure = (...args: string[]) =>
      billing('reconcile', '--snapshot', manifest.id, '--legacy', file('legacy.csv'), ...args).then(
        () => '',
        (error: Error) => error.message,
      );
    expect(await failure('--variant', 'new')).toMatch(/--variant must be legacy or consensus/);
    expect(await failure('--out', file('report.pdf'))).toMatch(/--out must name a \.csv or \.xlsx file/);
    expect(await failure('--tolerance', 'SecCall=1')).toMatch(/"SecCall" is not a Billing Export 200 statistic/);
  });
});
