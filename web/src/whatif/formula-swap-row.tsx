/**
 * One statistic's formula in the scenario: a choice among its variants, applied with Enter or the
 * Apply button, and the chosen formula's versions (which one the active release prices with).
 */
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { scenarioFormula, variantChoices } from './formula-swap-doc.ts';
import { listFormulaVersions, type ReleaseFormula } from './formulas-api.ts';
import type { ScenarioDoc } from './scenario-doc.ts';

export function FormulaSwapRow(props: {
  statistic: string;
  baselineFormula: string;
  scenario: ScenarioDoc;
  formulas: readonly ReleaseFormula[];
  busy: boolean;
  onSwap: (statistic: string, formula: string, baselineFormula: string) => Promise<boolean>;
}) {
  const current = () => scenarioFormula(props.scenario, props.statistic, props.baselineFormula);
  const choices = () => variantChoices(props.formulas, props.baselineFormula);
  const [chosen, setChosen] = createSignal(current());
  createEffect(on(current, (formula) => setChosen(formula), { defer: true }));
  const chosenFormula = () => props.formulas.find((f) => f.id === chosen());
  const id = () => `swap-${props.statistic.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  let form!: HTMLFormElement;

  const apply = () => {
    if (!props.busy && chosen() !== current()) void props.onSwap(props.statistic, chosen(), props.baselineFormula);
  };
  return (
    <li class="swap-row" classList={{ changed: current() !== props.baselineFormula }} data-statistic={props.statistic}>
      <form
        ref={form}
        aria-label={`Formula of ${props.statistic}`}
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <label for={id()}>{props.statistic}</label>
        <Show when={choices().length > 0} fallback={<span class="muted"> {props.baselineFormula}: not in the active release</span>}>
          <select
            id={id()}
            aria-label={`${props.statistic} formula`}
            // Enter on a select does not submit its form; here it applies the choice, as in the other editors.
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              form.requestSubmit();
            }}
            onChange={(e) => setChosen(e.currentTarget.value)}
          >
            <For each={choices()}>
              {(f) => (
                <option value={f.id} selected={f.id === chosen()}>
                  {f.id} ({f.variant}
                  {f.id === props.baselineFormula ? ', baseline' : ''})
                </option>
              )}
            </For>
          </select>
          <button type="submit" aria-disabled={props.busy || chosen() === current()} aria-label={`Apply the ${props.statistic} formula`}>
            Apply
          </button>
          <Show when={chosen() !== current()}>
            <span class="muted pending">not applied yet</span>
          </Show>
        </Show>
      </form>
      <Show when={chosenFormula()}>{(formula) => <FormulaVersions formula={formula()} />}</Show>
    </li>
  );
}

/** The formula's versions, oldest first; the scenario prices with the one in the active release. */
function FormulaVersions(props: { formula: ReleaseFormula }) {
  const [versions] = createResource(() => props.formula.id, listFormulaVersions);
  return (
    <p class="swap-versions">
      <span class="formula-title">{props.formula.title}</span>
      <Show when={versions.error}>
        <span class="field-error"> The versions could not be listed.</span>
      </Show>
      <Show when={versions()}>
        {(list) => (
          <span>
            {' · '}
            <For each={list()}>
              {(version, i) => (
                <>
                  {i() > 0 ? ', ' : ''}
                  <span classList={{ active: version.versionId === props.formula.version }} title={`by ${version.author}, ${version.createdAt}`}>
                    v{version.number}
                    {version.versionId === props.formula.version ? ' (active release)' : ''}
                  </span>
                </>
              )}
            </For>
          </span>
        )}
      </Show>
    </p>
  );
}
