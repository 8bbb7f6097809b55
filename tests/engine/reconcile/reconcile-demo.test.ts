/**
 * Reconciliation end to end on a tiny demo snapshot: an export made by our own legacy formulas
 * reconciles with nothing open; the same export perturbed in known ways, as CSV and as XLSX, yields
 * exactly those findings; a malformed copy fails at the cell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../../engine/be200/csv.ts';
import { buildBe200Report } from '../../../engine/be200/report.ts';
import type { Formula } from '../../../engine/formulas/definition.ts';
import type { ResultCache } from '../../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { acceptVariance } from '../../../engine/reconcile/acceptance.ts';
import { importLegacyExport } from '../../../engine/reconcile/import.ts';
import type { Acceptance, OurResults, Reconciliation } from '../../../engine/reconcile/model.ts';
import { reconcileSnapshot, type ReconcileResult } from '../../../engine/reconcile/reconcile.ts';
import { sourceRows } from '../../../engine/reconcile/source-rows.ts';
import { summarize } from '../../../engine/reconcile/summary.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { csvOf, xlsxOf } from './legacy-files.ts';

let dir: string;
let manifest: Manifest;
let sandbox: Sandbox;
const library = loadLibrary();
const index = indexFormulas(library.formulas);
const cache: ResultCache = new Map();
let exported: string[][];
let clean: ReconcileResult;

const params = () => ({ start: manifest.period.start, end: manifest.period.end });
const reconcile = async (
  data: Uint8Array | string,
  file: string,
  options: { acceptances?: readonly Acceptance[]; exportedAt?: string } = {},
): Promise<ReconcileResult> =>
  reconcileSnapshot({
    sandbox,
    snapshotKey: manifest.contentHash,
    formulas: library.formulas,
    index,
    params: params(),
    cache,
    variant: 'legacy',
    snapshotTakenAt: manifest.createdAt,
    ...options,
    legacy: await importLegacyExport(typeof data === 'string' ? new TextEncoder().encode(data) : data, file),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-reconcile-'));
  const workspace = resolveWorkspace(join(dir, 'ws'));
  manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 5 });
  sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, manifest.id));
  const report = await buildBe200Report({
    sandbox,
    snapshotKey: manifest.contentHash,
    formulas: library.formulas,
    index,
    variant: 'legacy',
    params: params(),
    cache,
  });
  exported = [[...report.header], ...report.rows.map((row) => [...row])];
  clean = await reconcile(reportToCsv(report), 'legacy.csv');
});
afterAll(() => {
  sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reconciling an export made by our own legacy formulas', () => {
  it('finds every client and statistic equal and nothing open', () => {
    const summary = summarize(clean.reconciliation);
    expect(summary.clients).toEqual({ compared: exported.length - 1, onlyInLegacy: 0, onlyInOurs: 0, duplicated: 0 });
    expect(summary.statistics).toEqual({ compared: 264, unknownColumns: 0, missing: 0 });
    expect(summary.cells).toMatchObject({ compared: (exported.length - 1) * 264, within: 0, mismatch: 0 });
    expect(summary.open.total).toBe(0);
  });

  it('reads the file exported with the internal cltID first the same way', async () => {
    const withCltId = await buildBe200Report({
      sandbox,
      snapshotKey: manifest.contentHash,
      formulas: library.formulas,
      index,
      variant: 'legacy',
      params: params(),
      cache,
      includeCltId: true,
    });
    const { reconciliation } = await reconcile(reportToCsv(withCltId), 'with-cltid.csv');
    expect(summarize(reconciliation).open.total).toBe(0);
    expect(reconciliation.unknownColumns).toEqual([]);
  });
});

describe('reconciling the export perturbed in known ways', () => {
  /** The export with each perturbation applied, and the findings each must produce. */
  function perturb(ours: OurResults, consensus: OurResults) {
    const table = exported.map((row) => [...row]);
    const header = table[0] as string[];
    const column = (name: string) => header.indexOf(name);
    const row = (i: number) => table[i + 1] as string[];
    const clientOf = (i: number) => row(i)[column('ClientNumber')] as string;
    row(0)[column('SecCalls')] = String(Number(row(0)[column('SecCalls')]) + 1000);
    // A cell where the consensus variant differs: the file holds the consensus value (quirk fixed).
    const [quirkClient, quirkStatistic, consensusValue] = cellWhereVariantsDiffer(ours, consensus, new Set([clientOf(0), clientOf(2), clientOf(4)]));
    const quirkRow = table.findIndex((r) => r[column('ClientNumber')] === quirkClient);
    (table[quirkRow] as string[])[column(quirkStatistic)] = consensusValue;
    const negated = header.slice(4).find((name) => name !== 'FetchCalls' && Number(row(4)[column(name)]) > 0) as string;
    const negatedValue = row(4)[column(negated)] as string;
    row(4)[column(negated)] = `(${negatedValue})`;
    const removed = clientOf(2);
    table.push([...row(3)]);
    header[column('FetchCalls')] = 'Fetch Calls Total';
    const perturbed = table
      .filter((r) => r[column('ClientNumber')] !== removed)
      .map((r) => r.map((cell, c) => (c >= 3 && /^\d{4,}$/.test(cell) ? Number(cell).toLocaleString('en-US') : cell)));
    const expected = {
      variances: [
        [clientOf(0), 'SecCalls', 'mismatch', '-1000'],
        [quirkClient, quirkStatistic, 'mismatch', 'known_quirk'],
        [clientOf(4), negated, 'mismatch', String(2 * Number(negatedValue))],
      ],
      onlyInOurs: [removed],
      // Rows are file lines: the header is line 1, and the removed client's line is gone.
      duplicates: [
        {
          kind: 'duplicate-client',
          clientNumber: clientOf(3),
          rows: [perturbed.findIndex((r) => r[0] === clientOf(3)) + 1, perturbed.length],
          identical: true,
        },
      ],
    };
    return { table: perturbed, expected, thousands: perturbed.flat().filter((cell) => cell.includes(',')).length };
  }

  const findings = (reconciliation: Reconciliation) => ({
    variances: reconciliation.variances.map((v) => [
      v.clientNumber,
      v.statistic,
      v.status,
      v.explanation?.category === 'known_quirk' ? 'known_quirk' : (v.delta.change as string),
    ]),
    onlyInOurs: reconciliation.onlyInOurs.map((c) => c.clientNumber),
    duplicates: reconciliation.duplicates,
  });

  it('finds exactly the changed cells, the missing client, the duplicate row and the renamed column, as CSV and as XLSX', async () => {
    const { table, expected, thousands } = perturb(clean.ours, clean.other);
    expect(thousands).toBeGreaterThan(10);
    // A workbook says when it was made; tell the CSV the same, so both explain alike.
    const exportedAt = new Date('2026-11-02T08:00:00Z');
    const fromCsv = (await reconcile(csvOf(table), 'perturbed.csv', { exportedAt: exportedAt.toISOString() })).reconciliation;
    const sorted = (list: unknown[][]) => [...list].sort((a, b) => String(a).localeCompare(String(b)));
    expect({ ...findings(fromCsv), variances: sorted(findings(fromCsv).variances) }).toEqual({ ...expected, variances: sorted(expected.variances) });
    expect(fromCsv.onlyInLegacy).toEqual([]);
    expect(fromCsv.unknownColumns).toEqual([{ header: 'Fetch Calls Total', column: String((table[0]?.indexOf('Fetch Calls Total') as number) + 1) }]);
    expect(fromCsv.missingStatistics).toEqual(['FetchCalls']);
    expect(fromCsv.statistics).toHaveLength(263);

    const fromXlsx = (await reconcile(await xlsxOf(table, { modified: exportedAt }), 'perturbed.xlsx')).reconciliation;
    const withoutSource = ({ legacy: _legacy, unknownColumns, ...rest }: Reconciliation) => ({ ...rest, unknownColumns: unknownColumns.map((c) => c.header) });
    expect(withoutSource(fromXlsx)).toEqual(withoutSource(fromCsv));
    expect(fromXlsx.legacy.format).toBe('xlsx');
  });

  it('closes once the unexplained variances are accepted', async () => {
    const { table } = perturb(clean.ours, clean.other);
    const first = (await reconcile(csvOf(table), 'perturbed.csv')).reconciliation;
    const decisions = first.variances
      .filter((v) => v.explanation?.category === 'unexplained')
      .map((v) => acceptVariance(v, { by: 'maria', reason: 'checked by hand', now: () => new Date('2026-11-05T10:00:00Z') }));
    const summary = summarize((await reconcile(csvOf(table), 'perturbed.csv', { acceptances: decisions })).reconciliation);
    expect(summary.open).toMatchObject({ mismatches: 0 });
    expect(summary.cells.accepted).toBe(2);
  });
});

