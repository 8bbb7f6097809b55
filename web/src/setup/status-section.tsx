/**
 * Whom not to bill (inactive IS clients, cancellations with their last billed day, exclusions) and
 * prepaid blocks (units an account bought ahead, drawn on one usage line from a day on).
 */
import { Index, Show } from 'solid-js';
import type { Path } from './setup-doc.ts';
import { RowButton, RowError, SectionHeader, SelectField, type SetupForm, TextField } from './setup-fields.tsx';

type Entry = Record<string, unknown>;

export function BillingStatusSection(props: { form: SetupForm }) {
  const status = () => props.form.data().billingStatus as { inactiveClients?: unknown; cancelled?: Entry[]; excluded?: Entry[] } | undefined;
  const firstClient = () => props.form.choices()?.clients[0]?.clientNumber ?? '';
  const today = () => new Date().toISOString().slice(0, 10);
  return (
    <section class="setup-section" aria-label="Billing status">
      <SectionHeader title="Billing status">
        <RowButton
          form={props.form}
          label="Add cancellation"
          onClick={() => props.form.append(['billingStatus', 'cancelled'], { client: firstClient(), until: today() })}
        />
        <RowButton form={props.form} label="Add exclusion" onClick={() => props.form.append(['billingStatus', 'excluded'], { client: firstClient() })} />
      </SectionHeader>
      <div class="setup-row">
        <SelectField
          form={props.form}
          path={['billingStatus', 'inactiveClients']}
          label="Inactive clients"
          caption="Clients inactive in IS"
          value={status()?.inactiveClients}
          unset="not-billed"
          options={[{ value: 'billed', label: 'billed' }]}
        />
      </div>
      <Index each={status()?.cancelled ?? []}>
        {(entry, i) => (
          <StatusRow form={props.form} path={['billingStatus', 'cancelled', i]} entry={entry()} label={`Cancellation ${i + 1}`} kind="Cancelled" />
        )}
      </Index>
      <Index each={status()?.excluded ?? []}>
        {(entry, i) => <StatusRow form={props.form} path={['billingStatus', 'excluded', i]} entry={entry()} label={`Exclusion ${i + 1}`} kind="Excluded" />}
      </Index>
      <RowError form={props.form} path={['billingStatus']} />
    </section>
  );
}

/** A cancelled (billed until a day) or excluded client or account, with its reason. */
function StatusRow(props: { form: SetupForm; path: Path; entry: Entry; label: string; kind: 'Cancelled' | 'Excluded' }) {
  const at = (...rest: (string | number)[]) => [...props.path, ...rest];
  const who = () => (props.entry.account !== undefined ? 'account' : 'client');
  const choose = (next: string) => {
    const value = props.entry[who()];
    props.form.set(at(who()), undefined);
    props.form.set(at(next), value ?? '');
  };
  return (
    <div class="setup-row setup-line">
      <span class="setup-line-kind">{props.kind}</span>
      <SelectField
        form={props.form}
        path={at('who')}
        label={`${props.label} names`}
        caption="Names"
        value={who()}
        options={['client', 'account']}
        onChange={choose}
      />
      <TextField
        form={props.form}
        path={at(who())}
        label={`${props.label} ${who()}`}
        value={props.entry[who()]}
        list={who() === 'client' ? 'setup-clients' : 'setup-accounts'}
        caption={who() === 'client' ? 'Client' : 'Account'}
      />
      <Show when={props.kind === 'Cancelled'}>
        <TextField form={props.form} path={at('until')} label={`${props.label} until`} value={props.entry.until} kind="date" caption="Billed until" />
      </Show>
      <TextField form={props.form} path={at('reason')} label={`${props.label} reason`} value={props.entry.reason} caption="Reason" class="wide" />
      <RowButton form={props.form} label="Remove" title={`Remove ${props.label}`} onClick={() => props.form.remove(props.path)} />
      <RowError form={props.form} path={props.path} />
    </div>
  );
}

export function PrepaidSection(props: { form: SetupForm }) {
  const blocks = () => (props.form.data().prepaid as Entry[] | undefined) ?? [];
  const usageLines = () => [
    ...new Set((props.form.data().plans ?? []).flatMap((plan) => (plan.lines ?? []).filter((line) => 'statistic' in line).map((line) => String(line.id)))),
  ];
  const add = () =>
    props.form.append(['prepaid'], {
      id: `block-${blocks().length + 1}`,
      account: '',
      line: usageLines()[0] ?? '',
      units: '',
      from: new Date().toISOString().slice(0, 10),
    });
  return (
    <section class="setup-section" aria-label="Prepaid blocks">
      <SectionHeader title="Prepaid blocks">
        <RowButton form={props.form} label="Add prepaid block" onClick={add} />
      </SectionHeader>
      <datalist id="setup-usage-lines">
        <Index each={usageLines()}>{(line) => <option value={line()} />}</Index>
      </datalist>
      <Index each={blocks()}>
        {(block, i) => {
          const at = (...rest: (string | number)[]) => ['prepaid', i, ...rest];
          const label = `Prepaid block ${i + 1}`;
          return (
            <div class="setup-row setup-line">
              <TextField form={props.form} path={at('id')} label={`${label} id`} value={block().id} caption="Block id" />
              <TextField form={props.form} path={at('account')} label={`${label} account`} value={block().account} list="setup-accounts" caption="Account" />
              <TextField form={props.form} path={at('line')} label={`${label} line`} value={block().line} list="setup-usage-lines" caption="Usage line" />
              <TextField form={props.form} path={at('units')} label={`${label} units`} value={block().units} kind="decimal" caption="Units bought" />
              <TextField form={props.form} path={at('from')} label={`${label} from`} value={block().from} kind="date" caption="From" />
              <RowButton form={props.form} label="Remove" title={`Remove ${label}`} onClick={() => props.form.remove(at())} />
              <RowError form={props.form} path={at()} />
            </div>
          );
        }}
      </Index>
    </section>
  );
}
