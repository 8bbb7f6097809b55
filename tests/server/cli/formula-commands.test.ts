import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { be200Statistics } from '../../../engine/be200/columns.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { billing as run } from '../../support/cli.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

let dir: string;
let manifest: Manifest;
const billing = (...args: string[]) => run([...args, '--workspace', join(dir, 'ws')]);
const formulaFile = (name: string, sql: string, tests = '') => {
  const file = join(dir, name);
  writeFileSync(
    file,
    `id: ${name.replace('.yaml', '')}\ntitle: t\ndescription: d\nunit: count\nfamily: test\nvariant: custom\nsql: |\n${sql
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\n${tests}`,
  );
  return file;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-formula-'));
  manifest = await createDemoSnapshot(resolveWorkspace(join(dir, 'ws')), {
    scale: scaleNamed('tiny'),
    period: parsePeriod('2026-10'),
    periodLabel: '2026-10',
    seed: 2,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing formula check', () => {
  it('accepts valid files and exits 0', async () => {
    const result = await billing('formula', 'check', 'formulas/legacy/calls/SecCalls.yaml', 'formulas/consensus/calls/CallsConsensus.yaml');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 formula file(s) OK');
  });

  it('reports each error as file:line:column with its code and exits 1', async () => {
    const file = formulaFile('BadColumn.yaml', 'SELECT e.cltId AS cltID,\n       count(e.nosuch) AS value\nFROM statCallEnd e\nGROUP BY 1');
    const result = await billing('formula', 'check', file);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/BadColumn\.yaml:9:16: .*nosuch.* \[unknown_column\]/);
  });

  it('reports a file that is not valid YAML with its position and exits 2', async () => {
    const file = join(dir, 'Broken.yaml');
    writeFileSync(file, "id: Broken\ntitle: 'unclosed\n");
    const result = await billing('formula', 'check', file);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Broken\.yaml:\d+:\d+: not valid YAML/);
  });
});

describe('billing formula test', () => {
  it('prints pass and FAIL per case with the differing clients, and exits 1 on a failure', async () => {
    const tests =
      'tests:\n  - name: counts one call\n    rows:\n      statCallEnd:\n        - { callId: 1, cltId: 4 }\n    expect: { 4: 1 }\n  - name: wrong on purpose\n    rows:\n      statCallEnd:\n        - { callId: 1, cltId: 4 }\n    expect: { 4: 2 }\n';
    const file = formulaFile('Counts.yaml', 'SELECT cltId AS cltID, count(*) AS value FROM statCallEnd GROUP BY 1', tests);
    const result = await billing('formula', 'test', file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('pass  Counts: counts one call');
    expect(result.stdout).toContain('FAIL  Counts: wrong on purpose');
    expect(result.stdout).toContain('client 4: expected 2, got 1');
    expect(result.stdout).toContain('1 passed, 1 failed');
  });
});

describe('billing formula test and run validate a file before any of its SQL runs', () => {
  const settingReader = "SELECT 1::INTEGER AS cltID, length(current_setting('temp_directory'))::BIGINT AS value";
  const catalogReader = 'SELECT 1::INTEGER AS cltID, length(CAST(duckdb_databases() AS VARCHAR))::BIGINT AS value';

  it('formula test refuses a file that reads the settings and runs none of its tests', async () => {
    const tests = 'tests:\n  - name: any\n    rows:\n      statCallEnd: []\n    expect: { 1: 1 }\n';
    const result = await billing('formula', 'test', formulaFile('Settings.yaml', settingReader, tests));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Settings\.yaml:8:\d+: current_setting\(\) is not allowed in a formula.* \[forbidden_function\]/);
    expect(result.stdout).toContain('1 error(s); no test was run');
    expect(result.stdout).not.toMatch(/pass|FAIL/);
  });

  it('formula run refuses a file that reads the catalog, and names no path of the workspace', async () => {
    const result = await billing('formula', 'run', formulaFile('Catalog.yaml', catalogReader), '--snapshot', manifest.id);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('duckdb_databases() is not allowed in a formula');
    expect(result.stdout).toBe('');
    expect(`${result.stdout}${result.stderr}`).not.toContain(join(dir, 'ws'));
  });

  it('formula run with --library validates the folder first: a formula changed to read the settings runs nothing', async () => {
    const folder = join(dir, 'library');
    cpSync(join(PROJECT_ROOT, 'formulas'), folder, { recursive: true });
    const file = join(folder, 'legacy', 'calls', 'SecCalls.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace(/FROM statCallEnd( \w+)?/, (from) => `${from}, (SELECT current_setting('memory_limit') AS m) settings`),
    );
    expect(readFileSync(file, 'utf8')).not.toBe(text);
    const result = await billing('formula', 'run', 'SecCalls', '--snapshot', manifest.id, '--library', folder);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('current_setting() is not allowed in a formula');
    expect(result.stdout).toBe('');
  });
});

