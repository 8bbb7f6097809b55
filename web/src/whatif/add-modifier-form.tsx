/**
 * Adds a modifier to the scenario: its id, the statistic it changes, the operation and its values,
 * the order among the statistic's modifiers, and optionally one client it is limited to. Checked by
 * field before saving; cleared only once the scenario is saved.
 */
import { createSignal, For } from 'solid-js';
import { clientNumber, identifier } from '../../../engine/rating/setup-file.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { blankValues, OPERATION_LABELS, OPERATIONS, operationErrors, withOperation, type OperationKind, type OperationValues } from './modifier-operations.ts';
import { OperationInputs } from './operation-inputs.tsx';
import type { ModifierDoc } from './scenario-doc.ts';
import { submitOnEnter } from './submit-on-enter.ts';

export function AddModifierForm(props: {
  statistics: readonly string[];
  takenIds: readonly string[];
  busy: boolean;
  onAdd: (modifier: ModifierDoc) => Promise<boolean>;
}) {
  const [id, setId] = createSignal('');
  const [statistic, setStatistic] = createSignal('');
  const [op, setOp] = createSignal<OperationKind>('multiply');
  const [values, setValues] = createSignal<OperationValues>(blankValues('multiply'));
  const [order, setOrder] = createSignal('10');
  const [client, setClient] = createSignal('');
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  let form!: HTMLFormElement;

  const headErrors = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!identifier.safeParse(id().trim()).success) found.id = 'an id: letters, digits, _, . and -';
    else if (props.takenIds.includes(id().trim())) found.id = `a modifier ${id().trim()} exists already`;
    if (!identifier.safeParse(statistic().trim()).success) found.target = 'the statistic it changes, e.g. SelSecDuration';
    if (!/^-?\d+$/.test(order().trim())) found.order = 'a whole number';
    if (client().trim() !== '' && !clientNumber.safeParse(client().trim()).success) found.client = 'a client number (digits), or empty for every client';
    return found;
  };
  const submit = async () => {
    if (props.busy) return;
    const found = { ...headErrors(), ...operationErrors(op(), values()) };
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) return form.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
    const head: ModifierDoc = {
      id: id().trim(),
      statistic: statistic().trim(),
      order: Number(order().trim()),
      ...(client().trim() ? { scope: { client: client().trim() } } : {}),
    };
    if (await props.onAdd(withOperation(head, op(), values()))) {
      setId('');
      setValues(blankValues(op()));
    }
  };
  const headField = (key: string, label: string, value: () => string, set: (v: string) => void, extra: { placeholder?: string; list?: string } = {}) => (
    <span class="op-field">
      <label for={`add-modifier-${key}`}>{label}</label>
      <input
        id={`add-modifier-${key}`}
        data-field={key}
        {...invalidAttributes(`add-modifier-${key}`, errors()[key])}
        value={value()}
        onInput={(e) => set(e.currentTarget.value)}
        {...extra}
      />
      <FieldError for={`add-modifier-${key}`} error={errors()[key]} />
    </span>
  );

  return (
    <form
      ref={form}
      class="add-modifier"
      aria-label="Add a modifier"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h4>Add a modifier</h4>
      <div class="modifier-fields">
        {headField('id', 'Modifier id', id, setId, { placeholder: 'e.g. cap-minutes' })}
        {headField('target', 'Statistic', statistic, setStatistic, { list: 'add-modifier-statistics' })}
        <datalist id="add-modifier-statistics">
          <For each={props.statistics}>{(s) => <option value={s} />}</For>
        </datalist>
        <span class="op-field">
          <label for="add-modifier-operation">Operation</label>
          <select
            id="add-modifier-operation"
            onKeyDown={submitOnEnter}
            onChange={(e) => {
              const next = e.currentTarget.value as OperationKind;
              setOp(next);
              setValues(blankValues(next));
              setErrors({});
            }}
          >
            <For each={OPERATIONS}>
              {(kind) => (
                <option value={kind} selected={kind === op()}>
                  {OPERATION_LABELS[kind]}
                </option>
              )}
            </For>
          </select>
        </span>
        <OperationInputs
          idPrefix="add-modifier-op"
          name="New modifier"
          op={op()}
          values={values()}
          errors={errors()}
          statistics={props.statistics}
          onInput={(key, value) => setValues({ ...values(), [key]: value })}
        />
        {headField('order', 'Order', order, setOrder, { placeholder: '10' })}
        {headField('client', 'Only client', client, setClient, { placeholder: 'every client' })}
      </div>
      <button type="submit" aria-disabled={props.busy}>
        Add modifier
      </button>
    </form>
  );
}
