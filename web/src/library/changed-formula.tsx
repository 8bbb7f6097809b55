/** A formula the package changes: what differs, and on request the release's text beside the package's. */
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { asProblem } from '../api/client.ts';
import { formulaDetail } from '../formula/library.ts';
import { MergeDiff } from '../formula/merge-diff.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loading } from '../ui/states.tsx';
import type { ImportItem } from '../api/types.ts';
import { packagedText } from './library-api.ts';

export function ChangedFormula(props: { item: ImportItem; packageText: string }) {
  const [open, setOpen] = createSignal(false);
  // Loaded only once opened: a package may change hundreds of formulas.
  const [texts] = createResource(open, async () => ({
    before: (await formulaDetail(props.item.id)).text,
    after: packagedText(props.packageText, props.item.id),
  }));
  const diffId = () => `diff-${props.item.id}`;
  return (
    <li class="changed-formula" data-formula={props.item.id}>
      <div class="changed-head">
        <code>{props.item.id}</code>
        <span class="muted">{props.item.path}</span>
        <For each={props.item.differences}>{(part) => <span class="difference">{part}</span>}</For>
        <button type="button" aria-expanded={open()} aria-controls={diffId()} onClick={() => setOpen(!open())}>
          {open() ? 'Hide diff' : 'Show diff'}
          <span class="visually-hidden"> of {props.item.id}</span>
        </button>
      </div>
      <Show when={open()}>
        <div id={diffId()} class="import-diff" role="region" aria-label={`${props.item.id}: the release (left) and the package (right)`}>
          <Switch>
            <Match when={texts.error}>
              <ProblemMessage title={`The texts of ${props.item.id} could not be loaded`} problem={asProblem(texts.error)} />
            </Match>
            <Match when={texts()}>
              {(loaded) => (
                <>
                  <div class="diff-sides" aria-hidden="true">
                    <span>In the active release</span>
                    <span>In the package</span>
                  </div>
                  <MergeDiff before={loaded().before} after={loaded().after} />
                </>
              )}
            </Match>
            <Match when={true}>
              <Loading label={`Loading ${props.item.id}…`} />
            </Match>
          </Switch>
        </div>
      </Show>
    </li>
  );
}
