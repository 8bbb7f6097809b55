/** A problem from the server, its `detail` first, where it happened next, its code last. */
import { Show } from 'solid-js';
import type { Problem } from '../api/client.ts';
import './problem-message.css';

export function ProblemMessage(props: { problem: Problem; title?: string; onRetry?: () => void }) {
  const where = () => {
    const { field, line, column } = props.problem;
    const position = line !== undefined ? `line ${line}${column !== undefined ? `, column ${column}` : ''}` : '';
    return [field, position].filter(Boolean).join(' · ');
  };
  return (
    <div class="problem" role="alert">
      <Show when={props.title}>
        <strong class="problem-title">{props.title}</strong>
      </Show>
      <p class="problem-detail">{props.problem.detail}</p>
      <p class="problem-meta">
        <Show when={where()}>
          <span>{where()} · </span>
        </Show>
        <code>{props.problem.code}</code>
      </p>
      <Show when={props.onRetry}>
        <button type="button" onClick={() => props.onRetry?.()}>
          Try again
        </button>
      </Show>
    </div>
  );
}
