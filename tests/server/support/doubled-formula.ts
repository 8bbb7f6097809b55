/**
 * A formula counted twice, approved as a new version that no release holds yet: what the tests of
 * formula swaps by version (`Id@v2`) price with, through the API and in the browser.
 */
import { expect } from 'vitest';
import { apiClient } from './test-server.ts';

const EDITOR = { name: 'edna', password: 'a long password', role: 'editor' };

/** A formula file's text with `count(*)` doubled, and its fixture expectations (`expect: {1: 2}`) doubled too so its tests still pass. */
export function doubledFormulaText(text: string): string {
  const doubled = text
    .replace('count(*) AS value', 'count(*) * 2 AS value')
    .replace(
      /^(\s*expect: )\{(.*)\}$/gm,
      (_all, lead: string, pairs: string) => `${lead}{${pairs.replace(/(\d+): (\d+)/g, (_p, client: string, n: string) => `${client}: ${Number(n) * 2}`)}}`,
    );
  expect(doubled).toContain('count(*) * 2 AS value');
  return doubled;
}

/** Adds the editor edna, who drafts `formulaId` counted twice and submits it; `admin` (an approver) approves it. */
export async function approveDoubledFormula(baseUrl: string, admin: ReturnType<typeof apiClient>, formulaId: string): Promise<void> {
  expect((await admin.post('/api/users', EDITOR)).status).toBe(200);
  const edna = apiClient(baseUrl);
  await edna.login(EDITOR.name, EDITOR.password);
  const text = (await edna.get(`/api/formulas/${formulaId}`)).body.text as string;
  const draft = (await edna.post('/api/drafts', { formulaId, text: doubledFormulaText(text) })).body;
  const submitted = await edna.post(`/api/drafts/${draft.draftId}/submit`);
  expect(submitted.body.status, JSON.stringify(submitted.body)).toBe('in_review');
  expect((await admin.post(`/api/drafts/${draft.draftId}/reviews`, { verdict: 'approve' })).body.status).toBe('approved');
}
