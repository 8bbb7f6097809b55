/**
 * Heavy formula runs take turns: health and login answer while they run, one user cannot take
 * every turn, and a run that outlasts its time budget is stopped.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExecutionLimits } from '../../../server/services/execution-pool.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const secCalls = readFileSync('formulas/legacy/calls/SecCalls.yaml', 'utf8');
/** Valid SQL that takes far longer than the budget: a three-way self-join of statCallEnd (~8 billion rows on the tiny snapshot). */
const heavy = secCalls.replace(
  /sql: \|\n[\s\S]*?\ntests:/,
  `sql: |\n  SELECT a.cltId AS cltID, count(*)::BIGINT AS value\n  FROM statCallEnd a, statCallEnd b, statCallEnd c\n  WHERE (a.callId * 7 + b.callId * 3 + c.callId) % 1000003 <> 1000004\n  GROUP BY a.cltId\ntests:`,
);
const PASSWORD = 'a long password';

/** Waits until the runs of an earlier test have really stopped and handed their turns back. */
async function idle(server: TestServer): Promise<void> {
  while (server.context.execution.load().running > 0) await new Promise((resolve) => setTimeout(resolve, 100));
}
const BUDGET_MS = 6000;

describe('the execution pool', () => {
  let server: TestServer;
  const viewers = ['v1', 'v2', 'v3', 'v4'];
  const clients = new Map<string, ReturnType<typeof apiClient>>();
  beforeAll(async () => {
    server = await startTestServer({ settings: { execution: { ...defaultExecutionLimits, queuePerUser: 2, budgetMs: BUDGET_MS } } });
    const admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    for (const name of viewers) {
      await admin.post('/api/users', { name, password: PASSWORD, role: 'viewer' });
      const client = apiClient(server.url);
      await client.login(name, PASSWORD);
      clients.set(name, client);
    }
  });
  afterAll(() => server.stop());

  const run = (name: string) => (clients.get(name) as ReturnType<typeof apiClient>).post('/api/formulas/run', { snapshot: server.snapshotId, text: heavy });

  it('answers health within a second and logs in while four heavy runs are in flight, and stops each run at its time budget', async () => {
    const started = performance.now();
    const runs = viewers.map((name) => run(name));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const slowest = { health: 0, login: 0 };
    while (performance.now() - started < BUDGET_MS) {
      let t = performance.now();
      expect((await fetch(new URL('/api/health', server.url))).status).toBe(200);
      slowest.health = Math.max(slowest.health, performance.now() - t);
      t = performance.now();
      expect((await apiClient(server.url).login('v1', PASSWORD)).status).toBe(200);
      slowest.login = Math.max(slowest.login, performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(slowest.health).toBeLessThan(1000);
    // scrypt competes for the two cores with the runs' DuckDB threads; without the pool it waited 30 s for a thread.
    expect(slowest.login).toBeLessThan(5000);
    const answers = await Promise.all(runs);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(504);
      expect(answer.body.code).toBe('time_budget');
    }
    // Two turns at a time, each stopped at its budget: the four end within about two budgets, not four of the sandbox's 30 s.
    expect(performance.now() - started).toBeLessThan(BUDGET_MS * 2 + 8000);
  }, 60_000);

  it('lets one user run one at a time with two waiting, and refuses a fourth with 429 and Retry-After', async () => {
    await idle(server);
    const runs = [run('v2'), run('v2'), run('v2')];
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fourth = await run('v2');
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('too_many_runs');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user is not held up by v2's queue.
    const other = run('v3');
    expect((await Promise.all(runs)).map((answer) => answer.status)).toEqual([504, 504, 504]);
    expect((await other).status).toBe(504);
  }, 60_000);
});

describe('a full execution queue', () => {
  let server: TestServer;
  const clients: ReturnType<typeof apiClient>[] = [];
  beforeAll(async () => {
    const execution = { concurrency: 1, perUser: 1, queue: 1, queuePerUser: 1, waitMs: 1500, budgetMs: 4000 };
    server = await startTestServer({ settings: { execution } });
    const admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    for (const name of ['w1', 'w2', 'w3']) {
      await admin.post('/api/users', { name, password: PASSWORD, role: 'viewer' });
      const client = apiClient(server.url);
      await client.login(name, PASSWORD);
      clients.push(client);
    }
  });
  afterAll(() => server.stop());

  it('answers 503 with Retry-After to a request finding the queue full, and to one that waited too long for a turn', async () => {
    const runOf = (client: ReturnType<typeof apiClient> | undefined) =>
      (client as ReturnType<typeof apiClient>).post('/api/formulas/run', { snapshot: server.snapshotId, text: heavy });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
    const running = runOf(clients[0]);
    await pause();
    const waiting = runOf(clients[1]);
    await pause();
    const refused = await runOf(clients[2]);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('server_busy');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const waitedTooLong = await waiting;
    expect(waitedTooLong.status).toBe(503);
    expect(waitedTooLong.body.code).toBe('server_busy');
    expect((await running).status).toBe(504);
  }, 30_000);
});
