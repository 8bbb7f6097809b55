/**
 * One invoice or credit note (`#runs/RUN/invoices/ACCOUNT`, `#runs/RUN/credit-notes/ACCOUNT`): its
 * number (DRAFT until the run is finalised), dates, period, account and clients, then its lines —
 * statistic (a link to its formula), quantity, unit price, amount — each of which opens the chain
 * of steps that made it; the PDF to download.
 */
import { createResource, For, Show } from 'solid-js';
import type { Step } from '../../../engine/rating/model.ts';
import { asProblem } from '../api/client.ts';
import type { InvoiceDocument } from '../api/types.ts';
import { documentPath, formulaPath, RUNS_PATH, runPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loading } from '../ui/states.tsx';
import { Breadcrumbs } from './breadcrumbs.tsx';
import { CreditedBy } from './credited-by.tsx';
import { LineSteps } from './line-steps.tsx';
import { Money } from './money.tsx';
import { periodText, quantityText, shownDate } from './numbers.ts';
import { RunState } from './run-state.tsx';
import { type DocumentKind, documentPdfUrl, showDocument, showRun } from './runs-api.ts';
import { createToggleSet } from './toggle-set.ts';
import { focusOnOpen } from './page-focus.ts';

const NOUN: Readonly<Record<DocumentKind, string>> = { invoice: 'Invoice', creditNote: 'Credit note' };

/** What a line without a statistic is, in the Statistic column. */
const LINE_KIND: Readonly<Record<string, string>> = {
  fee: 'fee',
  minimum: 'plan minimum',
  adjustment: 'adjustment',
  discount: 'discount',
  surcharge: 'surcharge',
  tax: 'tax',
};

export function DocumentPage(props: { runId: string; kind: DocumentKind; account: string }) {
  const [document, { refetch }] = createResource(
    () => ({ ...props }),
    ({ runId, kind, account }) => showDocument(runId, kind, account),
  );
  // The run's lifecycle: the corrections that may have credited this invoice.
  const [run] = createResource(() => props.runId, showRun);
  const title = () => `${NOUN[props.kind]} ${props.account}`;
  return (
    <article tabIndex={-1} ref={focusOnOpen} class="document-page" aria-label={`${title()} of run ${props.runId}`}>
      <Breadcrumbs
        trail={[
          { label: 'Billing runs', path: RUNS_PATH },
          { label: props.runId, path: runPath(props.runId) },
        ]}
        current={title()}
      />
      <Show when={document.error}>
        {(error) => <ProblemMessage title={`${title()} could not be shown`} problem={asProblem(error())} onRetry={() => void refetch()} />}
      </Show>
      <Show when={!document.error && !document.latest}>
        <Loading label={`Opening ${title()}…`} />
      </Show>
      <Show when={!document.error && document.latest}>
        {(found) => (
          <DocumentBody document={found()} snapshot={found().snapshot} corrections={(run.error ? undefined : run.latest)?.lifecycle.corrections ?? []} />
        )}
      </Show>
    </article>
  );
}

