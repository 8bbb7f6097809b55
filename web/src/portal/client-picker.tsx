/** The client filter: all of the user's clients together, or one of them. */
import { For } from 'solid-js';
import type { Me } from './portal-types.ts';

export function ClientPicker(props: { id: string; me: Me; value: string | undefined; onChange: (client: string | undefined) => void }) {
  return (
    <div class="portal-control">
      <label for={props.id}>Client</label>
      <select id={props.id} value={props.value ?? ''} onChange={(event) => props.onChange(event.currentTarget.value || undefined)}>
        <option value="">All my clients</option>
        <For each={props.me.clients}>
          {(client) => (
            <option value={client.clientNumber}>
              {client.name} ({client.clientNumber})
            </option>
          )}
        </For>
      </select>
    </div>
  );
}

/** Whether the address names a client the user may see (or none): another client's number is refused before anything is asked. */
export const isOwnClient = (me: Me, client: string | undefined): boolean => client === undefined || me.clients.some((own) => own.clientNumber === client);
