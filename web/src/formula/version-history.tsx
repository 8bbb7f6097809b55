/**
 * A formula's versions (GET /api/formulas/{id}/versions) and any two of them — or a version and
 * the editor's text — side by side. A modal dialog: Escape closes it.
 */
import { createResource, createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import { asProblem, call, endpoints } from '../api/client.ts';
import type { FormulaDetail, FormulaVersion } from '../api/types.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loading } from '../ui/states.tsx';
import { MergeDiff } from './merge-diff.tsx';
import { versionText } from './version-texts.ts';

const EDITOR = 'editor';

export function VersionHistory(props: { release: FormulaDetail; editorText: string; onClose: () => void }) {
  let dialog!: HTMLDialogElement;
  const [versions] = createResource(async () => (await call(endpoints.formulaVersions, { params: { id: props.release.formula.id } })).versions);
  const [before, setBefore] = createSignal('');
  const [after, setAfter] = createSignal(EDITOR);
  const chosenBefore = () => before() || previousOf(versions() ?? [], props.release.version);
  const textOf = (choice: string) => (choice === EDITOR ? Promise.resolve(props.editorText) : versionText(props.release, choice));
  const [texts] = createResource(
    () => versions() && { a: chosenBefore(), b: after() },
    async ({ a, b }) => ({ before: await textOf(a), after: await textOf(b) }),
  );

  onMount(() => dialog.showModal());
  const label = (version: FormulaVersion) =>
    `v${version.number} · ${version.author} · ${version.createdAt.slice(0, 16).replace('T', ' ')}${version.versionId === props.release.version ? ' · in the release' : ''}`;
  const picker = (name: string, value: () => string, onChange: (v: string) => void) => (
    <label class="inline-field">
      <span>{name}</span>
      <select value={value()} onChange={(event) => onChange(event.currentTarget.value)} aria-label={name}>
        <For each={versions() ?? []}>{(version) => <option value={version.versionId}>{label(version)}</option>}</For>
        <option value={EDITOR}>the editor's text</option>
      </select>
    </label>
  );

  return (
    <dialog ref={dialog} class="history" aria-label={`Versions of ${props.release.formula.id}`} onClose={() => props.onClose()}>
      <header>
        <h2>Versions of {props.release.formula.id}</h2>
        <button type="button" onClick={() => dialog.close()} aria-label="Close the version history">
          Close
        </button>
      </header>
      <Switch>
        <Match when={versions.error}>
          <ProblemMessage problem={asProblem(versions.error)} />
        </Match>
        <Match when={versions()}>
          <div class="history-pickers">
            {picker('Before', chosenBefore, setBefore)}
            {picker('After', after, setAfter)}
          </div>
          <Show when={texts.error}>
            <ProblemMessage problem={asProblem(texts.error)} />
          </Show>
          <Show when={texts()} fallback={<Loading label="Loading the versions…" />}>
            {(loaded) => <MergeDiff before={loaded().before} after={loaded().after} />}
          </Show>
        </Match>
        <Match when={true}>
          <Loading label="Listing versions…" />
        </Match>
      </Switch>
    </dialog>
  );
}

/** The version before the release's one, or the release's own when it is the first. */
function previousOf(versions: readonly FormulaVersion[], current: string): string {
  const index = versions.findIndex((version) => version.versionId === current);
  return versions[Math.max(0, index - 1)]?.versionId ?? current;
}
