/**
 * Clients (number and name) x statistics with a variance, as the status filter chooses: the legacy
 * value and ours in each cell with thousands separators, mismatches highlighted, within-tolerance
 * cells muted, accepted ones green (carried over ones marked), cells with no variance blank. Each
 * column header carries its tolerance (committed on change); each cell is a button that selects it.
 */
import { createMemo, For, Show } from 'solid-js';
import { sideText, type StatusFilter, type Variance } from './reconcile-api.ts';

const key = (client: string, statistic: string) => `${client}\t${statistic}`;

export function VarianceMatrix(props: {
  /** The variances the filter shows. */
  variances: readonly Variance[];
  anyVariance: boolean;
  anyAccepted: boolean;
  filter: StatusFilter;
  statistics: readonly string[];
  clientNames: Readonly<Record<string, string>>;
  tolerances: Readonly<Record<string, string>>;
  onTolerance: (statistic: string, value: string) => void;
  selected: Variance | null;
  onSelect: (variance: Variance) => void;
  busy: boolean;
}) {
  const shown = () => props.variances;
  const emptyText = () => {
    if (!props.anyVariance) return 'No variances: every compared cell is equal.';
    if (props.filter === 'open')
      return props.anyAccepted
        ? 'No open mismatches: every compared cell agrees within its tolerance or was accepted.'
        : 'No mismatches: every compared cell agrees within its tolerance.';
    return `No ${props.filter} variances.`;
  };
  const byCell = createMemo(() => new Map(shown().map((v) => [key(v.clientNumber, v.statistic), v])));
  const clients = createMemo(() => [...new Set(shown().map((v) => v.clientNumber))].sort((a, b) => Number(a) - Number(b)));
  const columns = createMemo(() => {
    const used = new Set([...shown().map((v) => v.statistic), ...Object.keys(props.tolerances)]);
    return props.statistics.filter((s) => used.has(s));
  });
  return (
    <Show when={clients().length > 0} fallback={<p class="state state-empty">{emptyText()}</p>}>
      <div class="matrix-scroll">
        <table class="data-table variance-matrix" aria-label="Variances by client and statistic">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <For each={columns()}>
                {(statistic) => (
                  <th scope="col" class="num">
                    <div>{statistic}</div>
                    <input
                      class="tolerance"
                      aria-label={`Tolerance for ${statistic}`}
                      placeholder="default"
                      title="abs:1, rel:1% or abs:1,rel:0.01"
                      value={props.tolerances[statistic] ?? ''}
                      disabled={props.busy}
                      onChange={(e) => props.onTolerance(statistic, e.currentTarget.value)}
                    />
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={clients()}>
              {(client) => (
                <tr>
                  <th scope="row" class="client-cell">
                    <span class="client-number">{client}</span> <span class="client-name">{props.clientNames[client] ?? ''}</span>
                  </th>
                  <For each={columns()}>
                    {(statistic) => {
                      const variance = () => byCell().get(key(client, statistic));
                      return (
                        <td
                          class="num"
                          classList={{
                            mismatch: variance()?.status === 'mismatch',
                            within: variance()?.status === 'within',
                            accepted: !!variance()?.acceptance,
                            'carried-over': !!variance()?.carriedOver,
                            explained: !!variance()?.explanation && variance()?.explanation?.category !== 'unexplained',
                          }}
                          data-client={client}
                          data-statistic={statistic}
                        >
                          <Show when={variance()}>
                            {(v) => (
                              <button
                                type="button"
                                class="cell-button"
                                aria-pressed={props.selected === v()}
                                aria-label={`Client ${client}, ${statistic}: legacy ${sideText(v().delta.before)}, ours ${sideText(v().delta.after)}${v().acceptance ? (v().carriedOver ? ', accepted (carried over)' : ', accepted') : ''}`}
                                onClick={() => props.onSelect(v())}
                              >
                                {sideText(v().delta.before)} → {sideText(v().delta.after)}
                              </button>
                            )}
                          </Show>
                        </td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
