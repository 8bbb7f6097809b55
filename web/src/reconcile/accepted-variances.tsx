/** The accepted variances, apart from the open ones: the cell, both values, who accepted it, when and why. */
import { For, Show } from 'solid-js';
import { HeaderRow } from '../ui/header-row.tsx';
import { sideText, type Variance } from './reconcile-api.ts';

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

export function AcceptedVariances(props: { variances: readonly Variance[]; onSelect: (variance: Variance) => void }) {
  const accepted = () => props.variances.filter((v) => v.acceptance);
  return (
    <Show when={accepted().length > 0}>
      <section class="accepted-variances" aria-label="Accepted variances">
        <h3>Accepted variances ({accepted().length})</h3>
        <table class="data-table">
          <HeaderRow columns={['Client', 'Statistic', 'Legacy#', 'Ours#', 'Accepted by', 'When', 'Why']} />
          <tbody>
            <For each={accepted()}>
              {(v) => (
                <tr data-client={v.clientNumber} data-statistic={v.statistic}>
                  <th scope="row">
                    <button type="button" class="link" aria-label={`Show client ${v.clientNumber}, ${v.statistic}`} onClick={() => props.onSelect(v)}>
                      {v.clientNumber}
                    </button>
                  </th>
                  <td>{v.statistic}</td>
                  <td class="num">{sideText(v.delta.before)}</td>
                  <td class="num">{sideText(v.delta.after)}</td>
                  <td class="accepted-by">{v.acceptance?.by}</td>
                  <td>{v.acceptance?.at.replace('T', ' ').slice(0, 19)}</td>
                  <td class="accepted-why">{v.acceptance?.reason}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </Show>
  );
}
