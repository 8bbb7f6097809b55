/** Every account side by side: baseline, scenario and the change, coloured up or down; changed accounts first. */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { moneyText, signOf } from '../ui/money.ts';
import type { AccountTotals } from '../api/types.ts';
import { HeaderRow } from '../ui/header-row.tsx';

/** The order `localeCompare` gives, made once. */
const byAccount = new Intl.Collator();

export function ComparisonTable(props: { accounts: readonly AccountTotals[]; currency: string }) {
  const [changedOnly, setChangedOnly] = createSignal(false);
  const rows = createMemo(() => {
    // Each row's size read once, not at every comparison of the sort; ties in account order as localeCompare orders them.
    const sized = props.accounts.map((row) => ({ row, size: Math.abs(Number(row.change)) }));
    sized.sort((a, b) => b.size - a.size || byAccount.compare(a.row.account, b.row.account));
    const all = sized.map(({ row }) => row);
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