describe('the rows behind a cell', () => {
  it('lists the statCallEnd rows of the client in the period for a call statistic, adding up to the cell', async () => {
    const client = clean.ours.clients.find((c) => Number(c.values.get('SecCalls')) > 2) as OurResults['clients'][number];
    const formula = index.get('seccalls') as Formula;
    const rows = await sourceRows({ sandbox, formula, index, params: params(), cltID: client.cltID, limit: 2 });
    if (rows.kind !== 'source-rows') throw new Error(rows.reason);
    expect(rows.count).toBe(Number(client.values.get('SecCalls')));
    expect(rows.total).toBe(client.values.get('SecCalls'));
    expect(rows.rows).toHaveLength(2);
    for (const row of rows.rows) {
      expect(row).toMatchObject({ cltId: client.cltID, Kind: 1 });
      expect(String(row.Stamp) >= manifest.period.start && String(row.Stamp) <= manifest.period.end).toBe(true);
    }
  });
});

describe('reconciling a malformed copy of the export', () => {
  it('fails at the bad cell, in CSV and in XLSX', async () => {
    const table = exported.map((row) => [...row]);
    const column = table[0]?.indexOf('SecCalls') as number;
    (table[6] as string[])[column] = '12a';
    await expect(importLegacyExport(new TextEncoder().encode(csvOf(table)), 'bad.csv')).rejects.toMatchObject({
      code: 'import_format',
      location: { file: 'bad.csv', line: 7, column: column + 1, field: 'SecCalls' },
    });
    await expect(importLegacyExport(await xlsxOf(table), 'bad.xlsx')).rejects.toThrow(/^row 7, column [A-Z]+ \(SecCalls\): cannot read "12a" as a number/);
  });
});

function cellWhereVariantsDiffer(ours: OurResults, consensus: OurResults, avoid: ReadonlySet<string>): [string, string, string] {
  for (const client of ours.clients) {
    if (avoid.has(client.clientNumber)) continue;
    const other = consensus.clients.find((c) => c.clientNumber === client.clientNumber);
    for (const [statistic, value] of client.values) {
      const otherValue = other?.values.get(statistic);
      if (statistic !== 'FetchCalls' && statistic !== 'SecCalls' && otherValue !== undefined && otherValue !== value && !/\d{4}/.test(otherValue))
        return [client.clientNumber, statistic, otherValue];
    }
  }
  throw new Error('the demo snapshot has no cell where legacy and consensus differ');
}
