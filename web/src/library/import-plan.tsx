/** What importing a package would do: its new, changed and unchanged formulas, changed ones with their diff. */
import { For, Show } from 'solid-js';
import { Empty } from '../ui/states.tsx';
import { ChangedFormula } from './changed-formula.tsx';
import type { ImportItem, ImportStatus } from '../api/types.ts';

export function ImportPlan(props: { items: readonly ImportItem[]; packageText: string }) {
  const of = (status: ImportStatus) => props.items.filter((item) => item.status === status);
  return (
    <Show when={props.items.length > 0} fallback={<Empty title="The package holds no formula." />}>
      <p class="import-summary" role="status">
        {of('new').length} new · {of('changed').length} changed · {of('unchanged').length} unchanged
      </p>
      <Show when={of('changed').length > 0}>
        <h3>Changed</h3>
        <ul class="import-list" aria-label="Changed formulas">
          <For each={of('changed')}>{(item) => <ChangedFormula item={item} packageText={props.packageText} />}</For>
        </ul>
      </Show>
      <Show when={of('new').length > 0}>
        <h3>New</h3>
        <ul class="import-list" aria-label="New formulas">
          <For each={of('new')}>{(item) => <PlainItem item={item} />}</For>
        </ul>
      </Show>
      <Show when={of('unchanged').length > 0}>
        {/* Usually most of a package: folded away, open with Enter or Space on the summary. */}
        <details class="unchanged">
          <summary>Unchanged ({of('unchanged').length})</summary>
          <ul class="import-list" aria-label="Unchanged formulas">
            <For each={of('unchanged')}>{(item) => <PlainItem item={item} />}</For>
          </ul>
        </details>
      </Show>
    </Show>
  );
}

function PlainItem(props: { item: ImportItem }) {
  return (
    <li data-formula={props.item.id}>
      <code>{props.item.id}</code> <span class="muted">{props.item.path}</span>
    </li>
  );
}
