/**
 * Columns the file lacks or names differently: open until mapped or accepted. An unknown header
 * can be mapped to a statistic the file lacks (saved for every later file of the same layout, then
 * the file is compared again); either kind can be accepted with a reason (approvers).
 */
import { createSignal, For, Show } from 'solid-js';
import { can } from '../session/session.ts';
import { createAction } from '../ui/action.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { acceptColumn, mapColumn, type ReconciliationResult } from './reconcile-api.ts';

type Finding = { readonly finding: 'missing' | 'unknown'; readonly column: string };

export function ColumnFindings(props: { result: ReconciliationResult; busy: boolean; onChanged: () => Promise<void>; onAgain: () => void }) {
  const reconciliation = () => props.result.reconciliation;
  const accepted = (f: Finding) => reconciliation().acceptedColumns?.find((a) => a.finding === f.finding && a.column === f.column);
  const findings = (): Finding[] => [
    ...reconciliation().unknownColumns.map((c) => ({ finding: 'unknown' as const, column: c.header })),
    ...reconciliation().missingStatistics.map((column) => ({ finding: 'missing' as const, column })),
  ];
  return (
    <Show when={findings().length > 0 || (reconciliation().mappedColumns ?? []).length > 0}>
      <section class="column-findings" classList={{ settled: findings().every((f) => accepted(f)) }} aria-label="Columns">
        <h3>Columns ({findings().filter((f) => !accepted(f)).length} open)</h3>
        <ul>
          <For each={reconciliation().mappedColumns ?? []}>
            {(m) => (
              <li class="mapped-column">
                “{m.header}” read as <strong>{m.statistic}</strong> (a saved column mapping)
              </li>
            )}
          </For>
          <For each={findings()}>
            {(f) => (
              <li class="column-finding" data-finding={f.finding} data-column={f.column} classList={{ accepted: !!accepted(f) }}>
                <Show
                  when={f.finding === 'unknown'}
                  fallback={
                    <span>
                      The file has no column for <strong>{f.column}</strong>: it was not compared.
                    </span>
                  }
                >
                  <span>
                    “<strong>{f.column}</strong>” is not a Billing Export 200 statistic: it was not compared.
                  </span>
                </Show>
                <Show when={accepted(f)} fallback={<FindingActions finding={f} {...props} />}>
                  {(a) => (
                    <span class="column-accepted">
                      {' '}
                      Accepted by {a().by} on {a().at.slice(0, 10)}: {a().reason}
                    </span>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

function FindingActions(props: { finding: Finding; result: ReconciliationResult; busy: boolean; onChanged: () => Promise<void>; onAgain: () => void }) {
  const [statistic, setStatistic] = createSignal(props.result.reconciliation.missingStatistics[0] ?? '');
  const [reason, setReason] = createSignal('');
  const action = createAction();
  const label = () => `${props.finding.finding === 'unknown' ? 'column' : 'statistic'} ${props.finding.column}`;
  const map = () =>
    action.run(async () => {
      await mapColumn(props.result.id, props.finding.column, statistic());
      props.onAgain();
    });
  const accept = () =>
    action.run(async () => {
      await acceptColumn(props.result.id, props.finding, reason().trim());
      await props.onChanged();
    });
  return (
    <div class="finding-actions">
      <Show when={props.finding.finding === 'unknown' && can('editor') && props.result.reconciliation.missingStatistics.length > 0}>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void map();
          }}
        >
          <label>
            Map to{' '}
            <select aria-label={`Map ${label()} to`} value={statistic()} onChange={(e) => setStatistic(e.currentTarget.value)}>
              <For each={props.result.reconciliation.missingStatistics}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </label>{' '}
          <button type="submit" disabled={action.busy() || props.busy || !statistic()}>
            Map and compare again
          </button>
        </form>
      </Show>
      <Show when={can('approver')}>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason().trim().length >= 3) void accept();
          }}
        >
          <input
            aria-label={`Reason for accepting ${label()}`}
            placeholder="why it need not be compared"
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            maxLength={2000}
          />{' '}
          <button type="submit" disabled={action.busy() || reason().trim().length < 3}>
            Accept
          </button>
        </form>
      </Show>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The column was not changed" problem={found()} />}</Show>
    </div>
  );
}
