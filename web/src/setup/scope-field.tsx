/** Where an assignment or a modifier applies: everyone (default), a billing code, or one client, picked from the snapshot. */
import { Show } from 'solid-js';
import { type SetupForm, SelectField, TextField } from './setup-fields.tsx';
import type { Path } from './setup-doc.ts';

type ScopeKind = 'default' | 'billing code' | 'client';

function kindOf(scope: unknown): ScopeKind {
  if (scope && typeof scope === 'object') return 'client' in scope ? 'client' : 'billing code';
  return 'default';
}

export function ScopeField(props: { form: SetupForm; path: Path; scope: unknown; label: string }) {
  const kind = () => kindOf(props.scope);
  const value = (key: string) => (props.scope as Record<string, unknown> | undefined)?.[key];
  const choose = (next: string) => {
    const choices = props.form.choices();
    if (next === 'client') props.form.set(props.path, { client: choices?.clients[0]?.clientNumber ?? '' });
    else if (next === 'billing code') props.form.set(props.path, { billingCode: choices?.billingCodes[0] ?? '' });
    else props.form.set(props.path, undefined);
  };
  return (
    <>
      <SelectField
        form={props.form}
        path={props.path}
        label={`${props.label} scope`}
        value={kind()}
        options={['default', 'billing code', 'client']}
        caption="Applies to"
        onChange={choose}
      />
      <Show when={kind() === 'client'}>
        <TextField
          form={props.form}
          path={[...props.path, 'client']}
          label={`${props.label} client`}
          value={value('client')}
          list="setup-clients"
          placeholder="client number"
          caption="Client"
        />
      </Show>
      <Show when={kind() === 'billing code'}>
        <TextField
          form={props.form}
          path={[...props.path, 'billingCode']}
          label={`${props.label} billing code`}
          value={value('billingCode')}
          list="setup-billing-codes"
          placeholder="billing code"
          caption="Billing code"
        />
      </Show>
    </>
  );
}
