/**
 * A quirk code of the legacy report (D16) as the workbench shows it: a button whose accessible
 * description is the quirk's title, shown beside it on hover and keyboard focus; pressed, it also
 * says what the legacy report does and what the consensus does instead (Escape closes). The
 * catalogue comes from GET /api/quirks, fetched once; until it arrives, or for a code it does not
 * hold, the code is plain text.
 */
import { createResource, createSignal, createUniqueId, For, Index, Show } from 'solid-js';
import { call, endpoints } from '../api/client.ts';
import type { Quirk } from '../api/types.ts';
import './quirk-code.css';

export type { Quirk };

let catalogue: Promise<ReadonlyMap<string, Quirk>> | undefined;

/** The quirks by code, fetched once; after a failure the next caller asks again. */
export function quirkCatalogue(): Promise<ReadonlyMap<string, Quirk>> {
  if (!catalogue) {
    catalogue = call(endpoints.listQuirks).then((response) => new Map(response.quirks.map((quirk) => [quirk.code, quirk])));
    catalogue.catch(() => {
      catalogue = undefined;
    });
  }
  return catalogue;
}

export function QuirkCode(props: { code: string }) {
  // Without the catalogue the codes still read as codes: a failed fetch is not the panel's problem.
  const [quirks] = createResource(() => quirkCatalogue().catch(() => new Map<string, Quirk>()));
  const [open, setOpen] = createSignal(false);
  const [dismissed, setDismissed] = createSignal(false);
  const [room, setRoom] = createSignal({ flipped: false, width: 340 });
  const id = createUniqueId();
  // The box opens to the right of the code, or to its left when the window has more room there, and is no wider than that room.
  const place = (element: HTMLElement) => {
    const { left, right } = element.getBoundingClientRect();
    const [rightward, leftward] = [window.innerWidth - left - 8, right - 8];
    const flipped = rightward < 340 && leftward > rightward;
    setRoom({ flipped, width: Math.min(340, flipped ? leftward : rightward) });
  };
  return (
    <Show when={quirks()?.get(props.code)} fallback={props.code}>
      {(quirk) => (
        <span class="quirk" classList={{ open: open(), dismissed: dismissed(), flipped: room().flipped }} style={{ '--quirk-room': `${room().width}px` }}>
          <button
            type="button"
            class="quirk-code"
            aria-describedby={`${id}-title`}
            aria-expanded={open()}
            aria-controls={`${id}-box`}
            onMouseEnter={(event) => {
              place(event.currentTarget);
              setDismissed(false);
            }}
            onFocus={(event) => place(event.currentTarget)}
            onBlur={() => {
              setOpen(false);
              setDismissed(false);
            }}
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              setOpen(false);
              setDismissed(true);
            }}
            onClick={() => {
              setOpen(!open());
              setDismissed(false);
            }}
          >
            {props.code}
          </button>
          <span class="quirk-box" id={`${id}-box`}>
            <strong id={`${id}-title`}>{quirk().title}</strong>
            <Show when={open()}>
              <span>Legacy report: {quirk().legacy}</span>
              <span>Consensus: {quirk().consensus}</span>
            </Show>
          </span>
        </span>
      )}
    </Show>
  );
}

/** Codes as a list: D6, D7, D16. */
export function QuirkCodes(props: { codes: readonly string[] }) {
  return (
    <For each={props.codes}>
      {(code, i) => (
        <>
          {i() > 0 ? ', ' : ''}
          <QuirkCode code={code} />
        </>
      )}
    </For>
  );
}

/** Text with every quirk code in it shown as a {@link QuirkCode}: "the export was made with D5 fixed…". */
export function QuirkText(props: { text: string }) {
  // split with a capturing group puts the codes at the odd indexes.
  return <Index each={props.text.split(/\b(D\d+)\b/)}>{(part, i) => (i % 2 === 1 ? <QuirkCode code={part()} /> : part())}</Index>;
}
