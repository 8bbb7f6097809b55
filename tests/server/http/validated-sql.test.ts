/**
 * Every path that runs a formula text not taken from a release validates it first: a draft in the
 * grid, a draft's review (result diff), a text run or tested from the editor. SQL that reads the
 * server's settings or catalog, or builds unbounded data, is refused with 400 before it runs, and
 * no answer names where the server keeps its snapshots.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const secCalls = readFileSync('formulas/legacy/calls/SecCalls.yaml', 'utf8');

/** SecCalls with its value computed by `value` (one SQL expression). */
const secCallsWith = (value: string) =>
  secCalls.replace(/sql: \|\n[\s\S]*?\ntests:/, `sql: |\n  SELECT e.cltId AS cltID, ${value} AS value\n  FROM statCallEnd e\n  GROUP BY e.cltId\ntests:`);

const hostile = [
  ['reads a setting', "length(current_setting('temp_directory'))::BIGINT", 'current_setting()'],
  ['reads the attached databases', 'length(CAST(duckdb_databases() AS VARCHAR))::BIGINT', 'duckdb_databases()'],
  ['builds a huge list', 'len(range(1000000000000))::BIGINT', 'range()'],
] as const;

describe('draft SQL is validated before it runs, on every path', () => {
  let server: TestServer;
  const editor = () => apiClient(server.url);
  let client: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    client = editor();
    await client.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
  });
  afterAll(() => server.stop());

  it.each(hostile)('a draft that %s is refused by the grid and the review, naming the function', async (_what, value, named) => {
    const draft = await client.post('/api/drafts', { formulaId: 'SecCalls', text: secCallsWith(value) });
    expect(draft.status).toBe(200);
    const answers = [
      await client.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&draft=${draft.body.draftId}`),
      await client.get(`/api/drafts/${draft.body.draftId}/review?snapshot=${server.snapshotId}`),
      await client.post('/api/formulas/run', { snapshot: server.snapshotId, text: secCallsWith(value) }),
      await client.post('/api/formulas/validate', { text: secCallsWith(value) }),
    ];
    for (const answer of answers.slice(0, 3)) {
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toContain(`${named} is not allowed in a formula`);
    }
    expect(answers[3]?.body.valid).toBe(false);
    expect(answers[3]?.body.errors[0].code).toBe('forbidden_function');
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(server.dir);
  });

  it('a valid draft still runs in the grid and the review', async () => {
    const draft = await client.post('/api/drafts', { formulaId: 'SecCalls', text: secCallsWith('count(*) * 2') });
    const grid = await client.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&draft=${draft.body.draftId}`);
    expect(grid.status).toBe(200);
    expect(grid.body.rows.some((row: { values: Record<string, string> }) => Number(row.values.SecCalls) > 0)).toBe(true);
    expect((await client.get(`/api/drafts/${draft.body.draftId}/review?snapshot=${server.snapshotId}`)).status).toBe(200);
  });
});
