import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { billing as run } from '../../support/cli.ts';
import { pdfText } from '../support/documents.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

let dir: string;
let manifest: Manifest;
const workspace = () => join(dir, 'ws');
const billing = (...args: string[]) => run([...args, '--workspace', workspace()]);
const example = (name: string) => join(PROJECT_ROOT, 'examples', name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-run-'));
  manifest = await createDemoSnapshot(resolveWorkspace(workspace()), {
    scale: scaleNamed('tiny'),
    period: parsePeriod('2026-10'),
    periodLabel: '2026-10',
    seed: 5,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing run', () => {
  it('creates a read-only run folder, verifies it byte for byte, and records corrections as a new run', async () => {
    const created = await billing('run', 'create', '--snapshot', manifest.id, '--setup', example('billing-setup.yaml'));
    expect(created.status).toBe(0);
    const id = /Run (\S+):/.exec(created.stdout)?.[1] as string;
    const folder = join(workspace(), 'runs', id);
    expect(readdirSync(folder).sort()).toEqual(['be200.csv', 'formulas.json', 'invoices.json', 'lines.csv', 'run.json', 'setup.yaml']);
    expect(statSync(join(folder, 'lines.csv')).mode & 0o222).toBe(0);
    expect(readFileSync(join(folder, 'setup.yaml'), 'utf8')).toBe(readFileSync(example('billing-setup.yaml'), 'utf8'));

    const verified = await billing('run', 'verify', id);
    expect(verified.stdout).toContain(`Run ${id} reproduced byte for byte`);
    expect(verified.status).toBe(0);

    const corrected = join(dir, 'corrected.yaml');
    writeFileSync(corrected, readFileSync(example('billing-setup.yaml'), 'utf8').replace('price: "0.25"', 'price: "0.30"'));
    const draft = await billing('run', 'correct', id, '--setup', corrected);
    expect(draft.status).toBe(2);
    expect(draft.stderr).toContain(`run ${id} is a draft`);
    expect((await billing('run', 'finalise', id)).status).toBe(0);
    const correction = await billing('run', 'correct', id, '--setup', corrected);
    expect(correction.status).toBe(0);
    expect(correction.stdout).toMatch(new RegExp(`Corrections against run ${id}: \\d+ line\\(s\\) change`));
    const newId = /Run (\S+):/.exec(correction.stdout)?.[1] as string;
    expect(newId).not.toBe(id);
    const corrections = readFileSync(join(workspace(), 'runs', newId, 'corrections.csv'), 'utf8')
      .trim()
      .split('\r\n');
    expect(corrections[0]).toBe('account,line,issued,corrected,change');
    expect(corrections.length).toBeGreaterThan(1);
    expect(corrections.slice(1).every((line) => /,(messages|minimum),/.test(line))).toBe(true);
    expect(correction.stdout).toContain(`Run ${newId} is a draft correction`);
    const listed = (await billing('run', 'list')).stdout.trim().split('\n');
    expect(listed).toHaveLength(2);
    // Each run's state is the second column: the issued run is corrected by the draft correction.
    const stateOf = (run: string) => listed.find((line) => line.startsWith(`${run}\t`))?.split('\t')[1];
    expect([stateOf(id), stateOf(newId)]).toEqual(['finalised', 'draft']);
  });

  it('refuses a malformed setup naming the file, line, column and field', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      "plans:\n  - id: p\n    lines:\n      - { id: l, statistic: SecCalls, price: 1.15 }\nassignments:\n  - { plan: p, from: '2026-01-01' }\n",
    );
    const result = await billing('run', 'create', '--snapshot', manifest.id, '--setup', bad);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:4:46: plans\.0\.lines\.0\.price: write 1\.15 as quoted text/);
  });
});

