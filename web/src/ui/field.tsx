import type { JSX } from 'solid-js';

/** A labelled text input of a form. */
export function Field(props: {
  label: string;
  name: string;
  type?: 'text' | 'password';
  autocomplete?: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  autofocus?: boolean;
}) {
  const id = `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autocomplete={props.autocomplete}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        autofocus={props.autofocus}
        required
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
    </div>
  );
}

/** A control with its label text before it, on one line of a toolbar form: `<InlineField label="Seed"><input … /></InlineField>`. */
export function InlineField(props: { label: string; children: JSX.Element }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in
    <label class="inline-field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}
