import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../../engine/be200/csv.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { exportBe200 } from '../../../server/services/be200-export.ts';
import { changedFromLegacy } from '../../../server/services/release-library.ts';
import {
  acceptReconciledColumn,
  acceptReconciledVariance,
  listReconciliationStatus,
  mapReconciledColumn,
  reconcileAgain,
  reconcileLibraryOf,
  reconcileUpload,
  showReconciliation,
  type UploadDeps,
} from '../../../server/services/reconciliation-uploads.ts';
import { reconcileLegacyFile } from '../../../server/services/reconciliation.ts';
import { NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let deps: UploadDeps;
let header: readonly string[];
let rows: readonly (readonly string[])[];
/** Two clients with calls: the legacy file says one more SecCalls for the first, two more for the second. */
let first: { clientNumber: string; ours: string };
let second: { clientNumber: string; ours: string };

/** The export as CSV with SecCalls raised by `plus[clientNumber]`, and a header renamed if asked. */
function legacyCsv(plus: Readonly<Record<string, number>>, rename: Readonly<Record<string, string>> = {}): Uint8Array {
  const column = header.indexOf('SecCalls');
  const number = header.indexOf('ClientNumber');
  const changed = rows.map((row) => row.map((value, j) => (j === column ? String(Number(value) + (plus[row[number] as string] ?? 0)) : value)));
  return new TextEncoder().encode(reportToCsv({ header: header.map((name) => rename[name] ?? name), rows: changed }));
}

const file = (bytes: Uint8Array, name = 'be200-october.csv') => ({ name, bytes });
const cellOf = (view: Awaited<ReturnType<typeof showReconciliation>>, clientNumber: string) =>
  view.reconciliation.variances.find((v) => v.clientNumber === clientNumber && v.statistic === 'SecCalls');

beforeAll(async () => {
  ws = await serviceWorkspace();
  deps = { snapshots: ws.snapshots, workspace: ws.workspace, db: ws.db, now: () => NOW };
  const report = await exportBe200(ws, ws.library, { snapshot: ws.manifest.id, variant: 'legacy' });
  header = report.header;
  rows = report.rows;
  const secCalls = header.indexOf('SecCalls');
  const number = header.indexOf('ClientNumber');
  const withCalls = rows.filter((row) => Number(row[secCalls]) > 0);
  first = { clientNumber: withCalls[0]?.[number] as string, ours: withCalls[0]?.[secCalls] as string };
  second = { clientNumber: withCalls[1]?.[number] as string, ours: withCalls[1]?.[secCalls] as string };
});
afterAll(() => ws.close());

describe('reconciliations kept in the workspace', () => {
  it('keeps an acceptance through a new tolerance, a re-upload and a new snapshot of the period while its values hold, and drops it with why when they do not', async () => {
    const library = await reconcileLibraryOf(ws.db, ws.library);
    const plus = { [first.clientNumber]: 1, [second.clientNumber]: 2 };
    const original = await reconcileUpload(deps, 'alice', library, { snapshot: ws.manifest.id, file: file(legacyCsv(plus)), variant: 'legacy' });
    expect(original.summary.cells.mismatch).toBe(2);
    expect(original.record.file).toMatchObject({ name: 'be200-october.csv', uploadedBy: 'alice', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(original.record.release).toEqual({ name: ws.library.label.name, contentHash: ws.library.label.contentHash });
    for (const cell of [first, second])
      await acceptReconciledVariance(deps, 'maria', original.record.id, { clientNumber: cell.clientNumber, statistic: 'SecCalls', reason: 'a test call' });
    const accepted = await showReconciliation(ws.db, original.record.id);
    expect(accepted.summary.cells.accepted).toBe(2);
    expect(accepted.summary.carriedOver).toBe(0);
    expect(accepted.summary.open.total).toBe(0);

    // A new tolerance: the first difference is now within it, and both acceptances still apply, carried over.
    const tolerant = await reconcileAgain(deps, 'alice', library, original.record.id, { tolerances: ['SecCalls=abs:1'] });
    expect(tolerant.record.id).not.toBe(original.record.id);
    expect(tolerant.record.tolerances).toEqual(['SecCalls=abs:1']);
    expect(cellOf(tolerant, first.clientNumber)).toMatchObject({ status: 'within', carriedOver: true, acceptance: { by: 'maria', reason: 'a test call' } });
    expect(cellOf(tolerant, second.clientNumber)).toMatchObject({ status: 'mismatch', carriedOver: true, acceptance: { reconciliation: original.record.id } });
    expect(tolerant.summary.carriedOver).toBe(2);

    // A re-upload where the second client's legacy value changed: the first still holds, the second says why it no longer does.
    const reuploaded = await reconcileUpload(deps, 'alice', library, {
      snapshot: ws.manifest.id,
      file: file(legacyCsv({ ...plus, [second.clientNumber]: 3 }), 'be200-october-v2.csv'),
      variant: 'legacy',
    });
    expect(cellOf(reuploaded, first.clientNumber)?.carriedOver).toBe(true);
    expect(cellOf(reuploaded, second.clientNumber)?.acceptance).toBeUndefined();
    expect(reuploaded.reconciliation.staleAcceptances.map((s) => [s.acceptance.clientNumber, s.why])).toEqual([
      [second.clientNumber, `the legacy value changed from ${Number(second.ours) + 2} to ${Number(second.ours) + 3}`],
    ]);
    expect(reuploaded.summary.open.mismatches).toBe(1);

    // A new snapshot of the same period (the same data): both acceptances hold again for the original file.
    const again = await createDemoSnapshot(ws.workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 7 });
    expect(again.id).not.toBe(ws.manifest.id);
    const resnapped = await reconcileAgain(deps, 'alice', library, original.record.id, { snapshot: again.id });
    expect(resnapped.record.snapshot.id).toBe(again.id);
    expect(resnapped.record.period).toBe(original.record.period);
    expect([cellOf(resnapped, first.clientNumber)?.carriedOver, cellOf(resnapped, second.clientNumber)?.carriedOver]).toEqual([true, true]);

    // Another release: the values are the same but the formulas are not, so the acceptances say why they do not apply.
    const otherRelease = { ...library, label: { name: 'november', contentHash: 'f'.repeat(64) } };
    const released = await reconcileAgain(deps, 'alice', otherRelease, original.record.id, {});
    expect(released.summary.cells.accepted).toBe(0);
    expect(released.reconciliation.staleAcceptances[0]?.why).toMatch(/^accepted with release .+, this reconciliation used november \(sha256 ffffffffffff\)$/);

    // The list shows every one of the period, newest first, with its status as it stands now.
    const listed = await listReconciliationStatus(ws.db, original.record.period);
    expect(listed.map((item) => item.record.id)).toEqual([released, resnapped, reuploaded, tolerant, original].map((view) => view.record.id));
    expect(listed.map((item) => item.status)).toEqual(['open', 'accepted', 'open', 'accepted', 'accepted']);
    expect(listed[2]?.counts).toEqual({ open: 1, unexplained: 1, explained: 0, accepted: 1, carriedOver: 1, columns: 0 });
  });

  it('names our own changed legacy formula, with the release and its version, as the cause, not a quirk', async () => {
    const shipped = loadLibrary();
    const text = (shipped.files.find((f) => f.formula.id === 'SecCalls')?.text ?? '').replace('count(*) AS value', 'count(*) + 1 AS value');
    const formulas = [...shipped.formulas.filter((f) => f.id !== 'SecCalls'), parseFormulaFile(text, 'SecCalls.yaml')];
    const index = indexFormulas(formulas);
    const library = {
      formulas,
      index,
      label: { name: 'october-edit', contentHash: 'e'.repeat(64) },
      legacyChanged: changedFromLegacy(formulas, index),
      formulaVersions: new Map([['SecCalls', 'version 2']]),
    };
    const { reconciliation } = await reconcileLegacyFile(ws, library, { snapshot: ws.manifest.id, file: file(legacyCsv({})), variant: 'legacy' });
    const secCalls = reconciliation.variances.filter((v) => v.statistic === 'SecCalls');
    expect(secCalls.length).toBeGreaterThan(1);
    for (const variance of secCalls) {
      expect(variance.explanation?.category).toBe('formula_changed');
      expect(variance.explanation?.text).toMatch(
        /^our formula changed: SecCalls version 2 of release october-edit \(sha256 eeeeeeeeeeee\) is not the legacy formula/,
      );
      expect(variance.explanation?.evidence).toEqual([
        'SecCalls version 2 of release october-edit (sha256 eeeeeeeeeeee): its SQL differs from the shipped reproduction of the report',
        `the shipped legacy formula gives ${variance.delta.before.kind === 'value' ? variance.delta.before.value : ''}, as the file does`,
      ]);
    }
    expect(reconciliation.variances.every((v) => v.explanation?.category === 'formula_changed')).toBe(true);
  });

  it('explains a difference by data changed since the export only with rows of that client stamped after it, named as evidence', async () => {
    const statistic = 'MsgDlvrd';
    const column = header.indexOf(statistic);
    const number = header.indexOf('ClientNumber');
    const busy = rows.find((row) => Number(row[column]) > 0) as readonly string[];
    const changed = rows.map((row) => (row === busy ? row.map((value, j) => (j === column ? String(Number(value) + 1) : value)) : row));
    const bytes = new TextEncoder().encode(reportToCsv({ header, rows: changed }));
    const explain = async (exportedAt: string) => {
      const { reconciliation } = await reconcileLegacyFile(ws, ws.library, { snapshot: ws.manifest.id, file: file(bytes), variant: 'legacy', exportedAt });
      return reconciliation.variances.find((v) => v.statistic === statistic)?.explanation;
    };
    const early = await explain('2026-10-02T00:00:00Z');
    expect(early?.category).toBe('data_changed');
    expect(early?.evidence?.[0]).toMatch(
      new RegExp(`^\\d+ msgHistories rows of client ${busy[number]} stamped after the export \\(2026-10-02T00:00:00Z\\), the first at 2026-10-0`),
    );
    const late = await explain('2027-01-01T00:00:00Z');
    expect(late?.category).toBe('unexplained');
    expect(late?.text).toContain(`no rows of client ${busy[number]} are stamped after the export (2027-01-01T00:00:00Z)`);
  });

  it('keeps a renamed column open until it is mapped, and reads later files of the same layout with the saved mapping', async () => {
    const library = await reconcileLibraryOf(ws.db, ws.library);
    const renamed = legacyCsv({}, { SecCalls: 'Secretarial Calls' });
    const upload = await reconcileUpload(deps, 'alice', library, { snapshot: ws.manifest.id, file: file(renamed, 'renamed.csv'), variant: 'legacy' });
    expect(upload.reconciliation.unknownColumns.map((c) => c.header)).toEqual(['Secretarial Calls']);
    expect(upload.reconciliation.missingStatistics).toEqual(['SecCalls']);
    expect(upload.summary.open).toMatchObject({ mismatches: 0, columns: 2, total: 2 });

    await expect(mapReconciledColumn(deps, 'alice', upload.record.id, { header: 'Secretarial Calls', statistic: 'SecCall' })).rejects.toMatchObject({
      status: 400,
      message: '"SecCall" is not a Billing Export 200 statistic',
    });
    await mapReconciledColumn(deps, 'alice', upload.record.id, { header: 'Secretarial Calls', statistic: 'seccalls' });
    const mapped = await reconcileAgain(deps, 'alice', library, upload.record.id, {});
    expect(mapped.reconciliation.mappedColumns).toEqual([{ header: 'Secretarial Calls', statistic: 'SecCalls' }]);
    expect(mapped.summary.open.total).toBe(0);

    // A later file of the same layout, with a difference in the renamed column: compared under the mapping.
    const later = await reconcileUpload(deps, 'bob', library, {
      snapshot: ws.manifest.id,
      file: file(legacyCsv({ [first.clientNumber]: 5 }, { SecCalls: 'Secretarial Calls' }), 'november-layout.csv'),
      variant: 'legacy',
    });
    expect(later.reconciliation.variances.map((v) => [v.clientNumber, v.statistic, v.delta.change])).toEqual([[first.clientNumber, 'SecCalls', '-5']]);
  });

  it('closes a column the file lacks only when someone accepts it, with who and why', async () => {
    const library = await reconcileLibraryOf(ws.db, ws.library);
    const without = header.map((name) => (name === 'SecCalls' ? 'Notes' : name));
    const bytes = new TextEncoder().encode(reportToCsv({ header: without, rows }));
    const upload = await reconcileUpload(deps, 'alice', library, { snapshot: ws.manifest.id, file: file(bytes, 'notes.csv'), variant: 'legacy' });
    expect(upload.summary.open.columns).toBe(2);
    await acceptReconciledColumn(deps, 'maria', upload.record.id, { finding: 'missing', column: 'SecCalls', reason: 'this site never exported SecCalls' });
    await acceptReconciledColumn(deps, 'maria', upload.record.id, { finding: 'unknown', column: 'Notes', reason: 'free text, not a statistic' });
    const shown = await showReconciliation(ws.db, upload.record.id);
    expect(shown.summary.open.columns).toBe(0);
    expect(shown.reconciliation.acceptedColumns?.map((a) => [a.column, a.by, a.reason])).toEqual([
      ['SecCalls', 'maria', 'this site never exported SecCalls'],
      ['Notes', 'maria', 'free text, not a statistic'],
    ]);
    await expect(
      acceptReconciledColumn(deps, 'maria', upload.record.id, { finding: 'missing', column: 'AnsweredCalls', reason: 'not missing at all' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('answers 404 for a reconciliation that was never made', async () => {
    await expect(showReconciliation(ws.db, `${ws.manifest.id}-never`)).rejects.toMatchObject({ status: 404 });
  });
});
