/**
 * A billing run started from the workbench: prepared at once (so a bad setup or snapshot is
 * answered straight away), rated as a job, and audited once saved.
 */
import { ApiError } from '../errors.ts';
import type { ActiveLibrary } from '../context.ts';
import type { Job, JobRunner } from '../jobs/jobs.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database } from '../store/database.ts';
import { correctRun, executeBillingRun, prepareRun, type RunDeps, type RunRequest } from './billing-runs.ts';
import { requireApprovedSetup } from './setups.ts';
import type { DocumentSource } from './documents.ts';
import { checkCorrectable, recordCorrection } from './run-lifecycle.ts';

export interface RunJobDeps extends RunDeps {
  readonly jobs: JobRunner;
  readonly db: Database;
  readonly now: () => Date;
}

/** @example startBillingRun(deps, 'alice', library, { snapshot, setup: 'main', variant: 'legacy', params: {} }) // a job whose result is { run, total, currency } */
export async function startBillingRun(deps: RunJobDeps, actor: string, library: ActiveLibrary, request: Omit<RunRequest, 'packageName'>): Promise<Job> {
  const release = library.release.name;
  const prepared = await prepareRun(deps, library, { ...request, packageName: `release ${release}` });
  // The same run asked for again while it is being made (a double click) would make it twice; checked
  // with nothing awaited before the job starts, so two requests cannot both pass.
  const key = JSON.stringify([
    prepared.inputs.snapshot.contentHash,
    prepared.setup.label,
    release,
    request.variant,
    request.params,
    request.carriedFrom ?? null,
  ]);
  refuseWhileRunning(deps.jobs, 'billing.run', key, `a billing run of ${prepared.inputs.snapshot.id} with setup ${prepared.setup.label} is already being made`);
  return deps.jobs.start(
    'billing.run',
    actor,
    async ({ progress, signal }) => {
      progress({ step: 'rating', done: 0, total: 1 });
      const { id, result } = await executeBillingRun(deps, prepared, { signal });
      const { snapshot } = prepared.inputs;
      await deps.db.transaction((tx) =>
        appendAudit(
          tx,
          {
            actor,
            action: 'run.create',
            target: `run:${id}`,
            detail: { snapshot: snapshot.id, setup: prepared.setup.label, release, total: result.record.totals.amount },
          },
          deps.now(),
        ),
      );
      return { run: id, total: result.record.totals.amount, currency: result.record.totals.currency };
    },
    key,
  );
}

/** A 409 naming the job already at work on `key`, so the person waits for it rather than starting it twice. */
function refuseWhileRunning(jobs: JobRunner, kind: string, key: string, what: string): void {
  const running = jobs.runningWith(kind, key);
  if (running) throw new ApiError(409, 'already_running', `${what} (job ${running.id}, started by ${running.owner}); it is listed when it ends`);
}

/**
 * A correction of a finalised run started from the workbench: checked at once (the run must be
 * finalised and not yet corrected, the setup version must exist), rated as a job, and recorded as
 * the run's correction (a draft until finalised) and audited once saved.
 * @example startCorrection(deps, 'bea', library, '2026-10-1a2b3c4d5e', { setup: 'main', version: 3 }) // a job whose result is { run, corrects, total, currency, changedLines }
 */
export async function startCorrection(
  deps: RunJobDeps,
  actor: string,
  library: ActiveLibrary,
  issued: string,
  request: { readonly setup: string; readonly version?: number | undefined },
): Promise<Job> {
  await checkCorrectable(deps.db, deps.workspace, issued);
  const release = library.release.name;
  // Like a run, a correction bills with an approved setup version only.
  const document = await requireApprovedSetup(deps.db, request.setup, request.version);
  const documents: DocumentSource = async () => ({ text: document.text, file: `${document.name}.yaml`, label: `${document.name}@${document.version}` });
  // Checked here, with nothing awaited before the job starts: two requests cannot both pass it.
  refuseWhileRunning(deps.jobs, 'billing.correction', issued, `a correction of run ${issued} is already being made`);
  return deps.jobs.start(
    'billing.correction',
    actor,
    async ({ progress }) => {
      progress({ step: 'rating', done: 0, total: 1 });
      const corrected = await correctRun({ ...deps, documents }, library, { issued, setup: request.setup, packageName: `release ${release}` });
      await recordCorrection(deps, actor, issued, corrected.id, {
        setup: `${document.name}@${document.version}`,
        release,
        total: corrected.result.record.totals.amount,
        change: corrected.comparison.totals.change,
      });
      return {
        run: corrected.id,
        corrects: issued,
        total: corrected.result.record.totals.amount,
        currency: corrected.result.record.totals.currency,
        changedLines: corrected.comparison.lines.length,
      };
    },
    issued,
  );
}
