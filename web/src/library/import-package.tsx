/**
 * Import a package: choose the file, see what it would change (compared with the active release,
 * nothing written), then import its new and changed formulas as drafts, which go through review.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loading } from '../ui/states.tsx';
import { ImportPlan } from './import-plan.tsx';
import type { CreatedDraft, ImportItem } from '../api/types.ts';
import { applyImport, planImport } from './library-api.ts';

type Stage =
  | { readonly kind: 'choosing' }
  | { readonly kind: 'comparing' }
  | { readonly kind: 'refused'; readonly problem: Problem }
  | { readonly kind: 'planned'; readonly text: string; readonly items: readonly ImportItem[]; readonly applying: boolean; readonly problem?: Problem }
  | { readonly kind: 'imported'; readonly text: string; readonly items: readonly ImportItem[]; readonly drafts: readonly CreatedDraft[] };

export function ImportPackage() {
  const [file, setFile] = createSignal<File | null>(null);
  const [stage, setStage] = createSignal<Stage>({ kind: 'choosing' });

  const compare = async (chosen: File) => {
    setStage({ kind: 'comparing' });
    try {
      const text = await chosen.text();
      setStage({ kind: 'planned', text, items: await planImport(text), applying: false });
    } catch (error) {
      setStage({ kind: 'refused', problem: asProblem(error) });
    }
  };
  const apply = async (planned: Extract<Stage, { kind: 'planned' }>) => {
    setStage({ ...planned, applying: true });
    try {
      setStage({ kind: 'imported', text: planned.text, items: planned.items, drafts: await applyImport(planned.text) });
    } catch (error) {
      setStage({ ...planned, applying: false, problem: asProblem(error) });
    }
  };
  const refused = inStage(stage, 'refused');
  const planned = inStage(stage, 'planned');
  const imported = inStage(stage, 'imported');
  const toImport = (items: readonly ImportItem[]) => items.filter((item) => item.status !== 'unchanged').length;

  return (
    <section class="library-section" aria-labelledby="library-import-title">
      <h2 id="library-import-title">Import a package</h2>
      <form
        class="view-toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          const chosen = file();
          if (chosen) void compare(chosen);
        }}
      >
        <InlineField label="Package file">
          <input
            type="file"
            aria-label="Package file"
            accept=".json,application/json"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setStage({ kind: 'choosing' });
            }}
          />
        </InlineField>
        <button type="submit" disabled={!file() || stage().kind === 'comparing'}>
          Compare with the library
        </button>
      </form>
      <Switch>
        <Match when={stage().kind === 'choosing'}>
          <p class="muted">Choose a package file (JSON, from an export here or elsewhere) to see what it would change before importing anything.</p>
        </Match>
        <Match when={stage().kind === 'comparing'}>
          <Loading label="Comparing the package with the active release…" />
        </Match>
        <Match when={refused()}>{(r) => <ProblemMessage title="The package cannot be imported" problem={r().problem} />}</Match>
        <Match when={planned()}>
          {(p) => (
            <>
              <ImportPlan items={p().items} packageText={p().text} />
              <div class="import-actions">
                <Show
                  when={toImport(p().items) > 0}
                  fallback={<p class="muted">Nothing to import: every formula in the package is already in the release as it is.</p>}
                >
                  <button type="button" class="primary" disabled={p().applying} onClick={() => void apply(p())}>
                    Import as drafts ({toImport(p().items)})
                  </button>
                  <span class="view-status" role="status">
                    {p().applying
                      ? 'Creating drafts…'
                      : 'New and changed formulas become drafts for review; the release does not change until they are approved and promoted.'}
                  </span>
                </Show>
              </div>
              <Show when={p().problem}>{(found) => <ProblemMessage title="The drafts were not created" problem={found()} />}</Show>
            </>
          )}
        </Match>
        <Match when={imported()}>
          {(done) => (
            <div class="import-done">
              <p role="status">
                <strong>
                  {done().drafts.length} draft{done().drafts.length === 1 ? '' : 's'} created
                </strong>{' '}
                — open them in the formula editor to review and submit.
              </p>
              <ul class="import-list" aria-label="Drafts created">
                <For each={done().drafts}>
                  {(draft) => (
                    <li data-draft={draft.draftId}>
                      Draft #{draft.draftId} · <code>{draft.formulaId}</code>{' '}
                      <span class="muted">({done().items.find((item) => item.id === draft.formulaId)?.status})</span>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** The stage while it is of `kind`, else undefined (for <Match when>). */
function inStage<K extends Stage['kind']>(stage: () => Stage, kind: K): () => Extract<Stage, { kind: K }> | undefined {
  return () => {
    const current = stage();
    return current.kind === kind ? (current as Extract<Stage, { kind: K }>) : undefined;
  };
}
