/**
 * What changed upstream since the pin, asked for with a button (it fetches the library): package
 * versions, per formula the SQL side by side, the clients and totals that move on the snapshot and,
 * with a setup, the accounts whose invoices move; each shared fixture's text side by side. Editors
 * then move the pin and adopt chosen formulas as drafts for review.
 */
import { createSignal, For, Show } from 'solid-js';
import type { Problem } from '../api/client.ts';
import { MergeDiff } from '../formula/merge-diff.tsx';
import { can } from '../session/session.ts';
import { createAction } from '../ui/action.ts';
import { moneyText, signOf } from '../ui/money.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { AdoptForm } from './adopt-form.tsx';
import { Loading } from '../ui/states.tsx';
import {
  type FollowedLibrary,
  type FormulaMoney,
  type LibraryChanges,
  type LibraryUpdate,
  moveThePin,
  type ResultChange,
  shortCommit,
  type UpstreamFormula,
  upstreamChanges,
} from './followed-api.ts';

export function UpstreamChanges(props: { library: FollowedLibrary; snapshot: string; setup: string; onPinMoved: () => void }) {
  const [changes, setChanges] = createSignal<LibraryChanges | null>(null);
  const check = createAction();
  const move = createAction();
  const [moved, setMoved] = createSignal(false);
  const ask = async () => {
    setMoved(false);
    const found = await check.run(() => upstreamChanges(props.library.name, props.snapshot || undefined, props.setup || undefined));
    if (found) setChanges(found);
  };
  const movePin = async () => {
    if (await move.run(() => moveThePin(props.library.name))) {
      setMoved(true);
      props.onPinMoved();
    }
  };
  const problem = (): Problem | null => check.problem();
  return (
    <section class="library-section" aria-labelledby="upstream-title">
      <h2 id="upstream-title">Upstream changes</h2>
      <div class="library-actions">
        <button type="button" class="primary" disabled={check.busy()} onClick={() => void ask()}>
          Check for updates
        </button>
        <span class="muted">
          Fetches the library and compares upstream with the pin
          {props.snapshot ? `; runs what changed on ${props.snapshot}` : ''}
          {props.setup ? ` and prices it with setup ${props.setup}` : ''}. The pin stays until you move it.
        </span>
      </div>
      <Show when={check.busy()}>
        <Loading label="Fetching the library and comparing…" />
      </Show>
      <Show when={problem()}>{(found) => <ProblemMessage title="The library could not be checked" problem={found()} />}</Show>
      <Show when={!check.busy() && changes()}>
        {(found) => (
          <Show
            when={found().update.from !== found().update.to}
            fallback={
              <p role="status" class="upstream-summary">
                Up to date: upstream is at the pin, <code>{shortCommit(found().update.to)}</code>.
              </p>
            }
          >
            <p role="status" class="upstream-summary">
              Upstream moved from <code>{shortCommit(found().update.from)}</code> to <code>{shortCommit(found().update.to)}</code>:{' '}
              {found().update.formulas.length} formula(s) and {found().update.fixtures.length} fixture(s) changed
              <For each={found().update.packages}>
                {(pkg) => (
                  <span class="library-package">
                    {pkg.name} {pkg.from ?? '(new)'} → <strong>{pkg.to ?? '(removed)'}</strong>
                  </span>
                )}
              </For>
            </p>
            <For each={found().update.formulas}>
              {(formula) => (
                <UpstreamFormulaChange
                  formula={formula}
                  result={found().results?.find((r) => r.formulaId === formula.formulaId)}
                  money={found().money?.formulas.find((m) => m.formulaId === formula.formulaId)}
                  setup={found().money?.setup}
                  snapshot={props.snapshot}
                />
              )}
            </For>
            <Show when={found().update.fixtures.length > 0}>
              <h3>Shared fixtures</h3>
              <For each={found().update.fixtures}>{(fixture) => <FixtureChange fixture={fixture} />}</For>
            </Show>
            <Show when={can('editor')}>
              <div class="library-actions">
                <Show
                  when={moved()}
                  fallback={
                    <button type="button" class="primary" disabled={move.busy()} onClick={() => void movePin()}>
                      Move the pin to {shortCommit(found().update.to)}
                    </button>
                  }
                >
                  <span role="status">
                    The pin is now <code>{shortCommit(found().update.to)}</code>.
                  </span>
                </Show>
              </div>
              <Show when={move.problem()}>{(p) => <ProblemMessage title="The pin could not be moved" problem={p()} />}</Show>
              <Show when={moved()}>
                <AdoptForm
                  name={props.library.name}
                  formulas={found()
                    .update.formulas.filter((f) => f.change !== 'removed')
                    .map((f) => ({ formulaId: f.formulaId, note: f.change }))}
                  chosen="all"
                />
              </Show>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}

/** A shared fixture's text side by side, drawn only once opened (an editor in a closed box keeps measuring itself). */
function FixtureChange(props: { fixture: LibraryUpdate['fixtures'][number] }) {
  const [open, setOpen] = createSignal(false);
  return (
    <details class="upstream-fixture" data-fixture={props.fixture.path} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <span class={`change-badge ${props.fixture.change}`}>{props.fixture.change}</span> <code>{props.fixture.path}</code>
      </summary>
      <Show when={open()}>
        <div class="diff-sides" aria-hidden="true">
          <span>At the pin</span>
          <span>Upstream</span>
        </div>
        <MergeDiff before={props.fixture.before} after={props.fixture.after} wrapLines />
      </Show>
    </details>
  );
}

function UpstreamFormulaChange(props: {
  formula: UpstreamFormula;
  result: ResultChange | undefined;
  money: FormulaMoney | undefined;
  setup: { name: string; version: number } | undefined;
  snapshot: string;
}) {
  const sqlChanged = () => props.formula.sqlBefore !== props.formula.sqlAfter;
  return (
    <article class="upstream-formula" data-formula={props.formula.formulaId} aria-label={`${props.formula.formulaId}, ${props.formula.change} upstream`}>
      <h3>
        <code>{props.formula.formulaId}</code> <span class={`change-badge ${props.formula.change}`}>{props.formula.change}</span>{' '}
        <span class="muted">{props.formula.path}</span>
      </h3>
      <Show when={sqlChanged()} fallback={<p class="muted">SQL unchanged: only its tests, description or other fields changed.</p>}>
        <div class="upstream-sql" role="region" aria-label={`SQL of ${props.formula.formulaId}: at the pin (left) and upstream (right)`}>
          <div class="diff-sides" aria-hidden="true">
            <span>{props.formula.change === 'added' ? 'Not at the pin' : 'At the pin'}</span>
            <span>{props.formula.change === 'removed' ? 'Removed upstream' : 'Upstream'}</span>
          </div>
          <MergeDiff before={props.formula.sqlBefore} after={props.formula.sqlAfter} wrapLines />
        </div>
      </Show>
      <Show when={props.result}>{(result) => <ResultDiff result={result()} snapshot={props.snapshot} />}</Show>
      <Show when={props.money && props.setup}>
        <MoneyDiff money={props.money as FormulaMoney} setup={props.setup as { name: string; version: number }} />
      </Show>
    </article>
  );
}

const signed = (text: string) => (text.startsWith('-') ? `−${text.slice(1)}` : signOf(text) > 0 ? `+${text}` : text);

function ResultDiff(props: { result: ResultChange; snapshot: string }) {
  return (
    <div class="upstream-result" role="region" aria-label={`Results of ${props.result.formulaId} on ${props.snapshot}`}>
      <Show
        when={props.result.error === undefined}
        fallback={
          <p class="problem-detail">
            Not run on {props.snapshot}: {props.result.error}
          </p>
        }
      >
        <p class="result-summary">
          On <strong>{props.snapshot}</strong>, against the formula the workspace computes with now: <strong class="moved-clients">{props.result.moved}</strong>{' '}
          client(s) move; total <span class="total-before">{props.result.totalBefore}</span> → <strong class="total-after">{props.result.totalAfter}</strong>
        </p>
        <Show when={props.result.clients.length > 0}>
          <table class="library-table compact" aria-label={`Clients whose ${props.result.formulaId} moves`}>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Workspace</th>
                <th scope="col">Upstream</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.result.clients}>
                {(client) => (
                  <tr data-client={client.client}>
                    <td>{client.client}</td>
                    <td class="number">{client.before}</td>
                    <td class="number">{client.after}</td>
                    <td class="number">{signed(client.change)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={props.result.moved > props.result.clients.length}>
            <p class="muted">and {props.result.moved - props.result.clients.length} more client(s).</p>
          </Show>
        </Show>
      </Show>
    </div>
  );
}

function MoneyDiff(props: { money: FormulaMoney; setup: { name: string; version: number } }) {
  return (
    <div class="upstream-money" role="region" aria-label={`Invoices with ${props.money.formulaId} adopted`}>
      <Show when={props.money.money} fallback={<p class="problem-detail">Not priced: {props.money.error}</p>}>
        {(money) => {
          const amount = (text: string, sign = false) => `${moneyText(text, { signed: sign })} ${money().currency}`;
          return (
            <Show
              when={money().statistics.length > 0}
              fallback={
                <p class="muted">
                  Setup {props.setup.name} (approved version {props.setup.version}) bills no statistic {props.money.formulaId} computes: no invoice changes.
                </p>
              }
            >
              <p class="money-summary">
                With setup <strong>{props.setup.name}</strong> (approved version {props.setup.version}), invoices total{' '}
                <strong class="money-change" classList={{ up: signOf(money().totals.change) > 0, down: signOf(money().totals.change) < 0 }}>
                  {amount(money().totals.change, true)}
                </strong>{' '}
                (<span class="money-before">{amount(money().totals.before)}</span> → <span class="money-after">{amount(money().totals.after)}</span>):{' '}
                {money().counts.up} account(s) up, {money().counts.down} down, {money().counts.same} unchanged.
              </p>
              <Show when={money().accounts.length > 0}>
                <table class="library-table compact" aria-label={`Accounts whose invoice moves with ${props.money.formulaId}`}>
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col">Now</th>
                      <th scope="col">Adopted</th>
                      <th scope="col">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={money().accounts}>
                      {(account) => (
                        <tr data-account={account.account}>
                          <td>{account.account}</td>
                          <td class="number">{moneyText(account.before)}</td>
                          <td class="number">{moneyText(account.after)}</td>
                          <td class="number">{moneyText(account.change, { signed: true })}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
            </Show>
          );
        }}
      </Show>
    </div>
  );
}
