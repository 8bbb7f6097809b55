/**
 * The labelled inputs of one modifier operation (e.g. round: increment and mode), each with its
 * error beside it. Values live in the form that owns them, so a rejected value stays as typed.
 */
import { For, Show } from 'solid-js';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { submitOnEnter } from './submit-on-enter.ts';
import { OPERATION_FIELDS, type OperationField, type OperationKind, type OperationValues } from './modifier-operations.ts';

export function OperationInputs(props: {
  /** Unique per form, for element ids. */
  idPrefix: string;
  /** Names the inputs for assistive technology, e.g. "whole-minutes" -> "whole-minutes increment". */
  name: string;
  op: OperationKind;
  values: OperationValues;
  errors: Readonly<Record<string, string>>;
  statistics: readonly string[];
  onInput: (key: string, value: string) => void;
}) {
  return (
    <For each={OPERATION_FIELDS[props.op]}>
      {(field) => {
        const id = () => `${props.idPrefix}-${field.key}`;
        const error = () => props.errors[field.key];
        const common = () => ({
          id: id(),
          'data-field': field.key,
          'aria-label': `${props.name} ${field.label.toLowerCase()}`,
          ...invalidAttributes(id(), error()),
        });
        return (
          <span class="op-field">
            <label for={id()}>{field.label}</label>
            <Show
              when={field.type === 'choice'}
              fallback={
                <TextInput
                  field={field}
                  attributes={common()}
                  value={props.values[field.key] ?? ''}
                  statistics={props.statistics}
                  onInput={(v) => props.onInput(field.key, v)}
                />
              }
            >
              {/* `selected` on the options, not `value` on the select: the value would be set before the options exist. */}
              <select {...common()} onKeyDown={submitOnEnter} onChange={(e) => props.onInput(field.key, e.currentTarget.value)}>
                <For each={field.choices}>
                  {(choice) => (
                    <option value={choice} selected={choice === props.values[field.key]}>
                      {choice}
                    </option>
                  )}
                </For>
              </select>
            </Show>
            <FieldError for={id()} error={error()} />
          </span>
        );
      }}
    </For>
  );
}

function TextInput(props: {
  field: OperationField;
  attributes: Record<string, unknown>;
  value: string;
  statistics: readonly string[];
  onInput: (value: string) => void;
}) {
  const listId = () => `${String(props.attributes.id)}-statistics`;
  return (
    <>
      <input
        {...props.attributes}
        type="text"
        inputmode={props.field.type === 'statistic' ? 'text' : 'decimal'}
        placeholder={props.field.optional ? 'none' : ''}
        list={props.field.type === 'statistic' ? listId() : undefined}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <Show when={props.field.type === 'statistic'}>
        <datalist id={listId()}>
          <For each={props.statistics}>{(s) => <option value={s} />}</For>
        </datalist>
      </Show>
    </>
  );
}
