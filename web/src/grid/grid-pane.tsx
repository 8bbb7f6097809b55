/**
 * The grid with its toolbar and status line, and the states around it: computing the statistics
 * the first time, a problem from the server (its detail, and a retry), no client or no statistic
 * matching the search.
 */
import { createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import { asProblem } from '../api/client.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { exportCsv } from './export-csv.ts';
import { exportXlsx } from './export-xlsx.ts';
import type { GridModel } from './grid-model.ts';
import { GridToolbar } from './grid-toolbar.tsx';
import { GridView } from './grid-view.tsx';
import { describeRange } from './copy-tsv.ts';

export interface GridPaneProps {
  readonly model: GridModel;
  readonly snapshot: string;
  readonly search: string;
  readonly onSearch: (text: string) => void;
  readonly onExplain: (via: 'keyboard' | 'click') => void;
  readonly onEdit: () => void;
  readonly registerFocus: (focus: () => void) => void;
}

const SHORTCUTS = 'Arrows move · Shift extends · Ctrl+C copies · Enter explains · E edits the formula · S sorts';

export function GridPane(props: GridPaneProps) {
  const model = () => props.model;
  const [status, setStatusText] = createSignal('');
  let clearTimer: ReturnType<typeof setTimeout> | undefined;
  /** A message in the status line for a few seconds, then back to the selection size. */
  const setStatus = (text: string) => {
    setStatusText(text);
    clearTimeout(clearTimer);
    clearTimer = setTimeout(() => setStatusText(''), 5000);
  };
  onCleanup(() => clearTimeout(clearTimer));
  const [exporting, setExporting] = createSignal(false);

  const exportGrid = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      const count = await (format === 'csv' ? exportCsv : exportXlsx)(model(), props.snapshot, props.search);
      setStatus(`Exported ${count.toLocaleString('en-US')} clients as ${format.toUpperCase()}`);
    } catch (error) {
      setStatus(`Export failed: ${asProblem(error).detail}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section class="grid-pane" aria-label="Results grid">
      <GridToolbar model={model()} search={props.search} onSearch={props.onSearch} onExport={exportGrid} exporting={exporting()} />
      <Show when={model().sort.problem()}>{(problem) => <ProblemMessage problem={problem()} />}</Show>
      <Switch>
        <Match when={model().source.status() === 'loading'}>
          <Loading label={`Computing the statistics of ${props.snapshot}…`} />
        </Match>
        <Match when={model().source.status() === 'failed' && model().source.problem()}>
          {(problem) => <ProblemMessage title="The grid could not be loaded" problem={problem()} onRetry={() => model().source.reload()} />}
        </Match>
        <Match when={model().rowCount() === 0}>
          <Empty title={props.search ? `No client matches “${props.search}”.` : 'This snapshot has no clients.'} />
        </Match>
        <Match when={model().columns().length === 0}>
          <Empty title={`No statistic matches “${model().columnFilter()}”.`}>
            <button type="button" onClick={() => model().setColumnFilter('')}>
              Show every statistic
            </button>
          </Empty>
        </Match>
        <Match when={true}>
          <GridView model={model()} onExplain={props.onExplain} onEdit={props.onEdit} onStatus={setStatus} registerFocus={props.registerFocus} />
        </Match>
      </Switch>
      <footer class="status-bar">
        <span role="status" aria-live="polite" class="status-message">
          {status() || `Selected ${describeRange(model().selection.range())}`}
        </span>
        <Show when={model().source.problem() && model().source.status() === 'ready'}>
          <span class="status-problem" role="alert">
            {model().source.problem()?.detail}
          </span>
        </Show>
        <span class="status-release">{model().source.release() ? `Release ${model().source.release()}` : ''}</span>
        <span class="status-help">{SHORTCUTS}</span>
      </footer>
    </section>
  );
}
