/** A table's header row from its column labels; a label ending in "#" is right-aligned (a number column) and shown without the "#". */
import { For } from 'solid-js';

export function HeaderRow(props: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        <For each={props.columns}>
          {(label) => (
            <th scope="col" class={label.endsWith('#') ? 'num' : undefined}>
              {label.replace(/#$/, '')}
            </th>
          )}
        </For>
      </tr>
    </thead>
  );
}
