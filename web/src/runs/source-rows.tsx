/**
 * The snapshot rows behind one client's statistic on an invoice line, read from the run's own
 * snapshot with the formula's row query (GET /api/cells/source-rows), so a billed quantity can be
 * traced to the calls and messages it counts.
 */
import { createResource, For, Show } from 'solid-js';
import { sourceRows } from '../reconcile/reconcile-api.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { Loaded } from '../ui/states.tsx';

const SHOWN = 20;

export function SourceRows(props: { snapshot: string; clientNumber: string; formula: string }) {
  const [rows] = createResource(
    () => ({ ...props }),
    ({ snapshot, clientNumber, formula }) => sourceRows(snapshot, clientNumber, formula),
  );
  const columns = () => Object.keys(rows()?.rows[0] ?? {});
  return (
    <Loaded resource={rows} loading="Reading the snapshot rows…" problem="The rows behind this value could not be listed">
      {(found) => (
        <div class="source-rows">
          <p class="muted">
            {found().count} {found().count === 1 ? 'row' : 'rows'} of client {props.clientNumber} in snapshot {props.snapshot}
            {found().total !== undefined ? `, adding up to ${found().total}` : ''}
            {found().count > Math.min(SHOWN, found().rows.length) ? ` (first ${Math.min(SHOWN, found().rows.length)} shown)` : ''}
          </p>
          <Show when={found().rows.length > 0}>
            <div class="source-rows-scroll">
              <table class="data-table" aria-label={`Rows behind ${props.formula} for client ${props.clientNumber}`}>
                <HeaderRow columns={columns()} />
                <tbody>
                  <For each={found().rows.slice(0, SHOWN)}>
                    {(row) => (
                      <tr>
                        <For each={columns()}>{(column) => <td>{String(row[column] ?? '')}</td>}</For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </div>
      )}
    </Loaded>
  );
}
