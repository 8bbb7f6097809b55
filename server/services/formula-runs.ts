/**
 * A formula run on a snapshot: its value per client, with the library's formulas for what it
 * references (the formula run replaces the one of the same id); one not of the library is validated
 * first. The route (`POST /api/formulas/run`),
 * `billing formula run` and the draft review's result diff (`resultDiff`) call `runFormula`; which formula (an id, a
 * text being edited, a file) is for the caller to say.
 */
import { diffValues, type Delta } from '../../engine/diff/delta.ts';
import { compileFormula } from '../../engine/formulas/compile.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { runCompiled } from '../../engine/formulas/run.ts';
import { listClients } from '../../engine/rating/clients.ts';
import type { ClientInfo } from '../../engine/rating/model.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import { checkFormulaText, mustValidate, withFormula } from './formula-checks.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface FormulaRunRequest {
  readonly snapshot: string;
  readonly formula: Formula;
  /** Parameter values; `start` and `end` default to the snapshot's period. */
  readonly params?: Readonly<Record<string, ParamValue>>;
}

export interface FormulaRun {
  readonly snapshot: string;
  readonly formula: string;
  /** cltID -> exact value; a client without one is 0. */
  readonly values: ReadonlyMap<number, string>;
  /** Every client of the snapshot, in ClientNumber order, to list the values by. */
  readonly clients: readonly ClientInfo[];
}

/** @example (await runFormula({ snapshots }, library, { snapshot: '2026-10-demo', formula })).values.get(7) // '42' */
export async function runFormula(
  deps: { readonly snapshots: SnapshotSessions },
  library: Pick<ActiveLibrary, 'formulas'>,
  request: FormulaRunRequest,
): Promise<FormulaRun> {
  const { formula } = request;
  const index = withFormula(library, formula);
  // A release's formulas were validated when approved; anything else (a draft, a text, a file) is validated before it runs.
  if (!library.formulas.includes(formula)) await mustValidate(formula, index);
  const compiled = compileFormula(formula, index);
  return deps.snapshots.use(request.snapshot, async ({ manifest, sandbox }) => {
    const result = await runCompiled(sandbox, compiled, { start: manifest.period.start, end: manifest.period.end, ...request.params });
    return { snapshot: manifest.id, formula: formula.id, values: new Map(result.values), clients: await listClients(sandbox) };
  });
}

/**
 * The formula an editor asks to run: the text being edited (validated against the library), else
 * the library's formula of that id.
 */
export async function formulaToRun(
  library: ActiveLibrary,
  { id, text }: { readonly id?: string | undefined; readonly text?: string | undefined },
): Promise<Formula> {
  if (text) {
    const report = await checkFormulaText(text, library, { runTests: false });
    if (report.errors.length > 0 || !report.formula)
      throw new ApiError(400, 'invalid_formula', report.errors[0]?.message ?? 'the formula is not valid', 'text');
    return report.formula;
  }
  const formula = id ? library.index.get(id.toLowerCase()) : undefined;
  if (!formula) throw new ApiError(400, 'bad_request', 'give the id of a formula or its text', 'id');
  return formula;
}

/** Which clients move between two versions of a formula on a snapshot, and by how much. */
export async function resultDiff(
  deps: { readonly snapshots: SnapshotSessions },
  snapshotId: string,
  before: Formula | undefined,
  after: Formula,
  library: ActiveLibrary,
): Promise<Delta[]> {
  const valuesOf = async (formula: Formula) => (await runFormula(deps, library, { snapshot: snapshotId, formula })).values;
  const afterValues = await valuesOf(after);
  const beforeValues = before ? await valuesOf(before) : new Map<number, string>();
  const keyed = (values: ReadonlyMap<number, string>) => new Map([...values].map(([clt, value]) => [String(clt).padStart(10, '0'), value]));
  return diffValues(keyed(beforeValues), keyed(afterValues), (key) => [String(Number(key))]);
}
