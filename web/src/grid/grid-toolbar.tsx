/** Above the grid: client search, column filter, how durations show, CSV and XLSX export, and the counts. */
import { For, Show } from 'solid-js';
import type { GridModel } from './grid-model.ts';
import { DURATION_DISPLAYS, type DurationDisplay } from './units.ts';

export interface GridToolbarProps {
  readonly model: GridModel;
  readonly search: string;
  readonly onSearch: (text: string) => void;
  readonly onExport: (format: 'csv' | 'xlsx') => void;
  readonly exporting: boolean;
}

export function GridToolbar(props: GridToolbarProps) {
  const model = () => props.model;
  return (
    <div class="toolbar" role="toolbar" aria-label="Grid">
      <label class="toolbar-field">
        <span>Clients</span>
        <input
          type="search"
          placeholder="Number, name or billing code"
          value={props.search}
          onInput={(event) => props.onSearch(event.currentTarget.value)}
          aria-label="Search clients"
        />
      </label>
      <label class="toolbar-field">
        <span>Statistics</span>
        <input
          type="search"
          placeholder="Filter by id, title or family"
          value={model().columnFilter()}
          onInput={(event) => model().setColumnFilter(event.currentTarget.value)}
          aria-label="Filter statistics"
        />
      </label>
      <label class="toolbar-field">
        <span>Durations in</span>
        <select value={model().durations()} onChange={(event) => model().setDurations(event.currentTarget.value as DurationDisplay)} aria-label="Durations in">
          <For each={DURATION_DISPLAYS}>{(option) => <option value={option.value}>{option.label}</option>}</For>
        </select>
      </label>
      <button type="button" onClick={() => props.onExport('csv')} disabled={props.exporting || model().rowCount() === 0}>
        {props.exporting ? 'Exporting…' : 'Export CSV'}
      </button>
      <button type="button" onClick={() => props.onExport('xlsx')} disabled={props.exporting || model().rowCount() === 0}>
        Export XLSX
      </button>
      <span class="toolbar-counts" aria-live="polite">
        {model().rowCount().toLocaleString('en-US')} clients × {model().columns().length.toLocaleString('en-US')}
        <Show when={model().columns().length !== model().allColumns().length}> of {model().allColumns().length.toLocaleString('en-US')}</Show> statistics
        <Show when={model().sort.busy()}> · sorting…</Show>
      </span>
    </div>
  );
}
