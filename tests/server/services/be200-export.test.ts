import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { be200Statistics } from '../../../engine/be200/columns.ts';
import { createResultCache } from '../../../engine/formulas/result-cache.ts';
import { exportBe200 } from '../../../server/services/be200-export.ts';
import { type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
beforeAll(async () => {
  ws = await serviceWorkspace();
});
afterAll(() => ws.close());

describe('the Billing Export 200 of a snapshot', () => {
  it("has the report's columns in order and one row per client, and a client range narrows it", async () => {
    const all = await exportBe200(ws, ws.library, { snapshot: ws.manifest.id, variant: 'legacy', includeCltId: true });
    expect(all.header).toEqual(['cltID', 'ClientNumber', 'ClientName', 'BillingCode', ...be200Statistics.map((c) => c.name)]);
    const numbers = all.rows.map((row) => row[1] as string);
    const [first, second] = numbers;
    const narrowed = await exportBe200(ws, ws.library, {
      snapshot: ws.manifest.id,
      variant: 'legacy',
      params: { start_client: first as string, end_client: second as string },
    });
    expect(narrowed.header[0]).toBe('ClientNumber');
    expect(narrowed.rows.map((row) => row[0])).toEqual([first, second]);
  });

  it('gives the same rows when every statistic comes from the result cache', async () => {
    const results = createResultCache();
    const request = { snapshot: ws.manifest.id, variant: 'legacy' as const, includeCltId: true };
    const computed = await exportBe200({ ...ws, results }, ws.library, request);
    const cached = await exportBe200({ ...ws, results }, ws.library, request);
    expect(cached).toEqual(computed);
    const cells = computed.rows.flatMap((row) => row.slice(4));
    expect(cells.filter((cell) => cell !== '0').length).toBeGreaterThan(cells.length / 10);
    expect(cells.every((cell) => typeof cell === 'string' && cell.length > 0)).toBe(true);
  });
});
