import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import { formulaToRun, resultDiff, runFormula } from '../../../server/services/formula-runs.ts';
import { doubledFormulaText } from '../support/doubled-formula.ts';
import { type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let releasedText: string;
beforeAll(async () => {
  ws = await serviceWorkspace();
  releasedText = ws.library.files.find((file) => file.formula.id === 'SecCalls')?.text as string;
});
afterAll(() => ws.close());

describe('running a formula on a snapshot', () => {
  it("gives each client's value over the snapshot's period, with every client listed in ClientNumber order", async () => {
    const formula = await formulaToRun(ws.library, { id: 'seccalls' });
    const run = await runFormula(ws, ws.library, { snapshot: ws.manifest.id, formula });
    expect(run).toMatchObject({ snapshot: ws.manifest.id, formula: 'SecCalls' });
    expect(run.values.size).toBeGreaterThan(0);
    expect(run.values.size).toBeLessThanOrEqual(run.clients.length);
    const numbers = run.clients.map((client) => Number(client.clientNumber));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('binds the parameters given over the period: an empty period counts nothing', async () => {
    const formula = await formulaToRun(ws.library, { id: 'SecCalls' });
    const start = '2020-01-01 00:00:00';
    const run = await runFormula(ws, ws.library, { snapshot: ws.manifest.id, formula, params: { start, end: start } });
    expect([...run.values.values()].every((value) => value === '0')).toBe(true);
  });

  it('runs a text being edited in place of the formula of its id, and refuses one that does not validate', async () => {
    const doubled = await formulaToRun(ws.library, { text: doubledFormulaText(releasedText) });
    const [once, twice] = await Promise.all(
      [await formulaToRun(ws.library, { id: 'SecCalls' }), doubled].map((formula) => runFormula(ws, ws.library, { snapshot: ws.manifest.id, formula })),
    );
    expect([...(twice?.values ?? [])]).toEqual([...(once?.values ?? [])].map(([clt, value]) => [clt, new Decimal(value).mul(2).toFixed()]));
    await expect(formulaToRun(ws.library, { text: releasedText.replace('FROM', 'FORM') })).rejects.toMatchObject({ code: 'invalid_formula', field: 'text' });
    await expect(formulaToRun(ws.library, {})).rejects.toMatchObject({ code: 'bad_request', field: 'id' });
  });

  it('shows which clients move between two versions of a formula, and by how much', async () => {
    const before = parseFormulaFile(releasedText, 'SecCalls.yaml');
    const after = parseFormulaFile(doubledFormulaText(releasedText), 'SecCalls.yaml');
    const deltas = await resultDiff(ws, ws.manifest.id, before, after, ws.library);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((delta) => delta.before.kind === 'value' && delta.change === delta.before.value)).toBe(true);
  });
});
