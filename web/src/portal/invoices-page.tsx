/** The user's finalised invoices, newest first as the server lists them, each with its PDF. */
import { createResource, For, Show } from 'solid-js';
import { moneyText } from '../ui/money.ts';
import * as portal from './portal-api.ts';
import { Loaded } from './states.tsx';

export function InvoicesPage() {
  const [invoices, { refetch }] = createResource(portal.invoices);
  return (
    <section class="portal-page" aria-labelledby="invoices-title">
      <h1 id="invoices-title">Invoices</h1>
      <Loaded resource={invoices} loading="Listing invoices…" problem="The invoices could not be listed" onRetry={() => void refetch()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="portal-state">No finalised invoice yet.</p>}>
            <div class="portal-scroll" role="region" aria-label="Invoice list" tabindex="0">
              <table class="portal-table invoices-table">
                <thead>
                  <tr>
                    <th scope="col">Invoice</th>
                    <th scope="col">Period</th>
                    <th scope="col" class="num">
                      Total
                    </th>
                    <th scope="col">PDF</th>
                    <th scope="col">Account</th>
                    <th scope="col">Issued</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(invoice) => (
                      <tr data-invoice={invoice.number}>
                        <th scope="row">{invoice.number}</th>
                        <td>{invoice.period}</td>
                        <td class="num total">
                          {moneyText(invoice.total)} {invoice.currency}
                        </td>
                        <td>
                          <a href={portal.invoicePdf(invoice.number)} aria-label={`PDF of invoice ${invoice.number}`}>
                            PDF
                          </a>
                        </td>
                        <td class="account">{invoice.account}</td>
                        <td>{invoice.issuedAt.slice(0, 10)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
