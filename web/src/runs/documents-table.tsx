/**
 * A run's invoices (or a correction run's credit notes): number (DRAFT until finalised), account,
 * clients, plan, total, and the change against the previous run of the same period; the account
 * opens the document, PDF downloads it.
 */
import { For, Show } from 'solid-js';
import type { InvoiceSummary, RunStatus } from '../api/types.ts';
import { documentPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { Money } from './money.tsx';
import { documentPdfUrl } from './runs-api.ts';

export function clientsText(clients: InvoiceSummary['clients']): string {
  return clients.map((client) => `${client.clientNumber} ${client.name}`).join(', ');
}

export function DocumentsTable(props: {
  runId: string;
  title: string;
  documents: readonly InvoiceSummary[];
  total: string;
  currency: string;
  status: RunStatus;
}) {
  const creditNotes = () => props.documents[0]?.kind === 'creditNote';
  // A correction run's new invoice bills only the lines that changed; the account's whole total is what compares with the previous run.
  const partial = () => props.documents.some((document) => document.total !== document.accountTotal);
  const columns = () =>
    creditNotes()
      ? ['Number', 'Account', 'Clients', 'Credits invoice', 'Total#', 'PDF']
      : ['Number', 'Account', 'Clients', 'Plan', 'Total#', ...(partial() ? ['Account total#'] : []), 'Previous run#', 'Change#', 'PDF'];
  return (
    <section class="documents" aria-label={props.title}>
      <h3>
        {props.title} <span class="muted">({props.documents.length})</span>
      </h3>
      <Show when={props.documents.length > 0} fallback={<p class="muted">None: nothing this run bills differs from the run it corrects.</p>}>
        <table class="data-table documents-table" aria-label={props.title}>
          <HeaderRow columns={columns()} />
          <tbody>
            <For each={props.documents}>
              {(document) => {
                const path = () => documentPath(props.runId, document.account, document.kind);
                return (
                  <tr data-account={document.account}>
                    <td>{document.number ?? <span class="draft-mark">DRAFT</span>}</td>
                    <th scope="row">
                      <a href={hrefOf(path())} onClick={(event) => followLink(event, path())}>
                        {document.account}
                      </a>
                    </th>
                    <td class="clients" title={clientsText(document.clients)}>
                      {document.clients.length === 1 ? clientsText(document.clients) : `${document.clients.length} clients: ${clientsText(document.clients)}`}
                    </td>
                    <Show when={!creditNotes()} fallback={<td>{document.credits ? (document.credits.number ?? `run ${document.credits.run}`) : '—'}</td>}>
                      <td>{document.plan}</td>
                    </Show>
                    <td class="num total">
                      <Money amount={document.total} currency={document.currency} />
                    </td>
                    <Show when={!creditNotes() && partial()}>
                      <td class="num account-total">
                        <Money amount={document.accountTotal} currency={document.currency} />
                      </td>
                    </Show>
                    <Show when={!creditNotes()}>
                      <td class="num previous" title={document.previous ? `Run ${document.previous.run}` : 'No earlier run of this period'}>
                        {document.previous ? <Money amount={document.previous.total} currency={document.currency} /> : '—'}
                      </td>
                      <td class="num change">
                        {document.previous ? <Money amount={document.previous.change} currency={document.currency} signed colored /> : 'new'}
                      </td>
                    </Show>
                    <td>
                      <a
                        href={documentPdfUrl(props.runId, document.kind, document.account)}
                        download=""
                        aria-label={`PDF of the ${document.kind === 'invoice' ? 'invoice' : 'credit note'} for ${document.account}`}
                      >
                        PDF
                      </a>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                Total
              </th>
              <td class="num">
                <Money amount={props.total} currency={props.currency} />
              </td>
              <td colSpan={creditNotes() ? 1 : partial() ? 4 : 3} />
            </tr>
          </tfoot>
        </table>
      </Show>
    </section>
  );
}
