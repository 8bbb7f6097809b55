/** Which clients a draft moves on a snapshot: how many, the total change, and each client's old value, new value and delta, largest first. */
import { createMemo, For, Show } from 'solid-js';
import type { Delta } from '../../../engine/diff/delta.ts';
import type { Unit } from '../api/types.ts';
import { formatValue } from '../grid/units.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { Empty } from '../ui/states.tsx';
import type { ClientLabel } from './review-api.ts';
import { resultChanges } from './result-changes.ts';

export interface ResultDiffProps {
  readonly deltas: readonly Delta[];
  readonly unit: Unit;
  readonly clients: ReadonlyMap<number, ClientLabel>;
  readonly snapshot: string;
}

export function ResultDiff(props: ResultDiffProps) {
  const changes = createMemo(() => resultChanges(props.deltas));
  const shown = (value: string | null) => (value === null ? '—' : formatValue(value, props.unit, 'seconds', { grouping: true }));
  const signed = (change: string) => (change === '0' ? '0' : change.startsWith('-') ? `−${shown(change.slice(1))}` : `+${shown(change)}`);
  const direction = (change: string) => ({ up: change !== '0' && !change.startsWith('-'), down: change.startsWith('-') });
  const count = () => changes().clients.length;

  return (
    <section class="result-diff" aria-label="Result diff">
      <Show
        when={count() > 0}
        fallback={
          <Empty title="No client changes on this snapshot">
            <p class="muted">Every client has the same value with the draft as with the release on {props.snapshot}.</p>
          </Empty>
        }
      >
        <p class="result-summary" role="status">
          <strong class="moved-count">
            {count().toLocaleString('en-US')} {count() === 1 ? 'client moves' : 'clients move'}
          </strong>{' '}
          on {props.snapshot}; total change{' '}
          <strong class="total-change" classList={direction(changes().total)} data-value={changes().total}>
            {signed(changes().total)}
          </strong>
          {props.unit === 'count' ? '' : ` ${props.unit}`}
        </p>
        <div class="result-diff-scroll">
          <table class="data-table result-diff-table">
            <HeaderRow columns={['Client', 'Release#', 'Draft#', 'Change#']} />
            <tbody>
              <For each={changes().clients}>
                {(client) => (
                  <tr data-clt-id={client.cltID}>
                    <th scope="row" class="client" title={`cltID ${client.cltID}`}>
                      {clientText(client.cltID, props.clients.get(client.cltID))}
                    </th>
                    <td class="num before" data-value={client.before ?? ''}>
                      {shown(client.before)}
                    </td>
                    <td class="num after" data-value={client.after ?? ''}>
                      {shown(client.after)}
                    </td>
                    <td class="num delta" classList={direction(client.change)} data-value={client.change}>
                      {signed(client.change)}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function clientText(cltID: number, label: ClientLabel | undefined): string {
  return label ? `${label.clientNumber} · ${label.name}` : `cltID ${cltID}`;
}
