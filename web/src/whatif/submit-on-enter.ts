/**
 * Enter on a select applies its form, as Enter does in the form's text inputs: browsers submit a
 * form implicitly only from inputs, so a keyboard user would otherwise have to Tab to the button.
 */
export function submitOnEnter(event: KeyboardEvent & { currentTarget: HTMLSelectElement }): void {
  if (event.key !== 'Enter') return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}
