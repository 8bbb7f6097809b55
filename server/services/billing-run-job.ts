/**
 * A billing run started from the workbench: prepared at once (so a bad setup or snapshot is
 * answered straight away), rated as a job, and audited once saved.
 */
import type { ActiveLibrary } from '../context.ts';
import type { Job, JobRunner } from '../jobs/jobs.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database } from '../store/database.ts';
import { executeBillingRun, prepareRun, type RunDeps, type RunRequest } from './billing-runs.ts';

export interface RunJobDeps extends RunDeps {
  readonly jobs: JobRunner;
  readonly db: Database;
  readonly now: () => Date;
}

/** @example startBillingRun(deps, 'alice', library, { snapshot, setup: 'main', variant: 'legacy', params: {} }) // a job whose result is { run, total, currency } */
export async function startBillingRun(deps: RunJobDeps, actor: string, library: ActiveLibrary, request: Omit<RunRequest, 'packageName'>): Promise<Job> {
  const release = library.release.name;
  const prepared = await prepareRun(deps, library, { ...request, packageName: `release ${release}` });
  return deps.jobs.start('billing.run', actor, async ({ progress, signal }) => {
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
  });
}
