/** The frame of the setup and login forms: product name, a heading, the form, and its problem. */
import { Show, type JSX } from 'solid-js';
import type { Problem } from '../api/client.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';

export function AuthCard(props: {
  heading: string;
  intro?: string;
  problem: Problem | null;
  notice?: string | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
  children: JSX.Element;
}) {
  return (
    <main class="auth">
      <form
        class="auth-card"
        aria-labelledby="auth-heading"
        onSubmit={(event) => {
          event.preventDefault();
          if (!props.busy) props.onSubmit();
        }}
      >
        <p class="brand">Call Theory Billing</p>
        <h1 id="auth-heading">{props.heading}</h1>
        <Show when={props.intro}>
          <p class="auth-intro">{props.intro}</p>
        </Show>
        <Show when={props.notice}>
          <p class="notice" role="status">
            {props.notice}
          </p>
        </Show>
        {props.children}
        <Show when={props.problem}>{(problem) => <ProblemMessage problem={problem()} />}</Show>
        <button type="submit" class="primary" disabled={props.busy}>
          {props.busy ? 'Please wait…' : props.submitLabel}
        </button>
      </form>
    </main>
  );
}
