/**
 * Consensus at a glance for a followed library, at its pin: each statistic's variants and the
 * sites that run each (engine/library/consensus.ts), and on a snapshot of the workspace, each
 * variant's total and how many clients it puts elsewhere than the legacy variant (which reproduces
 * the report). Only statistics with more than one variant are run: one alone has nothing to compare.
 */
import { parseAdoption, type AdoptionRecord } from '../../engine/library/adoption.ts';
import { consensusView, type StatisticVariants, type Variant } from '../../engine/library/consensus.ts';
import { EngineError } from '../../engine/errors.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { sha256 } from '../../engine/formulas/package.ts';
import { exact, sum } from '../../engine/rating/money.ts';
import { ADOPTIONS_FOLDER } from '../../engine/library/layout.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { cloneDir, followed } from './library-follows.ts';
import { filesAt, git } from './library-git.ts';
import { isFormulaPath } from './library-subscriptions.ts';
import { runFormula } from './formula-runs.ts';
import { libraryFor } from './release-library.ts';
import { openPerUse, type SnapshotSessions } from './snapshot-sessions.ts';
import type { ActiveLibrary } from '../context.ts';

export interface VariantResult {
  readonly total: string;
  /** Clients whose value differs from the legacy variant's; absent without a legacy variant. */
  readonly differFromLegacy?: number;
  readonly error?: string;
}

/** Two variants of one statistic on the snapshot: how far apart their results are. */
export interface VariantPair {
  readonly a: string;
  readonly b: string;
  /** Clients whose value differs between the two. */
  readonly clients: number;
  /** B's total minus A's, in the statistic's units. */
  readonly totalChange: string;
  /** The sum over clients of |B - A|: differences that cancel in the totals still count here. */
  readonly absoluteDifference: string;
}

export interface ConsensusRow extends StatisticVariants {
  /** By formula id, when a snapshot was given and the statistic has several variants. */
  readonly results?: ReadonlyMap<string, VariantResult>;
  /** Each pair of variants that both ran, in the variants' order, when a snapshot was given. */
  readonly pairs?: readonly VariantPair[];
}

export interface ConsensusDeps {
  /** The formulas the variants' references resolve against (default: the workspace's active release, as published). */
  readonly library?: Pick<ActiveLibrary, 'formulas'>;
  readonly snapshots?: SnapshotSessions;
}

/**
 * The consensus view of library `name`, optionally with results on `snapshot`.
 * @example (await libraryConsensus(workspace, 'community', { snapshot: '2026-10-demo' }))[0].results?.get('AnsweredCallsConsensus')
 */
export async function libraryConsensus(
  workspace: Workspace,
  name: string,
  { snapshot }: { snapshot?: string } = {},
  deps: ConsensusDeps = {},
): Promise<ConsensusRow[]> {
  const follow = followed(workspace, name);
  const clone = cloneDir(workspace, name);
  const paths = (await git(['ls-tree', '--name-only', '-r', follow.commit], clone)).stdout.split('\n').filter(Boolean);
  const texts = await filesAt(
    clone,
    follow.commit,
    paths.filter((path) => isFormulaPath(path) || isRecord(path)),
  );
  const formulas = [...texts]
    .filter(([path]) => isFormulaPath(path))
    .map(([path, text]) => ({ package: path.split('/')[0] as string, path, text, sha256: sha256(text) }));
  const records = [...texts].filter(([path]) => isRecord(path)).flatMap(([path, text]) => readable(text, path));
  const view = consensusView(formulas, records);
  if (snapshot === undefined) return view;
  const library = deps.library ?? libraryFor(workspace);
  const snapshots = deps.snapshots ?? openPerUse(workspace);
  const rows: ConsensusRow[] = [];
  for (const row of view) {
    if (row.variants.length < 2) {
      rows.push(row);
      continue;
    }
    const values = new Map<string, ReadonlyMap<number, string> | string>();
    for (const variant of row.variants) values.set(variant.formulaId, await valuesOf(variant, texts.get(variant.path) ?? '', snapshot, library, snapshots));
    const legacy = row.variants.find((variant) => variant.variant === 'legacy');
    const legacyValues = legacy ? values.get(legacy.formulaId) : undefined;
    const results = new Map<string, VariantResult>();
    for (const [id, result] of values) {
      if (typeof result === 'string') {
        results.set(id, { total: '0', error: result });
        continue;
      }
      const total = sum([...result.values()].map((value) => exact(value))).toString();
      results.set(id, typeof legacyValues === 'object' ? { total, differFromLegacy: differing(legacyValues, result) } : { total });
    }
    rows.push({ ...row, results, pairs: pairsOf(row.variants, values) });
  }
  return rows;
}

const isRecord = (path: string): boolean => path.startsWith(`${ADOPTIONS_FOLDER}/`) && path.endsWith('.yaml');

/** A record that does not read is left out: the library check reports it. */
function readable(text: string, path: string): AdoptionRecord[] {
  try {
    return [parseAdoption(text, path)];
  } catch (error) {
    if (error instanceof EngineError) return [];
    throw error;
  }
}

/** A variant's values per client, or why it cannot run here. */
async function valuesOf(
  variant: Variant,
  text: string,
  snapshot: string,
  library: Pick<ActiveLibrary, 'formulas'>,
  snapshots: SnapshotSessions,
): Promise<ReadonlyMap<number, string> | string> {
  try {
    const formula = parseFormulaFile(text, variant.path);
    return (await runFormula({ snapshots }, library, { snapshot, formula })).values;
  } catch (error) {
    if (error instanceof EngineError) return error.describe();
    throw error;
  }
}

/** Every pair of variants (in the variants' order) whose values both came out. */
function pairsOf(variants: readonly Variant[], values: ReadonlyMap<string, ReadonlyMap<number, string> | string>): VariantPair[] {
  const pairs: VariantPair[] = [];
  for (const [i, first] of variants.entries()) {
    for (const second of variants.slice(i + 1)) {
      const [a, b] = [values.get(first.formulaId), values.get(second.formulaId)];
      if (typeof a !== 'object' || typeof b !== 'object') continue;
      const clients = [...new Set([...a.keys(), ...b.keys()])];
      const gaps = clients.map((clt) => exact(b.get(clt) ?? '0').minus(exact(a.get(clt) ?? '0')));
      pairs.push({
        a: first.formulaId,
        b: second.formulaId,
        clients: gaps.filter((gap) => !gap.isZero()).length,
        totalChange: sum(gaps).toString(),
        absoluteDifference: sum(gaps.map((gap) => gap.abs())).toString(),
      });
    }
  }
  return pairs;
}

function differing(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): number {
  const clients = new Set([...a.keys(), ...b.keys()]);
  return [...clients].filter((clt) => !exact(a.get(clt) ?? '0').equals(exact(b.get(clt) ?? '0'))).length;
}
