/** Pass or fail per fixture test, with the clients whose value differs (expected, got). */
import { For, Show } from 'solid-js';
import type { TestRun } from '../api/types.ts';

export function TestResults(props: { run: TestRun }) {
  const passed = () => props.run.tests.filter((test) => test.passed).length;
  return (
    <section class="test-results" aria-label="Test results">
      <Show when={props.run.valid} fallback={<p class="fail">The formula does not validate: {props.run.errors[0]?.message}</p>}>
        <p classList={{ pass: passed() === props.run.tests.length, fail: passed() !== props.run.tests.length }}>
          {passed()} of {props.run.tests.length} tests pass
        </p>
        <ul>
          <For each={props.run.tests}>
            {(test) => (
              <li classList={{ pass: test.passed, fail: !test.passed }}>
                <span aria-hidden="true">{test.passed ? '✓' : '✗'}</span> <span class="test-name">{test.name}</span>
                <span class="visually-hidden">{test.passed ? ' passed' : ' failed'}</span>
                <Show when={test.error}>
                  <p class="fail">{test.error}</p>
                </Show>
                <Show when={test.mismatches.length > 0}>
                  <table class="mismatches">
                    <thead>
                      <tr>
                        <th scope="col">cltID</th>
                        <th scope="col">expected</th>
                        <th scope="col">got</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={test.mismatches}>
                        {([client, expected, actual]) => (
                          <tr>
                            <td>{client}</td>
                            <td>{expected}</td>
                            <td>{actual}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
