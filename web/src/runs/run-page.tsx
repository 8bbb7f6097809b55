/** One billing run (`#runs/RUN`): what it billed with, where it stands, what the user may do with it, its files, its invoices and credit notes. */
import { createResource, Show } from 'solid-js';
import { asProblem } from '../api/client.ts';
import { RUNS_PATH, runPath } from '../shell/paths.ts';
import { followLink, hrefOf, navigate } from '../shell/route.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loading } from '../ui/states.tsx';
import { Breadcrumbs } from './breadcrumbs.tsx';
import { DocumentsTable } from './documents-table.tsx';
import { NotBilledTable } from './not-billed.tsx';
import { Money } from './money.tsx';
import { dateText, periodText } from './numbers.ts';
import { RunActions } from './run-actions.tsx';
import { RunDownloads } from './run-downloads.tsx';
import { RunState } from './run-state.tsx';
import { setupLabels } from './setup-versions.ts';
import { listInvoices, showRun } from './runs-api.ts';
import { focusOnOpen } from './page-focus.ts';

export function RunPage(props: { runId: string }) {
  const [run, { refetch: refetchRun }] = createResource(() => props.runId, showRun);
  const [documents, { refetch: refetchDocuments }] = createResource(() => props.runId, listInvoices);
  const [setupLabel] = createResource(
    () => (run.error ? undefined : run.latest), // a failed resource throws when read
    (record) => setupLabels([record]),
  );
  const refresh = () => {
    void refetchRun();
    void refetchDocuments();
  };
  const problem = () => run.error ?? documents.error;
  const runLink = (id: string) => (
    <a href={hrefOf(runPath(id))} onClick={(event) => followLink(event, runPath(id))}>
      <code>{id}</code>
    </a>
  );

  return (
    <article tabIndex={-1} ref={focusOnOpen} class="run-page" aria-label={`Billing run ${props.runId}`}>
      <Breadcrumbs trail={[{ label: 'Billing runs', path: RUNS_PATH }]} current={props.runId} />
      <Show when={problem()}>
        {(error) => (
          <>
            <ProblemMessage title={`Billing run ${props.runId} could not be shown`} problem={asProblem(error())} onRetry={refresh} />
            <button type="button" onClick={() => navigate(RUNS_PATH)}>
              Back to the billing runs
            </button>
          </>
        )}
      </Show>
      <Show when={!problem() && (!run.latest || !documents.latest)}>
        <Loading label={`Opening billing run ${props.runId}…`} />
      </Show>
      <Show when={!problem() && run.latest && documents.latest ? { record: run.latest, list: documents.latest } : null}>
        {(loaded) => {
          const record = () => loaded().record;
          const list = () => loaded().list;
          const lifecycle = () => list().lifecycle;
          return (
            <>
              <header class="run-header">
                <h2>
                  Billing run <code>{record().id}</code> <RunState status={lifecycle().status} />
                </h2>
                <dl class="facts">
                  <dt>Period</dt>
                  <dd>{periodText(list().period)}</dd>
                  <dt>Snapshot</dt>
                  <dd>{record().inputs.snapshot.id}</dd>
                  <dt>Setup</dt>
                  <dd title={`sha256 ${record().inputs.setup.sha256}`}>
                    {(setupLabel.error ? undefined : setupLabel.latest)?.(record().inputs.setup) ?? record().inputs.setup.file}
                  </dd>
                  <dt>Formulas</dt>
                  <dd title={`sha256 ${record().inputs.formulas.sha256}`}>
                    {record().formulaSource}: {record().inputs.variant}, {record().inputs.formulas.count} formulas
                  </dd>
                  <dt>Created</dt>
                  <dd>{record().createdAt.replace('T', ' ').slice(0, 19)}</dd>
                  <Show when={lifecycle().finalisedAt}>
                    <dt>Finalised</dt>
                    <dd>
                      {lifecycle().finalisedAt?.replace('T', ' ').slice(0, 19)} by {lifecycle().finalisedBy}
                    </dd>
                  </Show>
                  <dt>Invoice date</dt>
                  <dd>{dateText(list().invoiceDate)}</dd>
                  <dt>Due date</dt>
                  <dd>{dateText(list().dueDate)}</dd>
                  <Show when={lifecycle().corrects}>
                    {(corrected) => (
                      <>
                        <dt>Corrects</dt>
                        <dd>{runLink(corrected())}</dd>
                      </>
                    )}
                  </Show>
                  <Show when={lifecycle().correctedBy}>
                    {(by) => (
                      <>
                        <dt>Corrected by</dt>
                        <dd>{runLink(by())}</dd>
                      </>
                    )}
                  </Show>
                  <Show when={lifecycle().corrections.filter((id) => id !== lifecycle().correctedBy).length > 0}>
                    <dt>Correction drafts</dt>
                    <dd>
                      {lifecycle()
                        .corrections.filter((id) => id !== lifecycle().correctedBy)
                        .map(runLink)}
                    </dd>
                  </Show>
                  <dt>Total</dt>
                  <dd>
                    <Money amount={record().totals.amount} currency={record().totals.currency} /> for {record().totals.accounts} accounts
                  </dd>
                </dl>
                <Show when={record().totals.unassigned.length > 0}>
                  <p class="notice notice-problem" role="note">
                    {record().totals.unassigned.length} clients are on no plan and were not billed: {record().totals.unassigned.slice(0, 12).join(', ')}
                    {record().totals.unassigned.length > 12 ? '…' : ''}
                  </p>
                </Show>
              </header>
              <RunActions run={record()} list={list()} onChanged={refresh} />
              <RunDownloads run={record()} />
              <Show when={list().creditNotes.length > 0}>
                <DocumentsTable
                  runId={record().id}
                  title="Credit notes"
                  documents={list().creditNotes}
                  total={list().totals.creditNotes}
                  currency={list().currency}
                  status={lifecycle().status}
                />
              </Show>
              <DocumentsTable
                runId={record().id}
                title={lifecycle().corrects ? 'New invoices' : 'Invoices'}
                documents={list().invoices}
                total={list().totals.invoices}
                currency={list().currency}
                status={lifecycle().status}
              />
              <NotBilledTable clients={list().notBilled} />
            </>
          );
        }}
      </Show>
    </article>
  );
}
