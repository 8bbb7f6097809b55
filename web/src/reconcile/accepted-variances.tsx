/**
 * The accepted variances, apart from the open ones: the cell, both values, who accepted it, when,
 * why and where (carried over from an earlier reconciliation of the period); then the acceptances
 * that no longer apply, each saying why (a value changed, the cell is equal now, another release).
 */
import { For, Show } from 'solid-js';
import type { ReconciliationResult } from '../api/types.ts';
import { reconcilePath } from '../shell/paths.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { formatNumber, sideText, type Variance } from './reconcile-api.ts';

/** Moves the keyboard focus to a cell's entry in the list (once it is rendered). */
export function focusAccepted(cell: Pick<Variance, 'clientNumber' | 'statistic'>): void {
  requestAnimationFrame(() =>
    document
      .querySelector<HTMLButtonElement>(
        `.accepted-variances tr[data-client="${CSS.escape(cell.clientNumber)}"][data-statistic="${CSS.escape(cell.statistic)}"] button`,
      )
      ?.focus(),
  );
}

const when = (at: string | undefined) => at?.replace('T', ' ').slice(0, 19);

export function AcceptedVariances(props: {
  variances: readonly Variance[];
  clientNames: Readonly<Record<string, string>>;
  onSelect: (variance: Variance) => void;
}) {
  const accepted = () => props.variances.filter((v) => v.acceptance);
  return (
    <Show when={accepted().length > 0}>
      <section class="accepted-variances" aria-label="Accepted variances">
        <h3>Accepted variances ({accepted().length})</h3>
        <table class="data-table">
          <HeaderRow columns={['Client', 'Name', 'Statistic', 'Legacy#', 'Ours#', 'Accepted by', 'When', 'Why', 'Given in']} />
          <tbody>
            <For each={accepted()}>
              {(v) => (
                <tr data-client={v.clientNumber} data-statistic={v.statistic} classList={{ 'carried-over': !!v.carriedOver }}>
                  <th scope="row">
                    <button type="button" class="link" aria-label={`Show client ${v.clientNumber}, ${v.statistic}`} onClick={() => props.onSelect(v)}>
                      {v.clientNumber}
                    </button>
                  </th>
                  <td>{props.clientNames[v.clientNumber] ?? ''}</td>
                  <td>{v.statistic}</td>
                  <td class="num">{sideText(v.delta.before)}</td>
                  <td class="num">{sideText(v.delta.after)}</td>
                  <td class="accepted-by">{v.acceptance?.by}</td>
                  <td>{when(v.acceptance?.at)}</td>
                  <td class="accepted-why">{v.acceptance?.reason}</td>
                  <td class="given-in">
                    <Show when={v.carriedOver && v.acceptance?.reconciliation} fallback="this reconciliation">
                      {(origin) => (
                        <>
                          carried over from <a href={`#${reconcilePath(origin())}`}>{origin()}</a>
                        </>
                      )}
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </Show>
  );
}

export function StaleAcceptances(props: { stale: ReconciliationResult['reconciliation']['staleAcceptances'] }) {
  return (
    <Show when={props.stale.length > 0}>
      <section class="stale-acceptances" aria-label="Acceptances that no longer apply">
        <h3>Acceptances that no longer apply ({props.stale.length})</h3>
        <table class="data-table">
          <HeaderRow
            columns={['Client', 'Statistic', 'Accepted legacy#', 'Accepted ours#', 'Accepted by', 'When', 'Why accepted', 'Why it no longer applies']}
          />
          <tbody>
            <For each={props.stale}>
              {(s) => (
                <tr data-client={s.acceptance.clientNumber} data-statistic={s.acceptance.statistic}>
                  <th scope="row">{s.acceptance.clientNumber}</th>
                  <td>{s.acceptance.statistic}</td>
                  <td class="num">{formatNumber(s.acceptance.legacyValue)}</td>
                  <td class="num">{formatNumber(s.acceptance.ourValue)}</td>
                  <td>{s.acceptance.by}</td>
                  <td>{when(s.acceptance.at)}</td>
                  <td>{s.acceptance.reason}</td>
                  <td class="stale-why">{s.why}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </Show>
  );
}
