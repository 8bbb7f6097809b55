/** Every problem of the setup text, errors and warnings, each with its line, column and field. */
import { For, Show } from 'solid-js';
import type { SetupProblem } from './setup-api.ts';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function ProblemList(props: { problems: readonly SetupProblem[] }) {
  return (
    <Show when={props.problems.length > 0}>
      <details class="setup-problems" open>
        <summary>
          {count(props.problems.filter((p) => p.severity === 'error').length, 'error')},{' '}
          {count(props.problems.filter((p) => p.severity === 'warning').length, 'warning')}
        </summary>
        <ul>
          <For each={props.problems}>
            {(p) => (
              <li class={`setup-problem ${p.severity}`}>
                <span class="setup-problem-where">
                  line {p.line}, column {p.column}
                  {p.field ? ` · ${p.field}` : ''}
                </span>{' '}
                {p.field ? p.message.replace(`${p.field}: `, '') : p.message}
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}
