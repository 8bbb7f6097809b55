/** Billing runs: start one on the chosen snapshot, and every run with its total and files to download. */
import { createResource, For } from 'solid-js';
import { moneyText } from '../ui/money.ts';
import { Loaded } from '../ui/states.tsx';
import { listRuns, runFileUrl } from './runs-api.ts';
import { StartRun } from './start-run.tsx';
import { HeaderRow } from '../ui/header-row.tsx';

const FILES = ['be200.csv', 'lines.csv', 'invoices.json'];

export function RunsView(props: { snapshot: string }) {
  const [runs, { refetch }] = createResource(listRuns);
  return (
    <main class="view runs" aria-label="Billing runs">
      <StartRun snapshot={props.snapshot} onFinished={() => void refetch()} />
      <Loaded
        resource={runs}
        loading="Listing billing runs…"
        problem="The runs could not be listed"
        onRetry={() => void refetch()}
        empty="No billing run yet."
        keepWhileLoading
      >
        {(list) => (
          <table class="data-table runs-table" aria-label="Billing runs">
            <HeaderRow columns={['Run', 'Created', 'Snapshot', 'Setup', 'Formulas', 'Accounts#', 'Total#', 'Files']} />
            <tbody>
              <For each={list()}>
                {(run) => (
                  <tr data-run={run.id}>
                    <th scope="row">
                      <code>{run.id}</code>
                    </th>
                    <td>{run.createdAt.replace('T', ' ').slice(0, 19)}</td>
                    <td>{run.inputs.snapshot.id}</td>
                    <td>{run.inputs.setup.file}</td>
                    <td>{run.inputs.variant}</td>
                    <td class="num">{run.totals.accounts}</td>
                    <td class="num">
                      {moneyText(run.totals.amount)} {run.totals.currency}
                    </td>
                    <td class="files">
                      <For each={FILES}>
                        {(name) => (
                          <a href={runFileUrl(run.id, name)} download={`${run.id}-${name}`}>
                            {name}
                          </a>
                        )}
                      </For>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Loaded>
    </main>
  );
}
