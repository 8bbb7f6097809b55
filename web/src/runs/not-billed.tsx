/**
 * The clients a run did not invoice (excluded by the setup, inactive in IS, cancelled), for which
 * days and why, with the usage they had on those days: reported, so nothing is left out unseen.
 */
import { For, Show } from 'solid-js';
import type { NotBilledClient } from '../api/types.ts';
import { HeaderRow } from '../ui/header-row.tsx';

const REASONS: Readonly<Record<NotBilledClient['reason'], string>> = {
  excluded: 'excluded by the setup',
  inactive: 'inactive in IS',
  cancelled: 'cancelled',
};

export function NotBilledTable(props: { clients: readonly NotBilledClient[] }) {
  return (
    <Show when={props.clients.length > 0}>
      <section class="not-billed">
        <h3>
          Not billed <span class="muted">({props.clients.length})</span>
        </h3>
        <table class="data-table" aria-label="Not billed">
          <HeaderRow columns={['Client', 'Account', 'Why', 'Days', 'Usage on those days']} />
          <tbody>
            <For each={props.clients}>
              {(client) => (
                <tr data-client={client.clientNumber}>
                  <th scope="row">
                    {client.clientNumber} {client.name}
                  </th>
                  <td>{client.account}</td>
                  <td class="reason">
                    {REASONS[client.reason]}
                    {client.note ? `: ${client.note}` : ''}
                  </td>
                  <td>
                    {client.from} – {client.until}
                  </td>
                  <td class="usage">{usageText(client.usage)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </Show>
  );
}

/** "SecCalls 12 · MsgDlvrd 3", the statistics that had any. */
function usageText(usage: Readonly<Record<string, string>>): string {
  const used = Object.entries(usage).filter(([, value]) => Number(value) !== 0);
  return used.length === 0 ? 'none' : used.map(([statistic, value]) => `${statistic} ${value}`).join(' · ');
}
