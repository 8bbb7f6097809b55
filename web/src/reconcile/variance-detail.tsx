/**
 * One variance: both values, the difference, why it may exist (the known quirks), who accepted it
 * and why (or, for approvers, a form to accept it), and the snapshot rows behind our value.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { can } from '../session/session.ts';
import { QuirkCodes, QuirkText } from '../ui/quirk-code.tsx';
import { Loaded } from '../ui/states.tsx';
import { AcceptVariance } from './accept-variance.tsx';
import { isOpen, sideText, sourceRows, type Variance } from './reconcile-api.ts';
import { HeaderRow } from '../ui/header-row.tsx';

const CATEGORY = {
  formula_changed: 'Our own formula differs from the legacy one',
  data_changed: 'Data changed since the export',
  known_quirk: 'Known quirk of the legacy report',
  unexplained: 'Unexplained',
} as const;

const statusText = (v: Variance): string => {
  if (v.acceptance)
    return `accepted by ${v.acceptance.by} on ${v.acceptance.at.slice(0, 10)}${v.carriedOver ? ` (carried over from ${v.acceptance.reconciliation})` : ''}: ${v.acceptance.reason}`;
  return v.status === 'mismatch' ? 'mismatch' : 'within tolerance';
};

export function VarianceDetail(props: {
  snapshot: string;
  reconciliation: string;
  clientName: string;
  variance: Variance;
  onAccepted: () => Promise<void> | void;
}) {
  const [drill, setDrill] = createSignal(false);
  const [rows] = createResource(
    () => drill() && props.variance,
    (v) => sourceRows(props.snapshot, v.clientNumber, v.statistic),
  );
  const columns = () => Object.keys(rows()?.rows[0] ?? {});
  return (
    <section class="variance-detail" aria-label="Variance">
      <h3>
        Client {props.variance.clientNumber} · {props.variance.statistic}
      </h3>
      <Show when={props.clientName}>
        <p class="client-name">{props.clientName}</p>
      </Show>
      <dl class="facts">
        <dt>Legacy file</dt>
        <dd>
          {sideText(props.variance.delta.before)} (row {props.variance.row})
        </dd>
        <dt>Ours</dt>
        <dd>{sideText(props.variance.delta.after)}</dd>
        <dt>Difference</dt>
        <dd>{props.variance.delta.change ?? '—'}</dd>
        <dt>Status</dt>
        <dd class="variance-status">{statusText(props.variance)}</dd>
      </dl>
      <div class="explanation">
        <Show when={props.variance.explanation} fallback={<p class="muted">No explanation recorded.</p>}>
          {(e) => (
            <>
              <strong>{CATEGORY[e().category]}</strong>
              <Show when={e().quirks.length > 0}>
                <span class="quirks">
                  {' '}
                  (<QuirkCodes codes={e().quirks} />)
                </span>
              </Show>
              <Show when={e().text !== e().category}>
                <p>
                  <QuirkText text={e().text} />
                </p>
              </Show>
              <Show when={(e().evidence ?? []).length > 0}>
                <div class="evidence">
                  Evidence:
                  <ul>
                    <For each={e().evidence}>{(line) => <li>{line}</li>}</For>
                  </ul>
                </div>
              </Show>
            </>
          )}
        </Show>
      </div>
      <Show when={isOpen(props.variance)}>
        <Show when={can('approver')} fallback={<p class="muted">Accepting a variance needs the approver role.</p>}>
          <AcceptVariance reconciliation={props.reconciliation} variance={props.variance} onAccepted={props.onAccepted} />
        </Show>
      </Show>
      <button type="button" onClick={() => setDrill(true)} disabled={drill()}>
        Show the rows behind our value
      </button>
      <Show when={drill()}>
        <Loaded resource={rows} loading="Reading the snapshot rows…" problem="The rows could not be listed">
          {(found) => (
            <div class="source-rows">
              <p class="rows-count">
                {found().count} {found().query.table} rows{found().total !== undefined ? `, adding up to ${found().total}` : ''}
                {found().rows.length < found().count ? ` (first ${found().rows.length} shown)` : ''}
              </p>
              <div class="matrix-scroll">
                <table class="data-table">
                  <HeaderRow columns={columns()} />
                  <tbody>
                    <For each={found().rows}>
                      {(row) => (
                        <tr>
                          <For each={columns()}>{(c) => <td>{String(row[c] ?? '')}</td>}</For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </div>
          )}
        </Loaded>
      </Show>
    </section>
  );
}
