/**
 * Test support for the community library over HTTP and in the browser: a bare git repository stands
 * in for the public library (started as `billing library init` starts one), a clone of it for the
 * site that publishes a change, and the numbers a test expects, worked out from the API's own
 * formula runs and grid rather than from the library code under test.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exact, sum } from '../../../engine/rating/money.ts';
import { LIBRARY_DIR } from '../../../engine/formulas/library.ts';
import { initLibrary } from '../../../server/services/community-library.ts';
import type { apiClient } from './test-server.ts';

export const FORMULA_PATH = 'amtelco-be200/formulas/legacy/calls/AnsweredCalls.yaml';
export const CONSENSUS_PATH = 'amtelco-be200/formulas/consensus/calls/AnsweredCallsConsensus.yaml';
export const FIXTURE_PATH = 'amtelco-be200/formulas/fixtures/calls-of-three-clients.yaml';
/** The upstream change to AnsweredCalls: more than half a minute of talk makes a call answered. */
export const SQL_BEFORE = 'AND e.selTalk > 0';
export const SQL_AFTER = 'AND e.selTalk > 30';

/** A setup whose one line bills AnsweredCalls at 0.10, no minimum or fee: an account's invoice is its answered calls at 0.10. */
export const ANSWERED_SETUP = `currency: USD
plans:
  - id: answered
    lines:
      - { id: answered, label: Answered calls, statistic: AnsweredCalls, price: "0.10" }
assignments:
  - { plan: answered, scope: default, from: "2020-01-01" }
`;
export const ANSWERED_PRICE = '0.10';

export interface PublicLibrary {
  /** The bare repository a workspace follows. */
  readonly url: string;
  /** Site A's working clone, which publishes to it. */
  readonly siteA: string;
  git(cwd: string, ...args: string[]): string;
}

/** A public library in `dir`: package amtelco-be200 0.1.0 with AnsweredCalls as shipped. */
export async function publicLibrary(dir: string): Promise<PublicLibrary> {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Site A', '-c', 'user.email=a@example.org', ...args], { cwd, encoding: 'utf8' }).trim();
  await initLibrary(join(dir, 'start'));
  const url = join(dir, 'public.git');
  execFileSync('git', ['clone', '-q', '--bare', join(dir, 'start'), url]);
  const siteA = join(dir, 'site-a');
  execFileSync('git', ['clone', '-q', url, siteA]);
  return { url, siteA, git };
}

const edit = (file: string, from: string | RegExp, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

/**
 * Site A publishes 0.2.0: AnsweredCalls counts a call answered after 30 seconds of talk, the
 * consensus variant of AnsweredCalls joins the package, a fixture's note is reworded.
 * @returns the upstream texts of both formulas, and the library's new commit
 */
export function publishUpstreamChange(library: PublicLibrary): { answeredCalls: string; consensus: string; head: string } {
  const { siteA, git } = library;
  edit(join(siteA, FORMULA_PATH), SQL_BEFORE, SQL_AFTER);
  const consensus = readFileSync(join(LIBRARY_DIR, 'consensus/calls/AnsweredCallsConsensus.yaml'), 'utf8');
  execFileSync('mkdir', ['-p', join(siteA, 'amtelco-be200/formulas/consensus/calls')]);
  writeFileSync(join(siteA, CONSENSUS_PATH), consensus);
  edit(join(siteA, 'amtelco-be200/package.yaml'), /^version: .*$/m, 'version: 0.2.0');
  edit(join(siteA, FIXTURE_PATH), '8 was answered; 10 has no start row.', '8 was answered; 10 has no start row (a call still ringing).');
  git(siteA, 'add', '.');
  git(siteA, 'commit', '-q', '-m', 'AnsweredCalls: more than half a minute of talk; the consensus variant');
  git(siteA, 'push', '-q', 'origin', 'HEAD');
  return { answeredCalls: readFileSync(join(siteA, FORMULA_PATH), 'utf8'), consensus, head: git(siteA, 'rev-parse', 'HEAD') };
}

type Api = ReturnType<typeof apiClient>;

/** Each client's value of a formula text on a snapshot, by cltID, as POST /api/formulas/run answers. */
export async function valuesOfText(api: Api, snapshot: string, text: string): Promise<Map<number, string>> {
  const run = await api.post('/api/formulas/run', { text, snapshot });
  if (run.status !== 200) throw new Error(`formula run failed: ${JSON.stringify(run.body)}`);
  return new Map(Object.entries(run.body.values as Record<string, string | number>).map(([clt, value]) => [Number(clt), String(value)]));
}

export interface ClientRow {
  readonly cltID: number;
  readonly clientNumber: string;
  readonly billingCode: string;
}

/** The snapshot's clients as the grid lists them. */
export async function clientsOf(api: Api, snapshot: string): Promise<ClientRow[]> {
  const grid = await api.get(`/api/grid?snapshot=${snapshot}&columns=AnsweredCalls&limit=1000`);
  if (grid.status !== 200) throw new Error(`grid failed: ${JSON.stringify(grid.body)}`);
  return grid.body.rows as ClientRow[];
}

export interface Expected {
  /** Clients whose value moves, by ClientNumber: [before, after]. */
  readonly clients: Map<string, [string, string]>;
  readonly totalBefore: string;
  readonly totalAfter: string;
  /** Accounts whose invoice moves under ANSWERED_SETUP: the change, to the cent. */
  readonly accounts: Map<string, string>;
  readonly moneyChange: string;
}

/** What replacing `before` values by `after` values moves: per client, the totals, and per account at ANSWERED_PRICE. */
export function expectedChange(clients: readonly ClientRow[], before: ReadonlyMap<number, string>, after: ReadonlyMap<number, string>): Expected {
  const moved = new Map<string, [string, string]>();
  const byAccount = new Map<string, ReturnType<typeof exact>>();
  for (const client of clients) {
    const [was, is] = [before.get(client.cltID) ?? '0', after.get(client.cltID) ?? '0'];
    if (exact(was).equals(exact(is))) continue;
    moved.set(client.clientNumber, [was, is]);
    const change = exact(is).minus(was).mul(ANSWERED_PRICE);
    byAccount.set(client.billingCode, (byAccount.get(client.billingCode) ?? exact(0)).plus(change));
  }
  const accounts = new Map([...byAccount].filter(([, change]) => !change.isZero()).map(([account, change]) => [account, change.toFixed(2)]));
  return {
    clients: moved,
    totalBefore: sum([...before.values()].map((v) => exact(v))).toString(),
    totalAfter: sum([...after.values()].map((v) => exact(v))).toString(),
    accounts,
    moneyChange: sum([...accounts.values()].map((v) => exact(v))).toFixed(2),
  };
}
