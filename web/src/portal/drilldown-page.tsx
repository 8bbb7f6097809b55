/**
 * The calls and messages behind a number (`#drilldown/STATISTIC/PERIOD[/CLIENT]`): a page of rows
 * at a time, filtered by client and kind, with their count and sum (the statistic's value), and the
 * whole set as CSV or XLSX. Agent names show only where the answering service publishes them.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { followLink, hrefOf, navigate } from '../shell/route.ts';
import { ClientPicker, isOwnClient } from './client-picker.tsx';
import { numberText, quantityText } from './numbers.ts';
import * as portal from './portal-api.ts';
import { drilldownPath, statisticsPath } from './portal-routes.ts';
import type { DrilldownRow, Me } from './portal-types.ts';
import { Loaded } from './states.tsx';

const PAGE_SIZE = 50;
/** Columns of numbers, aligned right. */
const NUMBERS = new Set(['durationSeconds', 'value']);
const PERIOD = /^\d{4}-\d\d$/;

/** A row's value under a column's key, as the server sent it. */
const rawValue = (row: DrilldownRow, key: string): string => String((row as unknown as Record<string, unknown>)[key] ?? '');

function cellText(row: DrilldownRow, key: string): string {
  const value = (row as unknown as Record<string, unknown>)[key];
  if (key === 'durationSeconds' && typeof value === 'string') return numberText(value);
  if (key === 'time' && typeof value === 'string') return value.replace('T', ' ').slice(0, 19);
  return value === null || value === undefined ? '' : String(value);
}

export function DrilldownPage(props: { me: Me; statistic: string; period: string; client: string | undefined }) {
  const [page, setPage] = createSignal(1);
  const [kind, setKind] = createSignal('');
  const allowed = () => isOwnClient(props.me, props.client) && PERIOD.test(props.period) && props.statistic !== '';
  const query = () => ({
    statistic: props.statistic,
    period: props.period,
    ...(props.client ? { client: props.client } : {}),
    ...(kind() ? { kind: kind() } : {}),
  });
  const [rows, { refetch }] = createResource(
    () => (allowed() ? { ...query(), page: page(), pageSize: PAGE_SIZE } : false),
    (q) => portal.drilldown(q),
  );
  const back = () => statisticsPath(props.period);
  // A resource in error throws when read: its last good answer only while it has none.
  const latest = () => (rows.error ? undefined : rows.latest);

  return (
    <section class="portal-page" aria-labelledby="drilldown-title">
      <p class="portal-back">
        <a href={hrefOf(back())} onClick={(event) => followLink(event, back())}>
          ← Statistics of {props.period}
        </a>
      </p>
      <h1 id="drilldown-title">{latest()?.statistic.title ?? props.statistic}: the calls and messages behind it</h1>
      <Show when={allowed()} fallback={<p class="portal-state">{refusal(props)}</p>}>
        <div class="portal-controls" role="group" aria-label="Filter the rows">
          <ClientPicker
            id="drilldown-client"
            me={props.me}
            value={props.client}
            onChange={(client) => {
              setPage(1);
              navigate(drilldownPath(props.statistic, props.period, client), { replace: true });
            }}
          />
          <div class="portal-control">
            <label for="drilldown-kind">Kind</label>
            <select
              id="drilldown-kind"
              value={kind()}
              onChange={(event) => {
                setPage(1);
                setKind(event.currentTarget.value);
              }}
            >
              <option value="">Any kind</option>
              <For each={latest()?.kinds ?? []}>{(k) => <option value={k}>{k}</option>}</For>
            </select>
          </div>
        </div>
        <Loaded resource={rows} loading="Reading the rows…" problem="The rows could not be read" onRetry={() => void refetch()}>
          {(found) => {
            const first = () => (found().total === 0 ? 0 : (found().page - 1) * found().pageSize + 1);
            const last = () => Math.min(found().page * found().pageSize, found().total);
            const pages = () => Math.max(1, Math.ceil(found().total / found().pageSize));
            return (
              <>
                <p class="portal-note drilldown-summary" role="status">
                  <span class="drilldown-total" data-total={found().total}>
                    {numberText(String(found().total))} rows
                  </span>
                  , together{' '}
                  <strong class="drilldown-sum" data-value={found().sum}>
                    {quantityText(found().sum, found().statistic.unit)}
                  </strong>
                  .
                </p>
                <nav class="portal-downloads" aria-label="Downloads">
                  <a href={portal.drilldownFile('csv', query())} download="">
                    Download CSV
                  </a>
                  <a href={portal.drilldownFile('xlsx', query())} download="">
                    Download XLSX
                  </a>
                </nav>
                <div class="portal-scroll" role="region" aria-label="Rows behind the number" tabindex="0">
                  <table class="portal-table drilldown-table">
                    <caption class="visually-hidden">
                      Rows {first()} to {last()} of {found().total}
                    </caption>
                    <thead>
                      <tr>
                        <For each={found().columns}>
                          {(column) => (
                            <th scope="col" class={NUMBERS.has(column.key) ? 'num' : undefined}>
                              {column.title}
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={found().rows}>
                        {(row) => (
                          <tr data-value={row.value}>
                            <For each={found().columns}>
                              {(column) => (
                                <td class={NUMBERS.has(column.key) ? 'num' : undefined} data-key={column.key} data-value={rawValue(row, column.key)}>
                                  {cellText(row, column.key)}
                                </td>
                              )}
                            </For>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <nav class="portal-pager" aria-label="Pages">
                  <button type="button" class="portal-button secondary" disabled={found().page <= 1 || rows.loading} onClick={() => setPage((n) => n - 1)}>
                    Previous page
                  </button>
                  <span>
                    Rows {numberText(String(first()))}–{numberText(String(last()))} of {numberText(String(found().total))} (page {found().page} of {pages()})
                  </span>
                  <button
                    type="button"
                    class="portal-button secondary"
                    disabled={found().page >= pages() || rows.loading}
                    onClick={() => setPage((n) => n + 1)}
                  >
                    Next page
                  </button>
                </nav>
              </>
            );
          }}
        </Loaded>
      </Show>
    </section>
  );
}

function refusal(props: { me: Me; statistic: string; period: string; client: string | undefined }): string {
  if (!isOwnClient(props.me, props.client)) return `Client ${props.client} is not one of your clients.`;
  if (!PERIOD.test(props.period)) return `${props.period} is not a period (a month, e.g. 2026-10).`;
  return 'Choose a statistic on the statistics page.';
}
