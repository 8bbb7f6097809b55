/**
 * The pinned header: client column titles (pinned left too), a band naming each family over its
 * columns, and a header per visible statistic. Clicking a title sorts by it (ascending, descending,
 * off); the S key does the same for the active cell's column.
 */
import { For, Show } from 'solid-js';
import { familyLabel, familySpans } from './grid-columns.ts';
import type { GridModel } from './grid-model.ts';
import { sameKey, type SortKey } from './grid-sort.ts';
import { ColumnResizer } from './column-resizer.tsx';
import { FAMILY_BAND_HEIGHT, HEADER_HEIGHT, PINNED, PINNED_WIDTH } from './layout.ts';
import { unitLabel } from './units.ts';

export function GridHeader(props: { model: GridModel; columns: readonly number[]; width: number }) {
  const model = () => props.model;
  const ariaSort = (key: SortKey) => {
    const sort = model().sort.state();
    if (!sort || !sameKey(sort.by, key)) return 'none';
    return sort.direction === 'asc' ? 'ascending' : 'descending';
  };
  const arrow = (key: SortKey) => ({ none: '', ascending: ' ▲', descending: ' ▼' })[ariaSort(key)];
  const spans = () => {
    const first = props.columns[0];
    const last = props.columns[props.columns.length - 1];
    return first === undefined || last === undefined ? [] : familySpans(model().columns(), first, last + 1);
  };

  return (
    <div class="grid-header" role="row" aria-rowindex={1} style={{ width: `${props.width}px`, height: `${HEADER_HEIGHT}px` }}>
      <div class="grid-header-pinned" style={{ width: `${PINNED_WIDTH}px` }}>
        <For each={PINNED}>
          {(column, i) => (
            <div
              class="grid-columnheader pinned"
              role="columnheader"
              aria-colindex={i() + 1}
              aria-sort={ariaSort({ kind: 'pinned', key: column.key })}
              style={{ width: `${column.width}px` }}
            >
              <button type="button" tabindex={-1} onClick={() => model().sort.toggle({ kind: 'pinned', key: column.key })}>
                {column.title}
                {arrow({ kind: 'pinned', key: column.key })}
              </button>
            </div>
          )}
        </For>
      </div>
      <For each={spans()}>
        {(span) => (
          <div
            class="grid-family"
            style={{
              left: `${PINNED_WIDTH + model().geometry().left(span.first)}px`,
              width: `${
                model()
                  .geometry()
                  .left(span.last + 1) - model().geometry().left(span.first)
              }px`,
              height: `${FAMILY_BAND_HEIGHT}px`,
            }}
          >
            {/* Sticks beside the client columns while the family's columns scroll under them. */}
            <span style={{ left: `${PINNED_WIDTH}px` }}>{familyLabel(span.family)}</span>
          </div>
        )}
      </For>
      <For each={props.columns}>
        {(index) => {
          const column = () => model().columns()[index];
          return (
            <Show when={column()}>
              {(statistic) => (
                <div
                  class="grid-columnheader"
                  classList={{
                    draft: model().isDraft(statistic().id),
                    'changed-legacy': statistic().changedFromLegacy !== null,
                    active: model().selection.active().column === index + PINNED.length,
                  }}
                  role="columnheader"
                  aria-colindex={index + PINNED.length + 1}
                  aria-sort={ariaSort({ kind: 'statistic', id: statistic().id })}
                  data-statistic={statistic().id}
                  style={{
                    left: `${PINNED_WIDTH + model().geometry().left(index)}px`,
                    top: `${FAMILY_BAND_HEIGHT}px`,
                    width: `${model().geometry().width(index)}px`,
                  }}
                  title={`${statistic().id}: ${statistic().title} (${statistic().unit}, ${statistic().variant})${changedNote(statistic().changedFromLegacy)}`}
                >
                  <button type="button" tabindex={-1} onClick={() => model().sort.toggle({ kind: 'statistic', id: statistic().id })}>
                    <span class="column-title">{statistic().title || statistic().id}</span>
                    <span class="column-id visually-hidden">{statistic().id}</span>
                    <span class="column-unit">
                      {model().isDraft(statistic().id) ? 'draft · ' : ''}
                      {statistic().changedFromLegacy !== null ? '≠ legacy · ' : ''}
                      {unitLabel(statistic().unit, model().durations())}
                      {arrow({ kind: 'statistic', id: statistic().id })}
                    </span>
                  </button>
                  <ColumnResizer
                    label={statistic().title || statistic().id}
                    width={model().geometry().width(index)}
                    onResize={(width) => model().setColumnWidth(statistic().id, width)}
                  />
                </div>
              )}
            </Show>
          );
        }}
      </For>
    </div>
  );
}

/** A legacy column whose formula no longer reproduces Billing Export 200 says so on hover. */
function changedNote(why: string | null): string {
  return why === null ? '' : ` — changed from the legacy report: ${why}`;
}
