import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { be200Statistics } from '../../../engine/be200/columns.ts';
import { cellSourceRows, type GridDeps, gridPage } from '../../../server/services/grid.ts';
import { createDraft } from '../../../server/store/formulas.ts';
import { doubledFormulaText } from '../support/doubled-formula.ts';
import { NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let deps: GridDeps;
beforeAll(async () => {
  ws = await serviceWorkspace();
  deps = { snapshots: ws.snapshots, db: ws.db, results: new Map() };
});
afterAll(() => ws.close());

const page = (over: Partial<Parameters<typeof gridPage>[2]> = {}) => gridPage(deps, ws.library, { snapshot: ws.manifest.id, offset: 0, limit: 5, ...over });

describe('the results grid', () => {
  it('pages clients in ClientNumber order with every Billing Export 200 column, computing once and then from the cache', async () => {
    const first = await page();
    expect(first.columns.map((c) => c.id)).toEqual(be200Statistics.map((c) => c.name));
    expect(first.rows).toHaveLength(5);
    expect(first.total).toBeGreaterThan(5);
    const numbers = first.rows.map((row) => Number(row.clientNumber));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(first.computed).toBeGreaterThan(0);
    const second = await page({ offset: 5 });
    expect(second.rows[0]?.clientNumber).not.toBe(first.rows[0]?.clientNumber);
    expect(second).toMatchObject({ computed: 0, cached: be200Statistics.length, offset: 5 });
  });

  it('finds clients by number, name or billing code and shows only the columns asked for', async () => {
    const [client] = (await page()).rows;
    const found = await page({ columns: ['SecCalls', 'CallDuration'], search: client?.name.toUpperCase() as string, limit: 100 });
    expect(found.rows.map((row) => row.clientNumber)).toContain(client?.clientNumber);
    expect(Object.keys(found.rows[0]?.values ?? {})).toEqual(['SecCalls', 'CallDuration']);
  });

  it('refuses a column no formula computes, naming the field', async () => {
    await expect(page({ columns: ['NoSuchStatistic'] })).rejects.toMatchObject({ code: 'unknown_formula', field: 'columns' });
  });

  it('shows a draft in place of its formula: every client counted twice', async () => {
    const released = ws.library.files.find((file) => file.formula.id === 'SecCalls')?.text as string;
    const draft = await ws.db.transaction((tx) =>
      createDraft(tx, 'SecCalls', doubledFormulaText(released), ws.library.versionOf.get('SecCalls') ?? null, 'edna', NOW),
    );
    const [before, after] = [await page({ columns: ['SecCalls'], limit: 100 }), await page({ columns: ['SecCalls'], limit: 100, draft: draft.draftId })];
    expect(after.draft).toBe(draft.draftId);
    expect(after.rows.map((row) => row.values.SecCalls)).toEqual(before.rows.map((row) => new Decimal(row.values.SecCalls ?? '0').mul(2).toFixed()));
  });

  it('lists the snapshot rows behind a cell, which add up to the cell', async () => {
    const busiest = (await page({ columns: ['SecCalls'], limit: 100 })).rows.reduce((a, b) => (Number(b.values.SecCalls) > Number(a.values.SecCalls) ? b : a));
    const rows = await cellSourceRows(deps, ws.library, { snapshot: ws.manifest.id, formula: 'SecCalls', cltID: busiest.cltID, limit: 3 });
    expect(rows).toMatchObject({ kind: 'source-rows', count: Number(busiest.values.SecCalls) });
    expect(rows.kind === 'source-rows' && rows.rows.length).toBe(Math.min(3, Number(busiest.values.SecCalls)));
  });
});
