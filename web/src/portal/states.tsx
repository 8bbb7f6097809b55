/** A portal page's loading, empty and problem states, so a section never sits blank without saying why. */
import { type Accessor, type JSX, Match, type Resource, Switch } from 'solid-js';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { problemOf } from './portal-api.ts';

export function Loading(props: { label: string }) {
  return (
    <p class="portal-state" role="status" aria-live="polite">
      {props.label}
    </p>
  );
}

/** A resource's problem (with "Try again"), its loading line, then its value; the value is kept while it is fetched again. */
export function Loaded<T>(props: {
  resource: Resource<T>;
  loading: string;
  problem: string;
  onRetry?: () => void;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <Switch>
      <Match when={props.resource.error}>
        <ProblemMessage title={props.problem} problem={problemOf(props.resource.error)} onRetry={props.onRetry} />
      </Match>
      <Match when={props.resource.latest}>{(value) => props.children(value)}</Match>
      <Match when={props.resource.loading}>
        <Loading label={props.loading} />
      </Match>
    </Switch>
  );
}
