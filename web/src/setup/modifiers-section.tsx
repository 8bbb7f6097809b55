/** Statistic modifiers: each changes one statistic (per client, in `order`) before it is priced. */
import { Index, Show } from 'solid-js';
import { modifierOperations, roundingMode, timeUnit } from '../../../engine/rating/setup-file.ts';
import { ScopeField } from './scope-field.tsx';
import { chooseOne, RowButton, RowError, SectionHeader, SelectField, type SetupForm, TextField } from './setup-fields.tsx';

type Operation = (typeof modifierOperations)[number];
const DEFAULTS: Record<Operation, unknown> = {
  multiply: '1',
  add: '0',
  limit: { max: '0' },
  round: { increment: '1', mode: 'up' },
  convert: { from: 'seconds', to: 'minutes' },
  addStatistic: { statistic: 'SecCalls', factor: '1' },
};

export function ModifiersSection(props: { form: SetupForm }) {
  const modifiers = () => props.form.data().modifiers ?? [];
  const add = () => props.form.append(['modifiers'], { id: `modifier-${modifiers().length + 1}`, statistic: 'SecCalls', multiply: '1' });
  return (
    <section class="setup-section" aria-label="Statistic modifiers">
      <SectionHeader title="Statistic modifiers">
        <RowButton form={props.form} label="Add modifier" onClick={add} />
      </SectionHeader>
      <Index each={modifiers()}>{(modifier, i) => <ModifierRow form={props.form} modifier={modifier()} index={i} />}</Index>
    </section>
  );
}

function ModifierRow(props: { form: SetupForm; modifier: Record<string, unknown>; index: number }) {
  const at = (...rest: (string | number)[]) => ['modifiers', props.index, ...rest];
  const label = () => `Modifier ${props.index + 1}`;
  const operation = (): Operation => modifierOperations.find((op) => props.modifier[op] !== undefined) ?? 'multiply';
  const part = (key: string) => (props.modifier[operation()] as Record<string, unknown> | undefined)?.[key];
  const choose = (next: string) => chooseOne(props.form, at(), props.modifier, modifierOperations, DEFAULTS, next as Operation);
  return (
    <div class="setup-line" data-modifier={String(props.modifier.id ?? '')}>
      <div class="setup-row">
        <TextField form={props.form} path={at('id')} label={`${label()} id`} value={props.modifier.id} placeholder="id" />
        <TextField
          form={props.form}
          path={at('statistic')}
          label={`${label()} statistic`}
          value={props.modifier.statistic}
          list="setup-statistics"
          placeholder="statistic"
        />
        <TextField
          form={props.form}
          path={at('order')}
          label={`${label()} order`}
          value={props.modifier.order}
          kind="integer"
          placeholder="order"
          class="narrow"
        />
        <ScopeField form={props.form} path={at('scope')} scope={props.modifier.scope} label={label()} />
        <RowButton form={props.form} label="Remove" title={`Remove ${label()}`} onClick={() => props.form.remove(at())} />
      </div>
      <div class="setup-row setup-subrow">
        <SelectField
          form={props.form}
          path={at('operation')}
          label={`${label()} operation`}
          value={operation()}
          options={modifierOperations}
          caption="Operation"
          onChange={choose}
        />
        <Show when={operation() === 'multiply' || operation() === 'add'}>
          <TextField
            form={props.form}
            path={at(operation())}
            label={`${label()} ${operation()}`}
            value={props.modifier[operation()]}
            kind="decimal"
            caption={operation() === 'multiply' ? 'Factor' : 'Add'}
          />
        </Show>
        <Show when={operation() === 'limit'}>
          <TextField form={props.form} path={at('limit', 'min')} label={`${label()} at least`} value={part('min')} kind="decimal" placeholder="min" />
          <TextField form={props.form} path={at('limit', 'max')} label={`${label()} at most`} value={part('max')} kind="decimal" placeholder="max" />
        </Show>
        <Show when={operation() === 'round'}>
          <TextField
            form={props.form}
            path={at('round', 'increment')}
            label={`${label()} increment`}
            value={part('increment')}
            kind="decimal"
            caption="Increment"
          />
          <SelectField
            form={props.form}
            path={at('round', 'mode')}
            label={`${label()} rounding`}
            value={part('mode')}
            options={roundingMode.options}
            caption="Rounding"
          />
        </Show>
        <Show when={operation() === 'convert'}>
          <SelectField
            form={props.form}
            path={at('convert', 'from')}
            label={`${label()} from unit`}
            value={part('from')}
            options={timeUnit.options}
            caption="From unit"
          />
          <SelectField
            form={props.form}
            path={at('convert', 'to')}
            label={`${label()} to unit`}
            value={part('to')}
            options={timeUnit.options}
            caption="To unit"
          />
        </Show>
        <Show when={operation() === 'addStatistic'}>
          <TextField
            form={props.form}
            path={at('addStatistic', 'statistic')}
            label={`${label()} added statistic`}
            value={part('statistic')}
            list="setup-statistics"
            caption="Statistic added"
          />
          <TextField form={props.form} path={at('addStatistic', 'factor')} label={`${label()} factor`} value={part('factor')} kind="decimal" caption="Factor" />
        </Show>
        <SelectField
          form={props.form}
          path={at('per')}
          label={`${label()} applies per`}
          value={props.modifier.per}
          unset="client"
          caption="Applies per"
          options={[{ value: 'account', label: "account's total" }]}
        />
        <TextField
          form={props.form}
          path={at('description')}
          label={`${label()} description`}
          value={props.modifier.description}
          placeholder="description"
          class="wide"
        />
      </div>
      <RowError form={props.form} path={at()} />
    </div>
  );
}
