/**
 * A scenario's formula swaps resolved against the workspace. A swap names a formula of the active
 * release (`MsgDlvrd: MsgDlvrdConsensus`) or a stored version of one by its number
 * (`MsgDlvrd: MsgDlvrd@v2`): an older version, or one approved but not yet promoted, so a what-if
 * can price with it before it bills.
 */
import type { Formula } from '../../engine/formulas/definition.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import type { ActiveLibrary } from '../context.ts';
import type { Database } from '../store/database.ts';
import { ApiError } from '../errors.ts';
import { listVersions } from '../store/formulas.ts';

export interface ResolvedSwaps {
  /** The active release with each named version in place of its formula. */
  readonly index: FormulaIndex;
  /** Statistic -> formula id in `index`. */
  readonly formulas: Readonly<Record<string, string>>;
}

/** The formulas a swap is resolved against: the active release, or the CLI's library. */
export type FormulaSet = Pick<ActiveLibrary, 'formulas' | 'index'>;

/** How a caller resolves swaps: against the workspace's stored versions, or the library alone. */
export type SwapResolver = (library: FormulaSet, swaps: Readonly<Record<string, string>>) => Promise<ResolvedSwaps>;

const VERSIONED = /^(.+)@v(\d+)$/;

/** Swaps resolved against the workspace database, where stored versions `Id@vN` are kept (the server). */
export function storedSwaps(db: Database): SwapResolver {
  return (library, swaps) => resolveFormulaSwaps(db, library, swaps);
}

/**
 * Swaps resolved against the library alone (the CLI, which does not open the workspace database):
 * a stored version `Id@vN` is refused by its field rather than reported as a missing formula.
 */
export const librarySwaps: SwapResolver = async (library, swaps) => {
  for (const [statistic, ref] of Object.entries(swaps))
    if (VERSIONED.test(ref))
      throw new ApiError(
        400,
        'unknown_formula_version',
        `the scenario computes ${statistic} with ${ref}; stored versions are priced on the server (the command line prices with the library's formulas)`,
        `formulas.${statistic}`,
      );
  return { index: library.index, formulas: swaps };
};

/**
 * @example await resolveFormulaSwaps(db, library, { MsgDlvrd: 'MsgDlvrd@v1' }) // { index (v1 in place), formulas: { MsgDlvrd: 'MsgDlvrd' } }
 */
export async function resolveFormulaSwaps(db: Database, library: FormulaSet, swaps: Readonly<Record<string, string>>): Promise<ResolvedSwaps> {
  const versions = new Map<string, { formula: Formula; ref: string }>();
  const formulas: Record<string, string> = {};
  for (const [statistic, ref] of Object.entries(swaps)) {
    const match = VERSIONED.exec(ref);
    if (!match) {
      formulas[statistic] = ref;
      continue;
    }
    const [, id = '', number = ''] = match;
    const version = (await listVersions(db, id)).find((v) => v.number === Number(number));
    if (!version)
      throw new ApiError(
        400,
        'unknown_formula_version',
        `the scenario computes ${statistic} with ${ref}, but formula ${id} has no version ${number}`,
        `formulas.${statistic}`,
      );
    const formula = parseFormulaFile(version.text, `${id}@v${number}.yaml`);
    // One index holds one formula per id, so two versions of the same formula cannot be priced together.
    const other = versions.get(formula.id.toLowerCase());
    if (other && other.ref !== ref)
      throw new ApiError(
        400,
        'conflicting_formula_versions',
        `the scenario names both ${other.ref} and ${ref}; choose one version of ${formula.id}`,
        `formulas.${statistic}`,
      );
    versions.set(formula.id.toLowerCase(), { formula, ref });
    formulas[statistic] = formula.id;
  }
  // In the scenario's index a versioned formula replaces its release version for everything that
  // reads it, so naming the release version too (plainly) would silently price the stored one.
  for (const [statistic, ref] of Object.entries(swaps)) {
    const replaced = !VERSIONED.test(ref) && versions.get(ref.toLowerCase());
    if (replaced)
      throw new ApiError(
        400,
        'conflicting_formula_versions',
        `the scenario names both ${ref} (the release's version) and ${replaced.ref}; choose one version of ${ref}`,
        `formulas.${statistic}`,
      );
  }
  if (versions.size === 0) return { index: library.index, formulas };
  const replaced = [...versions.values()].map((v) => v.formula);
  return { index: indexFormulas([...library.formulas.filter((f) => !versions.has(f.id.toLowerCase())), ...replaced]), formulas };
}
