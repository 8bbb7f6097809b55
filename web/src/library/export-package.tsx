/** Export the active release's formulas as a package file: all of them, or the ones ticked in a filterable list. */
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { formulaList } from '../formula/library.ts';
import { download } from '../grid/export-csv.ts';
import { createAction } from '../ui/action.ts';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loaded } from '../ui/states.tsx';
import { exportPackage, packageFileName } from './library-api.ts';

export function ExportPackage() {
  const [formulas, { refetch }] = createResource(formulaList);
  const [scope, setScope] = createSignal<'all' | 'chosen'>('all');
  const [chosen, setChosen] = createSignal<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = createSignal('');
  const action = createAction();
  const [done, setDone] = createSignal('');

  const shown = createMemo(() => {
    const needle = filter().trim().toLowerCase();
    return (formulas() ?? []).filter((f) => !needle || `${f.id} ${f.title}`.toLowerCase().includes(needle));
  });
  const count = () => (scope() === 'all' ? (formulas()?.length ?? 0) : chosen().size);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen());
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

  const save = async () => {
    setDone('');
    await action.run(async () => {
      const pkg = await exportPackage(scope() === 'all' ? undefined : [...chosen()]);
      const name = packageFileName(pkg);
      download(name, new Blob([`${JSON.stringify(pkg, null, 2)}\n`], { type: 'application/json' }));
      setDone(`Saved ${pkg.formulas.length} formula(s) as ${name}.`);
    });
  };

  return (
    <section class="library-section" aria-labelledby="library-export-title">
      <h2 id="library-export-title">Export a package</h2>
      <Loaded resource={formulas} loading="Listing the release's formulas…" problem="The formulas could not be listed" onRetry={() => void refetch()}>
        {() => (
          <>
            <form
              class="export-form"
              onSubmit={(event) => {
                event.preventDefault();
                void save();
              }}
            >
              <fieldset class="export-scope">
                <legend>Formulas</legend>
                <label>
                  <input type="radio" name="export-scope" value="all" checked={scope() === 'all'} onChange={() => setScope('all')} /> All formulas of the active
                  release ({formulas()?.length ?? 0})
                </label>
                <label>
                  <input type="radio" name="export-scope" value="chosen" checked={scope() === 'chosen'} onChange={() => setScope('chosen')} /> Chosen formulas
                </label>
              </fieldset>
              <Show when={scope() === 'chosen'}>
                <InlineField label="Filter">
                  <input
                    type="search"
                    aria-label="Filter formulas"
                    placeholder="id or title"
                    value={filter()}
                    onInput={(e) => setFilter(e.currentTarget.value)}
                  />
                </InlineField>
                <ul class="formula-choices" aria-label="Formulas to export">
                  <For each={shown()} fallback={<li class="muted">No formula matches “{filter()}”.</li>}>
                    {(formula) => (
                      <li>
                        <label>
                          <input type="checkbox" checked={chosen().has(formula.id)} onChange={(e) => toggle(formula.id, e.currentTarget.checked)} />{' '}
                          <code>{formula.id}</code> <span class="muted">{formula.title}</span>
                        </label>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <div class="export-actions">
                <button type="submit" class="primary" disabled={action.busy() || count() === 0}>
                  Download package ({count()} formula{count() === 1 ? '' : 's'})
                </button>
                <span class="view-status" role="status">
                  {action.busy() ? 'Packing…' : done()}
                </span>
              </div>
            </form>
            <Show when={action.problem()}>{(found) => <ProblemMessage title="The package could not be exported" problem={found()} />}</Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
