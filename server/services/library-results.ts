/**
 * What adopting an upstream change would do on the workspace's own snapshot: for each formula an
 * update brings, its values per client against the formula the workspace computes with now (its
 * active release), the clients that move and the totals, in the statistic's own units.
 */
import { diffValues, type Delta } from '../../engine/diff/delta.ts';
import { EngineError } from '../../engine/errors.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import type { Formula } from '../../engine/formulas/definition.ts';
import { exact, sum } from '../../engine/rating/money.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { cloneDir } from './library-follows.ts';
import { filesAt } from './library-git.ts';
import type { LibraryUpdate } from './library-subscriptions.ts';
import { runFormula } from './formula-runs.ts';
import { libraryFor } from './release-library.ts';
import { openPerUse, type SnapshotSessions } from './snapshot-sessions.ts';
import type { ActiveLibrary } from '../context.ts';

export interface ResultChange {
  readonly formulaId: string;
  /** Clients whose value moves, keyed by ClientNumber. */
  readonly clients: readonly Delta[];
  /** The sum over all clients: the workspace's formula (0 when it has none) and upstream's. */
  readonly totalBefore: string;
  readonly totalAfter: string;
  /** Why it could not be run (it does not parse or validate here), instead of a result. */
  readonly error?: string;
}

/**
 * Runs each added or changed formula of `update` on `snapshot`, against the workspace's own.
 * @example (await upstreamResults(workspace, update, '2026-10-demo'))[0] // { formulaId: 'AnsweredCalls', clients: [...], totalBefore: '120', totalAfter: '117' }
 */
export async function upstreamResults(
  workspace: Workspace,
  update: LibraryUpdate,
  snapshot: string,
  deps: { readonly library?: Pick<ActiveLibrary, 'formulas' | 'index'>; readonly snapshots?: SnapshotSessions } = {},
): Promise<ResultChange[]> {
  const library = deps.library ?? libraryFor(workspace);
  const snapshots = deps.snapshots ?? openPerUse(workspace);
  const changed = update.formulas.filter((formula) => formula.change !== 'removed');
  const texts = await filesAt(
    cloneDir(workspace, update.name),
    update.to,
    changed.map((formula) => formula.path),
  );
  const results: ResultChange[] = [];
  for (const { path, formulaId } of changed) {
    let upstream: Formula;
    try {
      upstream = parseFormulaFile(texts.get(path) ?? '', path);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      results.push({ formulaId, clients: [], totalBefore: '0', totalAfter: '0', error: error.describe() });
      continue;
    }
    const mine = library.index.get(upstream.id.toLowerCase());
    try {
      const after = await runFormula({ snapshots }, library, { snapshot, formula: upstream });
      const before = mine ? (await runFormula({ snapshots }, library, { snapshot, formula: mine })).values : new Map<number, string>();
      const numberOf = new Map(after.clients.map((client) => [client.cltID, client.clientNumber]));
      const byClient = (values: ReadonlyMap<number, string>) => new Map([...values].map(([clt, value]) => [numberOf.get(clt) ?? `cltID ${clt}`, value]));
      results.push({
        formulaId: upstream.id,
        clients: diffValues(byClient(before), byClient(after.values)),
        totalBefore: total(before),
        totalAfter: total(after.values),
      });
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      results.push({ formulaId: upstream.id, clients: [], totalBefore: '0', totalAfter: '0', error: error.describe() });
    }
  }
  return results;
}

function total(values: ReadonlyMap<number, string>): string {
  return sum([...values.values()].map((value) => exact(value))).toString();
}
