/** Every account side by side: baseline, scenario and the change, coloured up or down; changed accounts first. */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { moneyText, signOf } from '../ui/money.ts';
import type { AccountTotals } from '../api/types.ts';
import { HeaderRow } from '../ui/header-row.tsx';

export function ComparisonTable(props: { accounts: readonly AccountTotals[]; currency: string }) {
  const [changedOnly, setChangedOnly] = createSignal(false);
  const rows = createMemo(() => {
    const all = [...props.accounts].sort((a, b) => Math.abs(Number(b.change)) - Math.abs(Number(a.change)) || a.account.localeCompare(b.account));
    return changedOnly() ? all.filter((row) => signOf(row.change) !== 0) : all;
  });
  return (
    <section class="whatif-table" aria-label="Per account">
      <label class="inline-field">
        <input type="checkbox" checked={changedOnly()} onChange={(e) => setChangedOnly(e.currentTarget.checked)} /> <span>Changed accounts only</span>
      </label>
      <table class="data-table">
        <HeaderRow columns={['Account', 'Clients', `Baseline (${props.currency})#`, `Scenario (${props.currency})#`, `Change (${props.currency})#`]} />
        <tbody>
          <For each={rows()}>
            {(row) => (
              <tr data-account={row.account}>
                <th scope="row">{row.account}</th>
                <td class="clients">{row.clients}</td>
                <td class="num">{moneyText(row.before)}</td>
                <td class="num">{moneyText(row.after)}</td>
                <td class="num delta" classList={{ up: signOf(row.change) > 0, down: signOf(row.change) < 0 }} data-value={row.change}>
                  {moneyText(row.change, { signed: true })}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={rows().length === 0}>
        <p class="muted">No account changes.</p>
      </Show>
    </section>
  );
}
