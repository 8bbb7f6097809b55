/** Loading, empty and problem states, so a pane never sits blank without saying why. */
import { Match, Switch, type Accessor, type JSX, type Resource } from 'solid-js';
import { asProblem } from '../api/client.ts';
import { ProblemMessage } from './problem-message.tsx';

export function Loading(props: { label: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label}
    </div>
  );
}

export function Empty(props: { title: string; children?: JSX.Element }) {
  return (
    <div class="state state-empty" role="status">
      <strong>{props.title}</strong>
      {props.children}
    </div>
  );
}

/**
 * A resource's states in one place: the problem when it failed (with "Try again" when `onRetry`
 * is given), a loading line, an empty state for an empty list when `empty` is given, then its value:
 *
 *   <Loaded resource={runs} loading="Listing billing runs…" problem="The runs could not be listed" onRetry={refetch} empty="No billing run yet." keepWhileLoading>
 *     {(list) => <RunsTable runs={list()} />}
 *   </Loaded>
 */
export function Loaded<T>(props: {
  resource: Resource<T>;
  /** What the loading line says, e.g. "Listing users…". */
  loading: string;
  /** The problem's title, e.g. "The users could not be listed". */
  problem?: string;
  onRetry?: () => void;
  /** Shown instead of the value when it is an empty list. */
  empty?: string;
  /** Keep showing the value while it is fetched again (a list refreshed after a change), rather than the loading line. */
  keepWhileLoading?: boolean;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  const latest = () => props.resource.latest;
  return (
    <Switch>
      <Match when={props.resource.error}>
        <ProblemMessage title={props.problem} problem={asProblem(props.resource.error)} onRetry={props.onRetry} />
      </Match>
      <Match when={props.resource.loading && !(props.keepWhileLoading && latest() !== undefined)}>
        <Loading label={props.loading} />
      </Match>
      <Match when={props.empty !== undefined && Array.isArray(latest()) && (latest() as unknown[]).length === 0}>
        <Empty title={props.empty as string} />
      </Match>
      <Match when={latest()}>{(value) => props.children(value)}</Match>
    </Switch>
  );
}
