/**
 * What a formula draft does to invoices, in its review: the current billing setup rated on the
 * snapshot with the release's formula and with the draft's — the total, how many accounts' bills
 * rise or fall, and the accounts that change most.
 */
import { createResource, For, Show } from 'solid-js';
import { call, endpoints } from '../api/client.ts';
import type { Draft, DraftMoney } from '../api/types.ts';
import { moneyText, signOf } from '../ui/money.ts';
import { Loaded } from '../ui/states.tsx';

const SHOWN_ACCOUNTS = 10;

export function MoneyImpact(props: { draft: Draft; snapshot: string }) {
  const [money, { refetch }] = createResource(
    () => (props.snapshot ? { id: String(props.draft.draftId), revision: props.draft.revision, snapshot: props.snapshot } : null),
    ({ id, snapshot }) => call(endpoints.draftMoney, { params: { id }, query: { snapshot, top: SHOWN_ACCOUNTS } }),
  );
  return (
    <section class="money-impact" aria-label="What the change does to invoices">
      <h4>What it does to invoices</h4>
      <Show when={props.snapshot} fallback={<p class="muted">Choose a snapshot to price the change.</p>}>
        <Loaded
          resource={money}
          loading="Pricing the change with the current billing setup…"
          problem="The change could not be priced"
          onRetry={() => void refetch()}
        >
          {(found) => <Impact money={found()} />}
        </Loaded>
      </Show>
    </section>
  );
}

function Impact(props: { money: DraftMoney }) {
  const amount = (text: string, signed = false) => `${moneyText(text, { signed })} ${props.money.currency}`;
  const setup = () => props.money.setup;
  return (
    <Show when={setup()} fallback={<p class="muted">There is no billing setup yet, so no invoice to price the change on.</p>}>
      {(used) => (
        <Show
          when={props.money.statistics.length > 0}
          fallback={
            <p class="muted">
              Billing setup {used().name} (version {used().version}) bills no statistic that {props.money.formula} computes: invoices do not change.
            </p>
          }
        >
          <ImpactFigures money={props.money} setup={used()} amount={amount} />
        </Show>
      )}
    </Show>
  );
}

function ImpactFigures(props: { money: DraftMoney; setup: { name: string; version: number }; amount: (text: string, signed?: boolean) => string }) {
  const amount = props.amount;
  return (
    <>
      <p>
        With billing setup <strong>{props.setup.name}</strong> (version {props.setup.version}) on {props.money.snapshot}, invoices total{' '}
        <strong class="total-change" classList={{ up: signOf(props.money.totals.change) > 0, down: signOf(props.money.totals.change) < 0 }}>
          {amount(props.money.totals.change, true)}
        </strong>{' '}
        ({amount(props.money.totals.before)} → {amount(props.money.totals.after)}): {props.money.counts.up} accounts up, {props.money.counts.down} down,{' '}
        {props.money.counts.same} unchanged.
      </p>
      <Show when={props.money.accounts.length > 0}>
        <table>
          <caption class="visually-hidden">Accounts whose invoice changes most</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Release</th>
              <th scope="col">Draft</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.money.accounts}>
              {(account) => (
                <tr>
                  <td>{account.account}</td>
                  <td>{moneyText(account.before)}</td>
                  <td>{moneyText(account.after)}</td>
                  <td classList={{ up: signOf(account.change) > 0, down: signOf(account.change) < 0 }}>{moneyText(account.change, { signed: true })}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </>
  );
}
