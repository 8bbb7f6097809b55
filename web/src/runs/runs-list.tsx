/** The billing runs list: start a run on the chosen snapshot, then every run with its period, inputs, state and total; a run's id opens it. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { can } from '../session/session.ts';
import { COMPANY_PROFILE_PATH, runPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { Empty, Loaded } from '../ui/states.tsx';
import { Money } from './money.tsx';
import { periodText } from './numbers.ts';
import { RunState } from './run-state.tsx';
import { carriesState, listRuns } from './runs-api.ts';
import { setupLabels } from './setup-versions.ts';
import { StartRun } from './start-run.tsx';

export function RunsList(props: { snapshot: string }) {
  const [runs, { refetch }] = createResource(listRuns);
  const [startRequest, setStartRequest] = createSignal(0);
  const carriers = () => (runs.error ? [] : (runs.latest ?? [])).filter(carriesState);
  const [labels] = createResource(runs, setupLabels);
  const setupOf = (setup: { readonly file: string; readonly sha256: string }) => (labels.error ? undefined : labels.latest)?.(setup) ?? setup.file;
  return (
    <>
      <div class="runs-heading">
        <h2>Billing runs</h2>
        <Show when={can('approver')}>
          <a class="button-link" href={hrefOf(COMPANY_PROFILE_PATH)} onClick={(event) => followLink(event, COMPANY_PROFILE_PATH)}>
            Company profile
          </a>
        </Show>
      </div>
      <StartRun snapshot={props.snapshot} onFinished={() => void refetch()} startRequest={startRequest()} carriers={carriers()} />
      <Loaded resource={runs} loading="Listing billing runs…" problem="The runs could not be listed" onRetry={() => void refetch()} keepWhileLoading>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <Empty title="No billing run yet.">
                <p>
                  A billing run prices this snapshot's statistics with an approved billing setup, chosen above. Its invoices stay a draft, to look at and
                  correct, until an approver finalises them.
                </p>
                <Show when={can('approver')} fallback={<p>Billing runs are started by approvers.</p>}>
                  <button type="button" class="primary" onClick={() => setStartRequest((n) => n + 1)}>
                    Start the first billing run
                  </button>
                </Show>
              </Empty>
            }
          >
            <table class="data-table runs-table" aria-label="Billing runs">
              <HeaderRow columns={['Run', 'Period', 'Snapshot', 'Setup', 'Formulas', 'State', 'Accounts#', 'Total#', 'Created']} />
              <tbody>
                <For each={list()}>
                  {(run) => (
                    <tr data-run={run.id}>
                      <th scope="row">
                        <a href={hrefOf(runPath(run.id))} onClick={(event) => followLink(event, runPath(run.id))}>
                          <code>{run.id}</code>
                        </a>
                        <Show when={run.lifecycle.corrects}>{(corrected) => <span class="muted"> corrects {corrected()}</span>}</Show>
                      </th>
                      <td>{periodText(run.inputs.period)}</td>
                      <td>{run.inputs.snapshot.id}</td>
                      <td class="setup" title={`sha256 ${run.inputs.setup.sha256}`}>
                        {setupOf(run.inputs.setup)}
                      </td>
                      <td>{run.inputs.variant}</td>
                      <td>
                        <RunState status={run.lifecycle.status} />
                      </td>
                      <td class="num">{run.totals.accounts}</td>
                      <td class="num">
                        <Money amount={run.totals.amount} currency={run.totals.currency} />
                      </td>
                      <td>{run.createdAt.replace('T', ' ').slice(0, 19)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Loaded>
    </>
  );
}
