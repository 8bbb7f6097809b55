/** Formulas of a followed library at its pin, chosen to become drafts of the workspace's review. */
import { createSignal, For, Show } from 'solid-js';
import { formulaPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { createAction } from '../ui/action.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { type Adoption, adoptFormulas } from './followed-api.ts';

export interface AdoptableFormula {
  readonly formulaId: string;
  /** What to say beside it: its change upstream, its variant and package. */
  readonly note: string;
}

/** Chosen formulas of the pin become drafts; each links to its review, where the normal review flow follows. */
export function AdoptForm(props: { name: string; formulas: readonly AdoptableFormula[]; chosen: 'all' | 'none' }) {
  const [chosen, setChosen] = createSignal<ReadonlySet<string>>(new Set(props.chosen === 'all' ? props.formulas.map((f) => f.formulaId) : []));
  const [adopted, setAdopted] = createSignal<readonly Adoption[] | null>(null);
  const action = createAction();
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen());
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const adopt = async () => {
    const made = await action.run(() => adoptFormulas(props.name, [...chosen()]));
    if (made) setAdopted(made);
  };
  return (
    <div class="adopt-form">
      <h3>Adopt as drafts</h3>
      <Show
        when={adopted()}
        fallback={
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void adopt();
            }}
          >
            <ul class="formula-choices" aria-label="Formulas to adopt">
              <For each={props.formulas}>
                {(formula) => (
                  <li>
                    <label>
                      <input type="checkbox" checked={chosen().has(formula.formulaId)} onChange={(e) => toggle(formula.formulaId, e.currentTarget.checked)} />{' '}
                      <code>{formula.formulaId}</code> <span class="muted">{formula.note}</span>
                    </label>
                  </li>
                )}
              </For>
            </ul>
            <div class="library-actions">
              <button type="submit" class="primary" disabled={action.busy() || chosen().size === 0}>
                Adopt {chosen().size} formula(s) as drafts
              </button>
              <span class="muted">Each becomes a draft of the workspace's review: submit, approve and release it as any other.</span>
            </div>
          </form>
        }
      >
        {(done) => (
          <ul class="import-list" aria-label="Adopted formulas">
            <For each={done()}>
              {(adoption) => (
                <li data-formula={adoption.formulaId}>
                  <Show when={adoption.draftId} fallback={<span>{adoption.formulaId}: the release already has this very text; no draft.</span>}>
                    {(draftId) => (
                      <a
                        href={hrefOf(formulaPath(adoption.formulaId, draftId()))}
                        onClick={(event) => followLink(event, formulaPath(adoption.formulaId, draftId()))}
                      >
                        Draft #{draftId()} of {adoption.formulaId}: open its review
                      </a>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <Show when={action.problem()}>{(p) => <ProblemMessage title="The formulas could not be adopted" problem={p()} />}</Show>
    </div>
  );
}
