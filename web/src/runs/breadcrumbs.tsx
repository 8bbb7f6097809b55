/** Where a page sits in the billing runs view, each step back a link: Billing runs › RUN › Invoice ACME. */
import { For } from 'solid-js';
import { followLink, hrefOf } from '../shell/route.ts';

export function Breadcrumbs(props: { trail: readonly { readonly label: string; readonly path: string }[]; current: string }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumbs">
      <For each={props.trail}>
        {(step) => (
          <>
            <a href={hrefOf(step.path)} onClick={(event) => followLink(event, step.path)}>
              {step.label}
            </a>
            <span aria-hidden="true"> › </span>
          </>
        )}
      </For>
      <span aria-current="page">{props.current}</span>
    </nav>
  );
}
