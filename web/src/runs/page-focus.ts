/**
 * A page of the billing runs view opened from a link takes the focus, so a keyboard user goes on
 * from its top (the link they pressed is gone) and a screen reader announces the page by its label:
 * `<article tabIndex={-1} ref={focusOnOpen}>`.
 */
export function focusOnOpen(page: HTMLElement): void {
  queueMicrotask(() => {
    // Only when the focus was lost with the link (on the body): never taken from a field the user is in.
    if (document.activeElement === null || document.activeElement === document.body) page.focus({ preventScroll: true });
  });
}