describe('billing run finalise, invoices, invoice and export', () => {
  it("lists a draft's invoices, writes one as a PDF and the lines as QuickBooks and Xero CSV, then numbers them on finalising", async () => {
    const created = await billing('run', 'create', '--snapshot', manifest.id, '--setup', example('billing-setup.yaml'));
    const id = /Run (\S+):/.exec(created.stdout)?.[1] as string;

    const drafted = await billing('run', 'invoices', id);
    expect(drafted.status).toBe(0);
    expect(drafted.stdout).toContain(`Run ${id}: draft, period 2026-10-01 to 2026-10-07`);
    const rows = drafted.stdout.trim().split('\n').slice(1, -1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.startsWith('DRAFT\tInvoice\t'))).toBe(true);
    const account = rows[0]?.split('\t')[2] as string;

    const shown = await billing('run', 'invoice', id, account);
    expect(shown.stdout).toContain(`Invoice DRAFT for ${account}`);
    expect(shown.stdout).toMatch(/\n {4}statistic: clientNumber \d+, statistic \w+, value /);

    const pdf = join(dir, 'invoice.pdf');
    expect((await billing('run', 'invoice', id, account, '--pdf', pdf)).status).toBe(0);
    const text = await pdfText(readFileSync(pdf));
    expect(text).toContain('DRAFT');
    expect(text).toContain(`Account: ${account}`);
    expect(text).toContain('Period: 2026-10-01 to 2026-10-07');

    const quickbooks = join(dir, 'qb.csv');
    expect((await billing('run', 'export', id, '--format', 'quickbooks', '--out', quickbooks)).status).toBe(0);
    expect(readFileSync(quickbooks, 'utf8').split('\r\n')[0]).toBe(
      'InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Service Date',
    );
    const bad = await billing('run', 'export', id, '--format', 'sage', '--out', quickbooks);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be quickbooks or xero, not "sage"');

    // The first test finalised a run of this period: billing its accounts again needs a reason.
    const refused = await billing('run', 'finalise', id);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /would invoice accounts twice for the same days: finalised run \S+ \(2026-10-\d\d to 2026-10-\d\d\) already invoices \d+ of these accounts.*\[already_invoiced\]/,
    );
    const finalised = await billing('run', 'finalise', id, '--overlap-reason', 'billed again after a pricing dispute');
    expect(finalised.status).toBe(0);
    const [first, last] = (/(\d+) invoice\(s\): INV-(\d{6})(?: to INV-(\d{6}))?/.exec(finalised.stdout) ?? []).slice(2).map(Number);
    const listed = await billing('run', 'invoices', id);
    const numbers = listed.stdout
      .trim()
      .split('\n')
      .slice(1, -1)
      .map((row) => row.split('\t')[0]);
    expect(numbers).toEqual(numbers.map((_, i) => `INV-${String((first as number) + i).padStart(6, '0')}`));
    expect(Number.isNaN(last) ? first : last).toBe((first as number) + numbers.length - 1);

    const xero = join(dir, 'xero.csv');
    expect((await billing('run', 'export', id, '--format', 'xero', '--out', xero)).status).toBe(0);
    const xeroRows = readFileSync(xero, 'utf8').trim().split('\r\n');
    expect(xeroRows[0]?.startsWith('*ContactName,EmailAddress,')).toBe(true);
    expect(xeroRows.slice(1).every((row) => /,INV-\d{6},/.test(row))).toBe(true);

    const again = await billing('run', 'finalise', id);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('a finalised run is never finalised again');
    expect((await billing('run', 'discard', id)).stderr).toContain('a finalised run is never discarded');
  });

  it('discards a draft run, which no longer lists', async () => {
    const created = await billing('run', 'create', '--snapshot', manifest.id, '--setup', example('billing-setup.yaml'));
    const id = /Run (\S+):/.exec(created.stdout)?.[1] as string;
    expect((await billing('run', 'discard', id)).stdout).toContain(`Run ${id} discarded`);
    expect((await billing('run', 'list')).stdout).not.toContain(id);
    expect((await billing('run', 'invoices', id)).stderr).toContain(`No billing run "${id}"`);
  });
});

describe('billing scenario compare', () => {
  it('re-rates a price change without querying the snapshot and counts the accounts that move', async () => {
    const result = await billing(
      'scenario',
      'compare',
      '--snapshot',
      manifest.id,
      '--setup',
      example('billing-setup.yaml'),
      '--scenario',
      example('scenario-live-rate.yaml'),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Scenario "Live minutes +5%, free patches"');
    expect(result.stdout).toMatch(/accounts: \d+ up, \d+ down, \d+ unchanged/);
    expect(result.stdout).toContain('re-rated without querying the snapshot');
  });
});
