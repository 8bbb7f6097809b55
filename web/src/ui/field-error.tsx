/**
 * A field's own error, shown beside it and tied to it for assistive technology: the input gets
 * `aria-invalid` and `aria-describedby` pointing at the message, e.g.
 * `<input id="x" {...invalidAttributes('x', error())} /><FieldError for="x" error={error()} />`.
 */
import { Show } from 'solid-js';

/** The id of the message that describes the field with id `id`. */
export const errorId = (id: string): string => `${id}-error`;

/** `aria-invalid` and `aria-describedby` for the field `id`: set while it has an error, undefined (absent) otherwise. */
export function invalidAttributes(id: string, error: string | null | undefined): { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined } {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId(id) : undefined };
}

export function FieldError(props: { for: string; error: string | null | undefined }) {
  return (
    <Show when={props.error}>
      <span id={errorId(props.for)} class="field-error">
        {props.error}
      </span>
    </Show>
  );
}
