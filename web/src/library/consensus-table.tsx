/**
 * Consensus at a glance: each statistic's variants in the library at its pin, the sites whose
 * adoption records run each, and on the snapshot each variant's total, how many clients it puts
 * elsewhere than the legacy variant (which reproduces the report), and how far the variants are
 * from each other, pair by pair.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { can } from '../session/session.ts';
import { Loaded } from '../ui/states.tsx';
import { AdoptForm } from './adopt-form.tsx';
import { consensusOf } from './followed-api.ts';

/** A difference with its sign: +80, −3, 0. */
const signed = (text: string) => (text.startsWith('-') ? `−${text.slice(1)}` : /^[0.]+$/.test(text) ? text : `+${text}`);

export function ConsensusSection(props: { name: string; snapshot: string; pinned: string }) {
  // Without a snapshot at first (variants and sites only); "Compare" runs them on the snapshot.
  const [onSnapshot, setOnSnapshot] = createSignal<string | undefined>(undefined);
  const [statistics, { refetch }] = createResource(
    () => ({ name: props.name, snapshot: onSnapshot(), pinned: props.pinned }),
    ({ name, snapshot }) => consensusOf(name, snapshot),
  );
  const compared = () => statistics.latest?.some((row) => row.variants.some((variant) => variant.total !== undefined)) ?? false;
  return (
    <section class="library-section" aria-labelledby="consensus-title">
      <h2 id="consensus-title">Consensus</h2>
      <div class="library-actions">
        <button type="button" disabled={!props.snapshot || statistics.loading} onClick={() => setOnSnapshot(props.snapshot)}>
          Compare the variants on {props.snapshot || 'a snapshot'}
        </button>
        <span class="muted">Each statistic's variants at the pin and the sites that run each, by their adoption records.</span>
      </div>
      <Loaded
        resource={statistics}
        loading={onSnapshot() ? `Running every variant on ${onSnapshot()}…` : 'Reading the variants…'}
        problem="The consensus could not be read"
        onRetry={() => void refetch()}
        empty="The library holds no formula at the pin."
      >
        {(rows) => (
          <>
            <table class="library-table consensus-table" aria-label="Variants by statistic">
              <thead>
                <tr>
                  <th scope="col">Statistic</th>
                  <th scope="col">Variant</th>
                  <th scope="col">Formula</th>
                  <th scope="col">Package</th>
                  <th scope="col">Adopted by</th>
                  <Show when={compared()}>
                    <th scope="col">Total on {onSnapshot()}</th>
                    <th scope="col">Clients ≠ legacy</th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <For each={row.variants}>
                      {(variant, index) => (
                        <tr data-statistic={row.statistic} data-formula={variant.formulaId} classList={{ 'first-variant': index() === 0 }}>
                          <Show when={index() === 0}>
                            <th scope="rowgroup" rowSpan={row.variants.length}>
                              {row.statistic}
                            </th>
                          </Show>
                          <td>
                            <span class={`variant-badge ${variant.variant}`}>{variant.variant}</span>
                          </td>
                          <td>
                            <code>{variant.formulaId}</code>
                          </td>
                          <td>{variant.package}</td>
                          <td class="sites">{variant.sites.join(', ') || '—'}</td>
                          <Show when={compared()}>
                            <td class="number total">{variant.error !== undefined ? `not run: ${variant.error}` : (variant.total ?? '—')}</td>
                            <td class="number from-legacy">{variant.differFromLegacy ?? '—'}</td>
                          </Show>
                        </tr>
                      )}
                    </For>
                  )}
                </For>
              </tbody>
            </table>
            <Show when={rows().some((row) => row.pairs.length > 0)}>
              <h3>How far the variants are from each other</h3>
              <table class="library-table pairs-table" aria-label="Variants from each other">
                <thead>
                  <tr>
                    <th scope="col">Statistic</th>
                    <th scope="col">Variant A</th>
                    <th scope="col">Variant B</th>
                    <th scope="col">Clients that differ</th>
                    <th scope="col">Total B − A</th>
                    <th scope="col">Sum of |B − A|</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows().flatMap((row) => row.pairs.map((pair) => ({ ...pair, statistic: row.statistic })))}>
                    {(pair) => (
                      <tr data-pair={`${pair.a}|${pair.b}`}>
                        <td>{pair.statistic}</td>
                        <td>
                          <code>{pair.a}</code>
                        </td>
                        <td>
                          <code>{pair.b}</code>
                        </td>
                        <td class="number clients">{pair.clients}</td>
                        <td class="number total-change">{signed(pair.totalChange)}</td>
                        <td class="number absolute">{pair.absoluteDifference}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <Show when={can('editor')}>
              <details class="adopt-at-pin">
                <summary>Adopt formulas at the pin as drafts</summary>
                <AdoptForm
                  name={props.name}
                  formulas={rows().flatMap((row) =>
                    row.variants.map((variant) => ({ formulaId: variant.formulaId, note: `${variant.variant} of ${row.statistic}, ${variant.package}` })),
                  )}
                  chosen="none"
                />
              </details>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
