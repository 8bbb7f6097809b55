/** Loading and empty states, so a pane never sits blank without saying why. */
import type { JSX } from 'solid-js';

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
