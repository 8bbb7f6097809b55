/**
 * Bad input on every kind of route is a 4xx that says what is wrong, never a 500: a YAML alias
 * bomb ("billion laughs"), upload file names that are folders or paths, ids above 64 bits or not
 * numbers at all, path tricks in names, malformed bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

/** A few hundred bytes that expand to 9^7 strings when every alias is followed. */
const BILLION_LAUGHS = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;
const HUGE = '99999999999999999999';
const csv = Buffer.from('ClientNumber,ClientName,BillingCode,SecCalls\n1,a,b,1\n').toString('base64');

type Case = readonly [behaviour: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>];

describe('bad input gets a 4xx on every route', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
  });
  afterAll(() => server.stop());

  const cases = (snapshot: string): Case[] => [
    ['a YAML alias bomb as a formula to run', 'POST', '/api/formulas/run', { text: BILLION_LAUGHS, snapshot }],
    ['a YAML alias bomb as a billing setup', 'PUT', '/api/setups/bomb', { text: BILLION_LAUGHS }, { 'if-match': '0' }],
    ['a YAML alias bomb as a scenario', 'PUT', '/api/scenarios/bomb', { text: BILLION_LAUGHS }, { 'if-match': '0' }],
    ['a YAML alias bomb as a package to import', 'POST', '/api/library/import', { package: BILLION_LAUGHS }],
    ['an upload named .', 'POST', '/api/reconciliations', { snapshot, fileName: '.', content: csv }],
    ['an upload named ..', 'POST', '/api/reconciliations', { snapshot, fileName: '..', content: csv }],
    ['an upload named with a slash', 'POST', '/api/reconciliations', { snapshot, fileName: '../../be200.csv', content: csv }],
    ['an upload named with a backslash', 'POST', '/api/reconciliations', { snapshot, fileName: '..\\be200.csv', content: csv }],
    ['an upload that is not base64 of a report', 'POST', '/api/reconciliations', { snapshot, fileName: 'be200.csv', content: '!!!' }],
    ['an upload on a snapshot id with a path in it', 'POST', '/api/reconciliations', { snapshot: '../..', fileName: 'be200.csv', content: csv }],
    ['a draft id above 64 bits', 'GET', `/api/drafts/${HUGE}`],
    ['a negative draft id', 'GET', '/api/drafts/-1'],
    ['a draft id in exponent form', 'GET', '/api/drafts/1e30'],
    ['a draft id that is not a number', 'GET', '/api/drafts/abc'],
    ['a draft id above 64 bits to change', 'PUT', `/api/drafts/${HUGE}`, { text: 'id: x' }, { 'if-match': '1' }],
    ['a revision above 64 bits', 'PUT', '/api/drafts/1', { text: 'id: x' }, { 'if-match': HUGE }],
    ['a draft id above 64 bits to submit', 'POST', `/api/drafts/${HUGE}/submit`],
    ['a draft id above 64 bits to review', 'GET', `/api/drafts/${HUGE}/review`],
    ['a draft id above 64 bits to withdraw', 'POST', `/api/drafts/${HUGE}/withdraw`],
    ['a draft id above 64 bits in the grid', 'GET', `/api/grid?snapshot=${snapshot}&draft=${HUGE}`],
    ['a draft id above 64 bits to promote', 'POST', '/api/releases', { name: 'r', drafts: [Number(HUGE)] }],
    ['a client id above 64 bits behind a cell', 'GET', `/api/cells/source-rows?snapshot=${snapshot}&formula=SecCalls&client=${HUGE}`],
    ['an audit page before an id above 64 bits', 'GET', `/api/audit?before=${HUGE}`],
    ['a snapshot that does not exist', 'GET', '/api/snapshots/nope'],
    ['a billing run that does not exist', 'GET', '/api/runs/nope'],
    ['a snapshot id that walks up folders', 'GET', '/api/snapshots/..%2F..'],
    ['a snapshot id that walks up folders, to delete', 'DELETE', '/api/snapshots/..%2F..%2Fsnapshots'],
    ['a grid on a snapshot id that walks up folders', 'GET', '/api/grid?snapshot=..%2F..'],
    ['a run id that walks up folders', 'GET', '/api/runs/..%2F..'],
    ['a run file name that walks up folders', 'GET', '/api/runs/x/files/..%2F..%2Fworkspace.duckdb'],
    ['a job id that is not a job', 'GET', '/api/jobs/..%2F..'],
    ['a setup name that walks up folders', 'GET', '/api/setups/..%2F..'],
    ['a formula id that is not one', 'GET', '/api/formulas/..%2F..'],
    ['a diff between versions that do not exist', 'GET', '/api/formulas/SecCalls/diff?from=SecCalls@v999999999999&to=..'],
    ['a reconciliation id that walks up folders', 'GET', '/api/reconciliations/..%2F..'],
    ['a report of a reconciliation that does not exist', 'GET', '/api/reconciliations/nope/report'],
    ['a body that is not JSON', 'POST', '/api/formulas/validate', '{"text": '],
    ['a body that is JSON but not an object', 'POST', '/api/formulas/validate', '[1,2]'],
    ['a what-if on setups that do not exist', 'POST', '/api/scenarios/compare', { snapshot, setup: 'nope', scenario: 'nope' }],
    ['a demo snapshot of a period that is not one', 'POST', '/api/snapshots/demo', { period: '2026-13' }],
    ['a user name that is a path', 'PATCH' as 'PUT', '/api/users/..%2F..', { role: 'viewer' }],
    ['a grid of a formula that does not exist', 'GET', `/api/grid?snapshot=${snapshot}&columns=Nope`],
    ['a grid page beyond 64 bits', 'GET', `/api/grid?snapshot=${snapshot}&offset=${HUGE}`],
    ['the rows behind a cell of a formula that does not exist', 'GET', `/api/cells/source-rows?snapshot=${snapshot}&formula=Nope&client=1`],
    ['a formula run on a snapshot that does not exist', 'POST', '/api/formulas/run', { id: 'SecCalls', snapshot: 'nope' }],
    ['a formula run with a parameter of the wrong type', 'POST', '/api/formulas/run', { id: 'SecCalls', snapshot, params: { start: 'yesterday' } }],
    ['a package that is not YAML', 'POST', '/api/library/import', { package: '{{{{' }],
    ['a package that is a list', 'POST', '/api/library/import', { package: '- 1\n- 2\n' }],
    ['a draft money impact of a draft above 64 bits', 'GET', `/api/drafts/${HUGE}/money?snapshot=${snapshot}`],
    ['a job that does not exist, to cancel', 'POST', '/api/jobs/nope/cancel'],
    ['a promotion of no release name', 'POST', '/api/releases', { name: '', drafts: [1] }],
    ['a release name that is taken', 'POST', '/api/releases', { name: 'shipped', drafts: [1] }],
    ['a setup version above 64 bits', 'GET', `/api/setups/main/versions/${HUGE}`],
    ['a setup version that is not a number', 'GET', '/api/setups/main/versions/abc'],
    ['a setup version above 64 bits to approve', 'POST', `/api/setups/main/versions/${HUGE}/approve`],
    ['a setup saved with If-Match above 64 bits', 'PUT', '/api/setups/main', { text: 'plans: []' }, { 'if-match': HUGE }],
    ['a run of a setup that does not exist', 'POST', '/api/runs', { snapshot, setup: 'nope' }],
    ['a run carried from what is not a run id', 'POST', '/api/runs', { snapshot, setup: 'main', carriedFrom: '../runs' }],
    ['a correction of a run that does not exist', 'POST', '/api/runs/nope/corrections', { setup: 'nope' }],
    ['an invoice of a run that does not exist', 'GET', '/api/runs/nope/invoices/x'],
    ['an accounting export in an unknown format', 'GET', '/api/runs/nope/export?format=csv2'],
    [
      'an acceptance on a reconciliation that does not exist',
      'POST',
      '/api/reconciliations/nope/acceptances',
      { clientNumber: '1', statistic: 'SecCalls', reason: 'because' },
    ],
    ['a column mapping on a reconciliation that does not exist', 'POST', '/api/reconciliations/nope/column-mappings', { column: 'x', statistic: 'SecCalls' }],
    ['a token to revoke that does not exist', 'DELETE', `/api/tokens/${HUGE}`],
    ['an audit page of a negative size', 'GET', '/api/audit?limit=-1'],
    ['a demo snapshot with a seed above its range', 'POST', '/api/snapshots/demo', { period: '2026-10', seed: Number(HUGE) }],
  ];

  it('answers each bad request with a 4xx problem', async () => {
    const answers = [];
    for (const [behaviour, method, path, body, headers] of cases(server.snapshotId)) {
      const answer = await admin.request(method, path, body, headers);
      answers.push({ behaviour, status: answer.status, code: answer.body?.code, leaksPath: JSON.stringify(answer.body).includes(server.dir) });
    }
    expect(answers.filter((a) => a.status < 400 || a.status >= 500)).toEqual([]);
    // No answer names where the server keeps its workspace.
    expect(answers.filter((a) => a.leaksPath)).toEqual([]);
  });

  it('a YAML alias bomb to validate or test is an invalid formula, named as such', async () => {
    for (const path of ['/api/formulas/validate', '/api/formulas/test']) {
      const answer = await admin.post(path, { text: BILLION_LAUGHS });
      expect(answer.status).toBe(200);
      expect(answer.body.valid).toBe(false);
      expect(answer.body.errors[0].message).toMatch(/expands aliases \(\*name\) more than 100 times/);
    }
  });
});
