/**
 * On an invoice of a run that was corrected: the credit notes correction runs issued against it
 * (a draft correction's too, marked DRAFT), each a link, so the invoice never reads as if it still stood alone.
 */
import { createResource, For, Show } from 'solid-js';
import { documentPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { listInvoices } from './runs-api.ts';

export function CreditedBy(props: { corrections: readonly string[]; account: string }) {
  const [notes] = createResource(
    () => (props.corrections.length > 0 ? { corrections: props.corrections, account: props.account } : undefined),
    async ({ corrections, account }) => {
      const lists = await Promise.all(corrections.map(async (run) => ({ run, list: await listInvoices(run) })));
      return lists.flatMap(({ run, list }) => list.creditNotes.filter((note) => note.account === account).map((note) => ({ run, number: note.number })));
    },
  );
  return (
    // A list that could not be read names no credit note (a failed resource throws when read).
    <Show when={(notes.error ? [] : (notes() ?? [])).length > 0}>
      <dt>Credited by</dt>
      <dd>
        <For each={notes()}>
          {(note) => {
            const path = documentPath(note.run, props.account, 'creditNote');
            return (
              <a href={hrefOf(path)} onClick={(event) => followLink(event, path)}>
                {note.number ?? 'DRAFT credit note'} of run {note.run}
              </a>
            );
          }}
        </For>
      </dd>
    </Show>
  );
}
