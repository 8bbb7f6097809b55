/** The validation errors under the editor, each a link to its line and column. */
import { For, Match, Switch } from 'solid-js';
import type { CheckError } from '../api/types.ts';
import type { ValidationReport } from './validation.ts';

export function ValidationSummary(props: { report: ValidationReport; onJump: (error: CheckError) => void }) {
  return (
    <div class="validation" aria-live="polite">
      <Switch>
        <Match when={props.report.kind === 'checking'}>
          <p class="muted">Checking…</p>
        </Match>
        <Match when={props.report.kind === 'unavailable' && props.report}>
          {(report) => <p class="fail">Could not validate: {(report() as { detail: string }).detail}</p>}
        </Match>
        <Match when={props.report.kind === 'checked' && (props.report as { errors: readonly CheckError[] }).errors}>
          {(errors) => (
            <Switch>
              <Match when={errors().length === 0}>
                <p class="pass">Valid</p>
              </Match>
              <Match when={errors().length > 0}>
                <ul class="problems" aria-label="Validation errors">
                  <For each={errors()}>
                    {(error) => (
                      <li>
                        <button type="button" class="link" onClick={() => props.onJump(error)}>
                          {error.line !== undefined ? `Line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}` : 'File'}
                        </button>
                        : {error.message} <code>{error.code}</code>
                      </li>
                    )}
                  </For>
                </ul>
              </Match>
            </Switch>
          )}
        </Match>
      </Switch>
    </div>
  );
}
