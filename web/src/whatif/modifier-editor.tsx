/**
 * The statistic modifiers the scenario rates with: the baseline's (changed, removed or as they are)
 * and the ones it adds, each editable in place, and a form to add one. Rows are keyed by modifier
 * id so a saved edit keeps the keyboard focus where it was.
 */
import { createMemo, For, Show } from 'solid-js';
import { AddModifierForm } from './add-modifier-form.tsx';
import { modifierRows } from './modifier-doc.ts';
import { ModifierRow, type ModifierActions } from './modifier-row.tsx';
import type { ModifierDoc, ScenarioDoc } from './scenario-doc.ts';
import './whatif-edits.css';

export function ModifierEditor(props: ModifierActions & { baseline: readonly ModifierDoc[]; scenario: ScenarioDoc }) {
  const rows = createMemo(() => modifierRows(props.scenario, props.baseline));
  const ids = createMemo(() => rows().map((row) => row.id), undefined, { equals: (a, b) => a.join('\n') === b.join('\n') });
  return (
    <section class="modifier-editor" aria-label="Modifiers" aria-busy={props.busy}>
      <h3>Modifiers</h3>
      <ul class="modifier-list">
        <For each={ids()} fallback={<li class="muted">The baseline setup has no modifier.</li>}>
          {(id) => (
            <Show when={rows().find((row) => row.id === id)}>
              {(row) => (
                <ModifierRow
                  row={row()}
                  statistics={props.statistics}
                  busy={props.busy}
                  onChange={props.onChange}
                  onRemove={props.onRemove}
                  onRestore={props.onRestore}
                />
              )}
            </Show>
          )}
        </For>
      </ul>
      <AddModifierForm statistics={props.statistics} takenIds={ids()} busy={props.busy} onAdd={props.onChange} />
    </section>
  );
}
