/**
 * Billing runs: a snapshot, a billing setup and the formulas that bill, assembled into a run's
 * inputs (engine/runs/billing-run.ts), rated, and kept in the workspace's runs/ folder; a run
 * verified byte for byte from its recorded inputs; a corrected run with its delta lines. The route
 * (`POST /api/runs`, through billing-run-job.ts) and `billing run create|verify|correct` call these.
 */
import Papa from 'papaparse';
import { csvCells } from '../../engine/csv-cell.ts';
import type { ReportVariant } from '../../engine/be200/select-formulas.ts';
import { EngineError } from '../../engine/errors.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { createPackage, type FormulaFile, type FormulaPackage } from '../../engine/formulas/package.ts';
import type { InvoiceComparison } from '../../engine/rating/compare.ts';
import type { Invoice } from '../../engine/rating/model.ts';
import { parseCarriedState } from '../../engine/rating/carried-state.ts';
import { daysOf } from '../../engine/rating/period.ts';
import { correctionOf, executeRun, formulasForRun, sha256, type RunInputs, type RunResult } from '../../engine/runs/billing-run.ts';
import { readManifest } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import { readRun, saveRun } from '../runs/run-store.ts';
import type { DocumentSource, DocumentText } from './documents.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface RunDeps {
  readonly workspace: Workspace;
  readonly snapshots: SnapshotSessions;
  readonly documents: DocumentSource;
  readonly now?: () => Date;
}

/** The formulas a run may bill with (the active release, or the CLI's library), with their file texts. */
export interface RunLibrary {
  readonly formulas: readonly Formula[];
  readonly files: readonly FormulaFile[];
}

export interface RunRequest {
  readonly snapshot: string;
  /** The billing setup, as `deps.documents` names it (a stored name, a file). */
  readonly setup: string;
  readonly variant: ReportVariant;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The name the run's formula package carries: `release shipped-1.0`, `run formulas`. */
  readonly packageName: string;
  /** The earlier run whose state.json (rolled-over units, prepaid blocks) this run starts from. */
  readonly carriedFrom?: string;
}

export interface PreparedRun {
  readonly inputs: RunInputs;
  readonly setup: DocumentText;
  readonly formulas: FormulaPackage;
}

export interface SavedRun {
  readonly id: string;
  readonly result: RunResult;
}

/**
 * A run's inputs: the snapshot's period, the setup's exact text, and only the formulas the setup
 * and the report need, kept as a package so the run can be repeated from its folder alone.
 * @example await prepareRun(deps, library, { snapshot: '2026-10-demo', setup: 'main', variant: 'legacy', params: {}, packageName: 'release r1' })
 */
export async function prepareRun(deps: RunDeps, library: RunLibrary, request: RunRequest): Promise<PreparedRun> {
  const setup = await deps.documents('setup', request.setup);
  const wanted = new Set(formulasForRun(library.formulas, setup.text, setup.file, request.variant).map((formula) => formula.id));
  const formulas = createPackage(
    request.packageName,
    library.files.filter((file) => wanted.has(file.formula.id)),
    deps.now,
  );
  const manifest = readManifest(deps.workspace, request.snapshot);
  const inputs: RunInputs = {
    period: daysOf(manifest.period),
    stamps: { start: manifest.period.start, end: manifest.period.end },
    snapshot: { id: manifest.id, contentHash: manifest.contentHash },
    setup: { file: setup.file, text: setup.text },
    formulas,
    params: request.params,
    variant: request.variant,
    ...(request.carriedFrom ? { carriedIn: carriedFrom(deps.workspace, request.carriedFrom) } : {}),
  };
  return { inputs, setup, formulas };
}

/**
 * Rates a prepared run and keeps it. A run cancelled (`signal`) before it is saved leaves nothing;
 * once saved, it stands.
 */
export async function executeBillingRun(deps: RunDeps, prepared: PreparedRun, { signal }: { signal?: AbortSignal } = {}): Promise<SavedRun> {
  const result = await rateRun(deps, prepared.inputs);
  if (signal?.aborted) throw new ApiError(409, 'cancelled', 'the billing run was cancelled before it was saved');
  return { id: saveRun(deps.workspace, result, { setupText: prepared.setup.text, formulas: prepared.formulas }), result };
}

