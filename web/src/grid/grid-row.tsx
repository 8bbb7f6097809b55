/**
 * One visible row: the client cells (sticky left) and the visible statistic cells, positioned
 * absolutely so the browser lays out only what is on screen. A row still loading shows a placeholder.
 */
import { For, Show } from 'solid-js';
import type { GridModel } from './grid-model.ts';
import { PINNED, PINNED_WIDTH, ROW_HEIGHT } from './layout.ts';
import { formatValue } from './units.ts';

export const cellId = (row: number, column: number) => `grid-cell-${row}-${column}`;

export function GridRowView(props: { model: GridModel; row: number; columns: readonly number[]; width: number }) {
  const model = () => props.model;
  const data = () => model().rowAt(props.row);
  const isActive = (column: number) => {
    const active = model().selection.active();
    return active.row === props.row && active.column === column;
  };

  return (
    <div
      class="grid-row"
      classList={{ 'active-row': model().selection.active().row === props.row, loading: !data() }}
      role="row"
      aria-rowindex={props.row + 2}
      style={{ transform: `translateY(${props.row * ROW_HEIGHT}px)`, width: `${props.width}px`, height: `${ROW_HEIGHT}px` }}
    >
      <div class="grid-row-pinned" style={{ width: `${PINNED_WIDTH}px` }}>
        <For each={PINNED}>
          {(pinned, i) => (
            <div
              id={cellId(props.row, i())}
              class="grid-cell pinned"
              classList={{ selected: model().selection.isSelected(props.row, i()), active: isActive(i()), [pinned.key]: true }}
              role="rowheader"
              aria-colindex={i() + 1}
              aria-selected={model().selection.isSelected(props.row, i())}
              data-row={props.row}
              data-column={i()}
              style={{ width: `${pinned.width}px` }}
            >
              {data()?.[pinned.key] ?? ''}
            </div>
          )}
        </For>
      </div>
      <For each={props.columns}>
        {(index) => {
          const column = index + PINNED.length;
          const text = () => {
            const row = data();
            const statistic = model().columns()[index];
            if (!row || !statistic) return '';
            return formatValue(model().valueOf(row, statistic.id), statistic.unit, model().durations(), { grouping: true });
          };
          return (
            <div
              id={cellId(props.row, column)}
              class="grid-cell"
              classList={{
                selected: model().selection.isSelected(props.row, column),
                active: isActive(column),
                draft: model().isDraft(model().columns()[index]?.id ?? ''),
                zero: text() === '0',
              }}
              role="gridcell"
              aria-colindex={column + 1}
              aria-selected={model().selection.isSelected(props.row, column)}
              data-row={props.row}
              data-column={column}
              style={{ left: `${PINNED_WIDTH + model().geometry().left(index)}px`, width: `${model().geometry().width(index)}px` }}
            >
              <Show when={data()} fallback={<span class="placeholder" aria-hidden="true" />}>
                {text()}
              </Show>
            </div>
          );
        }}
      </For>
    </div>
  );
}
