import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../../engine/be200/csv.ts';
import { exportBe200 } from '../../../server/services/be200-export.ts';
import { acceptReconciledVariance, loadReconciliation, reconcileUpload, withAcceptances } from '../../../server/services/reconciliation-uploads.ts';
import { reconcileLegacyFile } from '../../../server/services/reconciliation.ts';
import { NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let legacyCsv: Uint8Array;
beforeAll(async () => {
  ws = await serviceWorkspace();
  const report = await exportBe200(ws, ws.library, { snapshot: ws.manifest.id, variant: 'legacy' });
  // One known difference: the first client's SecCalls is one higher in the legacy file.
  const column = report.header.indexOf('SecCalls');
  const rows = report.rows.map((row, i) => (i === 0 ? row.map((value, j) => (j === column ? String(Number(value) + 1) : value)) : row));
  legacyCsv = new TextEncoder().encode(reportToCsv({ header: report.header, rows }));
});
afterAll(() => ws.close());

describe('reconciling an uploaded legacy file', () => {
  it('finds exactly the changed cell, keeps the result and the file, and reads acceptances back from the audit log', async () => {
    const deps = { snapshots: ws.snapshots, workspace: ws.workspace, db: ws.db, now: () => NOW };
    const stored = await reconcileUpload(deps, 'alice', ws.library, {
      snapshot: ws.manifest.id,
      file: { name: 'be 200.csv', bytes: legacyCsv },
      variant: 'legacy',
    });
    const mismatches = stored.reconciliation.variances.filter((v) => v.status === 'mismatch');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ statistic: 'SecCalls', delta: { change: '-1' } });
    expect(loadReconciliation(ws.workspace, stored.id)).toEqual(stored);

    const cell = { clientNumber: mismatches[0]?.clientNumber as string, statistic: 'SecCalls', reason: 'the legacy run counted a test call' };
    const accepted = await acceptReconciledVariance(deps, 'bob', stored.id, cell);
    expect(accepted).toMatchObject({ by: 'bob', reason: cell.reason });
    const shown = await withAcceptances(ws.db, stored);
    expect(shown.variances.find((v) => v.status === 'mismatch')?.acceptance).toEqual(accepted);
  });

  it('applies the tolerances given: a difference of one call within abs:1 is open no more', async () => {
    const { reconciliation, params } = await reconcileLegacyFile(ws, ws.library, {
      snapshot: ws.manifest.id,
      file: { name: 'be200.csv', bytes: legacyCsv },
      variant: 'legacy',
      tolerances: ['SecCalls=abs:1'],
    });
    expect(reconciliation.variances.filter((v) => v.status === 'mismatch')).toEqual([]);
    expect(reconciliation.variances.filter((v) => v.status === 'within')).toHaveLength(1);
    expect(params).toMatchObject({ start: ws.manifest.period.start, end: ws.manifest.period.end });
  });

  it('answers 404 for a reconciliation that was never made', () => {
    expect(() => loadReconciliation(ws.workspace, `${ws.manifest.id}-never`)).toThrow(expect.objectContaining({ status: 404 }));
  });
});
