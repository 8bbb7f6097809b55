/** Start a billing run of the chosen snapshot with a stored setup; its progress shows live until it ends. */
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { createJobAction } from '../jobs/job-action.ts';
import { JobProgress } from '../jobs/job-progress.tsx';
import { user } from '../session/session.ts';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { listSetups } from '../setup/setup-api.ts';
import { runPath, setupPath } from '../shell/paths.ts';
import { followLink, hrefOf, navigate } from '../shell/route.ts';
import { periodText } from './numbers.ts';
import { runMadeBy, startRun } from './runs-api.ts';

const MAY_RUN = new Set(['approver', 'admin']);

export function StartRun(props: {
  snapshot: string;
  onFinished: () => void;
  /** Incremented to start a run as the form's button would (the empty list's "Start the first billing run"). */
  startRequest?: number;
  /** Runs that left carried state (rolled-over units, prepaid blocks) a run of a later period may start from. */
  carriers?: readonly { readonly id: string; readonly inputs: { readonly period: { readonly start: string; readonly end: string } } }[];
}) {
  const [setups] = createResource(listSetups);
  const [setup, setSetup] = createSignal('');
  const [variant, setVariant] = createSignal<'legacy' | 'consensus'>('legacy');
  const [carriedFrom, setCarriedFrom] = createSignal('');
  const action = createJobAction('run_failed');
  const madeRun = () => runMadeBy(action.job());
  const chosen = () => setup() || setups()?.find((s) => s.approvedVersion !== null)?.name || setups()?.[0]?.name || '';

  const start = async () => {
    if (await action.run(() => startRun(props.snapshot, chosen(), variant(), carriedFrom() || undefined))) props.onFinished();
  };
  createEffect(
    on(
      () => props.startRequest,
      () => void start(),
      { defer: true },
    ),
  );

  return (
    <form
      class="view-toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <InlineField label="Setup">
        <select aria-label="Setup" value={chosen()} onChange={(e) => setSetup(e.currentTarget.value)}>
          <For each={setups() ?? []} fallback={<option value="">no setup yet</option>}>
            {(s) => (
              <option value={s.name}>
                {s.name} ({s.approvedVersion === null ? 'no approved version' : `bills with version ${s.approvedVersion}`})
              </option>
            )}
          </For>
        </select>
      </InlineField>
      <InlineField label="Formulas">
        <select aria-label="Formulas" value={variant()} onChange={(e) => setVariant(e.currentTarget.value as 'legacy' | 'consensus')}>
          <option value="legacy">legacy</option>
          <option value="consensus">consensus</option>
        </select>
      </InlineField>
      <Show when={(props.carriers ?? []).length > 0}>
        <InlineField label="Carry from">
          <select aria-label="Carry from" value={carriedFrom()} onChange={(e) => setCarriedFrom(e.currentTarget.value)}>
            <option value="">nothing (a first period)</option>
            {/* selected per option: the list is made again when the runs are listed again, and must keep the choice. */}
            <For each={props.carriers ?? []}>
              {(run) => (
                <option value={run.id} selected={run.id === carriedFrom()}>
                  {run.id} · {periodText(run.inputs.period)}
                </option>
              )}
            </For>
          </select>
        </InlineField>
      </Show>
      <button
        type="submit"
        class="primary"
        disabled={!chosen() || action.running() || !MAY_RUN.has(user()?.role ?? '')}
        title={MAY_RUN.has(user()?.role ?? '') ? undefined : 'Billing runs need the approver role'}
      >
        Start billing run
      </button>
      <Show when={setups() && !setups()?.find((s) => s.name === chosen())?.approvedVersion}>
        <span class="setup-next-step">
          {setups()?.length === 0 ? 'No billing setup yet: a run needs one, approved by a second person.' : `Setup ${chosen()} has no approved version yet.`}{' '}
          <button type="button" onClick={() => navigate(setupPath(chosen() || undefined))}>
            Open the billing setup editor
          </button>
        </span>
      </Show>
      <Show when={action.job()}>{(current) => <JobProgress job={current()} />}</Show>
      <Show when={madeRun()}>
        {(id) => (
          <a href={hrefOf(runPath(id()))} onClick={(event) => followLink(event, runPath(id()))}>
            Open run {id()}
          </a>
        )}
      </Show>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The billing run failed" problem={found()} />}</Show>
    </form>
  );
}
