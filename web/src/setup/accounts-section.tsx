/** Money and accounts: the currency and its rounding, how clients are grouped into invoices, and master accounts. */
import { Index } from 'solid-js';
import { roundingMode } from '../../../engine/rating/setup-file.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { fieldId, RowButton, RowError, SectionHeader, SelectField, type SetupForm, TextField } from './setup-fields.tsx';

export function AccountsSection(props: { form: SetupForm }) {
  const data = () => props.form.data();
  const masters = () => data().accounts?.masters ?? [];
  return (
    <section class="setup-section" aria-label="Money and accounts">
      <SectionHeader title="Money and accounts" />
      <div class="setup-row">
        <TextField form={props.form} path={['currency']} label="Currency" value={data().currency} placeholder="USD" class="narrow" caption="Currency" />
        <TextField
          form={props.form}
          path={['rounding', 'money', 'scale']}
          label="Decimals"
          value={data().rounding?.money?.scale}
          kind="integer"
          placeholder="2"
          class="narrow"
          caption="Decimals"
        />
        <SelectField
          form={props.form}
          path={['rounding', 'money', 'mode']}
          label="Rounding"
          value={data().rounding?.money?.mode}
          options={roundingMode.options}
          caption="Rounding"
        />
        <SelectField
          form={props.form}
          path={['rounding', 'apply']}
          label="Round"
          value={data().rounding?.apply}
          unset="per-line"
          options={['total']}
          caption="Round"
        />
        <SelectField
          form={props.form}
          path={['accounts', 'groupBy']}
          label="One invoice per"
          value={data().accounts?.groupBy}
          unset="billingCode"
          options={['client']}
          caption="One invoice per"
        />
        <RowButton
          form={props.form}
          label="Add master account"
          onClick={() => props.form.append(['accounts', 'masters'], { account: `master-${masters().length + 1}`, clients: [] })}
        />
      </div>
      <Index each={masters()}>
        {(master, i) => {
          const at = (...rest: (string | number)[]) => ['accounts', 'masters', i, ...rest];
          const label = `Master account ${i + 1}`;
          const clients = () => master().clients ?? [];
          const clientsError = () =>
            [props.form.errorAt(at('clients')), ...clients().map((_, j) => props.form.errorAt(at('clients', j)))].filter(Boolean).join('; ') || undefined;
          const id = fieldId(at('clients'));
          return (
            <div class="setup-row">
              <TextField form={props.form} path={at('account')} label={`${label} id`} value={master().account} placeholder="account" caption="Master account" />
              <span class="setup-field wide">
                <label class="setup-caption" for={id}>
                  Clients
                </label>
                <input
                  id={id}
                  aria-label={`${label} clients`}
                  placeholder="client numbers, comma-separated"
                  value={clients().join(', ')}
                  readOnly={props.form.readOnly()}
                  onChange={(event) =>
                    props.form.set(
                      at('clients'),
                      event.currentTarget.value
                        .split(',')
                        .map((n) => n.trim())
                        .filter((n) => n !== ''),
                    )
                  }
                  {...invalidAttributes(id, clientsError())}
                />
                <FieldError for={id} error={clientsError()} />
              </span>
              <RowButton form={props.form} label="Remove" title={`Remove ${label}`} onClick={() => props.form.remove(at())} />
              <RowError form={props.form} path={at()} />
            </div>
          );
        }}
      </Index>
    </section>
  );
}