function DocumentBody(props: { document: InvoiceDocument; snapshot: string; corrections: readonly string[] }) {
  const doc = () => props.document;
  const clientNames = () => new Map(doc().clients.map((client) => [client.clientNumber, client.name]));
  return (
    <>
      <header class="document-header">
        <h2>
          {NOUN[doc().kind]} <span class="document-number">{doc().number ?? <span class="draft-mark">DRAFT</span>}</span>
          <Show when={doc().status !== 'draft'}>
            <RunState status={doc().status} />
          </Show>
        </h2>
        <dl class="facts">
          <dt>Account</dt>
          <dd>
            {doc().account}
            <Show when={doc().billingCode && doc().billingCode !== doc().account}> (billing code {doc().billingCode})</Show>
          </dd>
          <dt>Plan</dt>
          <dd>{doc().plan}</dd>
          <dt>Period</dt>
          <dd>{periodText(doc().period)}</dd>
          <dt>Invoice date</dt>
          <dd>{shownDate(doc().invoiceDate, doc().provisionalDates?.invoiceDate)}</dd>
          <dt>Due date</dt>
          <dd>{shownDate(doc().dueDate, doc().provisionalDates?.dueDate)}</dd>
          <Show when={doc().credits}>
            {(credits) => (
              <>
                <dt>Credits</dt>
                <dd>
                  <a
                    href={hrefOf(documentPath(credits().run, doc().account))}
                    onClick={(event) => followLink(event, documentPath(credits().run, doc().account))}
                  >
                    {credits().number ?? 'the invoice'} of run {credits().run}
                  </a>
                </dd>
              </>
            )}
          </Show>
          <Show when={doc().kind === 'invoice'}>
            <CreditedBy corrections={props.corrections} account={doc().account} />
          </Show>
          <dt>Clients</dt>
          <dd>
            <ul class="client-list">
              <For each={doc().clients}>
                {(client) => (
                  <li>
                    <code>{client.clientNumber}</code> {client.name}
                  </li>
                )}
              </For>
            </ul>
          </dd>
        </dl>
        <p class="document-links">
          <a class="button-link" href={documentPdfUrl(doc().run, doc().kind, doc().account)} download="">
            Download PDF
          </a>
          <Show when={doc().previous}>
            {(previous) => (
              <span class="muted">
                Against run {previous().run} of the same period: <Money amount={previous().total} currency={doc().currency} /> →{' '}
                <Money amount={doc().accountTotal} currency={doc().currency} /> (
                <Money amount={previous().change} currency={doc().currency} signed colored />)
              </span>
            )}
          </Show>
        </p>
      </header>
      <LinesTable document={doc()} clientNames={clientNames()} snapshot={props.snapshot} />
    </>
  );
}

function LinesTable(props: { document: InvoiceDocument; clientNames: ReadonlyMap<string, string>; snapshot: string }) {
  const steps = createToggleSet();
  const currency = () => props.document.currency;
  return (
    <table class="data-table lines-table" aria-label="Lines">
      <HeaderRow columns={['Line', 'Statistic', 'Quantity#', 'Unit price#', 'Amount#', 'How']} />
      <For each={props.document.lines}>
        {(line) => {
          const expanded = () => steps.isOpen(line.lineId);
          const stepsId = `steps-${line.lineId}`;
          return (
            <tbody class="line" data-line={line.lineId}>
              <tr>
                <th scope="row">{line.label}</th>
                <td>
                  <Show when={line.statistic} fallback={<span class="muted">{LINE_KIND[line.kind] ?? line.kind}</span>}>
                    {(statistic) => {
                      const path = formulaPath(line.formula ?? statistic());
                      return (
                        <a
                          href={hrefOf(path)}
                          onClick={(event) => followLink(event, path)}
                          title={`Open the formula ${line.formula ?? statistic()} in the editor`}
                        >
                          {statistic()}
                        </a>
                      );
                    }}
                  </Show>
                </td>
                <td class="num quantity">{quantityText(line.quantity)}</td>
                <td class="num unit-price">{line.unitPrice === null ? '—' : <Money amount={line.unitPrice} currency={currency()} />}</td>
                <td class="num amount">
                  <Money amount={line.amount} currency={currency()} />
                </td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-expanded={expanded()}
                    aria-controls={expanded() ? stepsId : undefined}
                    aria-label={`${expanded() ? 'Hide' : 'Show'} how ${line.label} was made`}
                    onClick={() => steps.toggle(line.lineId)}
                  >
                    {expanded() ? 'Hide steps' : `Steps (${line.steps.length})`}
                  </button>
                </td>
              </tr>
              <Show when={expanded()}>
                <tr class="steps-row" id={stepsId}>
                  <td colSpan={6}>
                    {/* The API's lineStep schema mirrors rating's Step field for field; its inferred type loses the fields, so it is named here. */}
                    <LineSteps
                      steps={line.steps as unknown as readonly Step[]}
                      currency={currency()}
                      statistic={line.statistic}
                      formula={line.formula}
                      clientNames={props.clientNames}
                      snapshot={props.snapshot}
                    />
                  </td>
                </tr>
              </Show>
            </tbody>
          );
        }}
      </For>
      <tfoot>
        <tr>
          <th scope="row" colSpan={4}>
            Subtotal
          </th>
          <td class="num subtotal">
            <Money amount={props.document.subtotal} currency={currency()} />
          </td>
          <td />
        </tr>
        <tr class="document-total">
          <th scope="row" colSpan={4}>
            Total
          </th>
          <td class="num total">
            <Money amount={props.document.total} currency={currency()} />
          </td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