/** A recorded run rated again from its recorded inputs: the outputs whose bytes differ (none when it reproduces). */
export async function verifyRun(deps: RunDeps, id: string): Promise<{ readonly outputs: readonly string[]; readonly differing: readonly string[] }> {
  const stored = readRun(deps.workspace, id);
  const recorded = stored.record.inputs;
  const manifest = readManifest(deps.workspace, recorded.snapshot.id);
  if (manifest.contentHash !== recorded.snapshot.contentHash)
    throw new EngineError(
      'rating_error',
      `snapshot ${recorded.snapshot.id} is not the one the run used (content hash ${manifest.contentHash.slice(0, 12)} instead of ${recorded.snapshot.contentHash.slice(0, 12)})`,
    );
  const again = await rateRun(deps, {
    period: recorded.period,
    stamps: recorded.stamps,
    snapshot: recorded.snapshot,
    setup: { file: recorded.setup.file, text: stored.setupText },
    formulas: stored.formulas,
    params: recorded.params,
    variant: recorded.variant,
    ...(recorded.carriedIn ? { carriedIn: carriedFrom(deps.workspace, recorded.carriedIn.run, recorded.carriedIn.sha256) } : {}),
  });
  const outputs = Object.keys(stored.record.outputs);
  return { outputs, differing: outputs.filter((name) => again.record.outputs[name] !== stored.record.outputs[name]) };
}

export interface CorrectedRun extends SavedRun {
  readonly comparison: InvoiceComparison;
  /** The delta lines as written to corrections.csv: account, line, issued, corrected, change. */
  readonly corrections: readonly (readonly string[])[];
}

/**
 * The issued run's period rated again with a corrected setup: a new run whose corrections.csv holds
 * the delta lines against the issued one (an issued run is never rewritten).
 */
export async function correctRun(deps: RunDeps, library: RunLibrary, request: { issued: string; setup: string; packageName: string }): Promise<CorrectedRun> {
  const issued = readRun(deps.workspace, request.issued);
  const { inputs } = issued.record;
  const prepared = await prepareRun(deps, library, {
    snapshot: inputs.snapshot.id,
    setup: request.setup,
    variant: inputs.variant,
    params: { ...inputs.params },
    packageName: request.packageName,
  });
  const result = await rateRun(deps, prepared.inputs);
  const comparison = correctionOf(invoicesOf(issued.files.get('invoices.json')), result.invoices);
  const corrections = comparison.lines.map((delta) => [...delta.key, side(delta.before), side(delta.after), delta.change ?? side(delta.after)]);
  const csv = `${Papa.unparse({ fields: ['account', 'line', 'issued', 'corrected', 'change'], data: corrections.map(csvCells) }, { newline: '\r\n' })}\r\n`;
  const withCorrections: RunResult = { ...result, files: new Map([...result.files, ['corrections.csv', csv]]) };
  const id = saveRun(deps.workspace, withCorrections, { setupText: prepared.setup.text, formulas: prepared.formulas });
  return { id, result: withCorrections, comparison, corrections };
}

/** The state an earlier run left (its state.json), checked against the hash a run recorded when one is given. */
function carriedFrom(workspace: Workspace, run: string, recorded?: string): NonNullable<RunInputs['carriedIn']> {
  const text = readRun(workspace, run).files.get('state.json');
  if (text === undefined) throw new ApiError(422, 'no_carried_state', `run ${run} carries no state (it wrote no state.json)`, 'carriedFrom');
  if (recorded !== undefined && sha256(text) !== recorded) {
    throw new EngineError(
      'rating_error',
      `run ${run}'s state.json is not the one recorded (hash ${sha256(text).slice(0, 12)} instead of ${recorded.slice(0, 12)})`,
    );
  }
  return { run, state: parseCarriedState(text, run) };
}

function rateRun(deps: RunDeps, inputs: RunInputs): Promise<RunResult> {
  return deps.snapshots.use(inputs.snapshot.id, ({ sandbox }) => executeRun(inputs, sandbox, deps.now ? { now: deps.now } : {}));
}

function invoicesOf(json: string | undefined): Invoice[] {
  return (JSON.parse(json ?? '{"invoices":[]}') as { invoices: Invoice[] }).invoices;
}

function side(s: { kind: string; value?: string }): string {
  return s.kind === 'value' ? (s.value as string) : '';
}