describe('billing formula run', () => {
  it('prints every client of the snapshot with its value, 0 for none', async () => {
    const result = await billing('formula', 'run', 'SecCalls', '--snapshot', manifest.id);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('ClientNumber\tClientName\tSecCalls');
    expect(lines).toHaveLength(21);
    expect(lines.slice(1).some((line) => line.endsWith('\t0'))).toBe(true);
    expect(lines.slice(1).some((line) => Number(line.split('\t')[2]) > 10)).toBe(true);
  });

  it('binds --param values and refuses a malformed one', async () => {
    const capped = await billing('formula', 'run', 'SelSecDurationCap', '--snapshot', manifest.id, '--param', 'time_cap_minutes=1');
    const uncapped = await billing('formula', 'run', 'SelSecDurationCap', '--snapshot', manifest.id);
    const total = (out: string) =>
      out
        .trim()
        .split('\n')
        .slice(1)
        .reduce((sum, line) => sum + Number(line.split('\t')[2]), 0);
    expect(total(capped.stdout)).toBeLessThan(total(uncapped.stdout));
    const bad = await billing('formula', 'run', 'SecCalls', '--snapshot', manifest.id, '--param', 'nonsense');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--param expects name=value');
  });
});

describe('billing export be200', () => {
  const exportCsv = async (...extra: string[]) => {
    const out = join(dir, `be200-${extra.join('').replace(/\W/g, '')}.csv`);
    const result = await billing('export', 'be200', '--snapshot', manifest.id, '--out', out, ...extra);
    // Standard error names the formulas used, and nothing else: no warning.
    expect(result.stderr).toMatch(/^Formulas: release shipped-\S+ \(sha256 [0-9a-f]{12}\)\n$/);
    expect(result.status).toBe(0);
    return Papa.parse<string[]>(readFileSync(out, 'utf8').trim()).data;
  };

  it("writes the report's columns in order, one row per client sorted by ClientNumber, idle and inactive clients included", async () => {
    const [header, ...rows] = await exportCsv();
    expect(header).toEqual(['ClientNumber', 'ClientName', 'BillingCode', ...be200Statistics.map((c) => c.name)]);
    expect(rows).toHaveLength(20);
    const numbers = rows.map((row) => Number(row[0]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(rows.some((row) => row.slice(3).every((value) => value === '0'))).toBe(true);
  });

  it('puts cltID first only with --with-cltid, and honours --clients and --variant consensus', async () => {
    const [header] = await exportCsv('--with-cltid');
    expect(header?.[0]).toBe('cltID');
    const legacy = await exportCsv();
    const numbers = legacy.slice(1).map((row) => row[0] as string);
    const [, ...some] = await exportCsv('--clients', `${numbers[1]}-${numbers[3]}`);
    expect(some.map((row) => row[0])).toEqual(numbers.slice(1, 4));
    const consensus = await exportCsv('--variant', 'consensus');
    const column = (rows: string[][], name: string) => rows.slice(1).map((row) => row[(rows[0] as string[]).indexOf(name)]);
    expect(column(consensus, 'MsgDlvrd')).not.toEqual(column(legacy, 'MsgDlvrd'));
    // The consensus also counts calls whose start row is missing, so it never counts fewer.
    const legacyCalls = column(legacy, 'SecCalls').map(Number);
    column(consensus, 'SecCalls').forEach((value, i) => {
      expect(Number(value)).toBeGreaterThanOrEqual(legacyCalls[i] as number);
    });
  });

  it('refuses an unknown variant and a malformed client range', async () => {
    const out = join(dir, 'x.csv');
    const variant = await billing('export', 'be200', '--snapshot', manifest.id, '--out', out, '--variant', 'best');
    expect(variant.status).toBe(2);
    expect(variant.stderr).toContain('--variant must be legacy or consensus');
    const range = await billing('export', 'be200', '--snapshot', manifest.id, '--out', out, '--clients', '10-');
    expect(range.status).toBe(2);
    expect(range.stderr).toContain('--clients expects a range');
  });
});
