/**
 * One statistic's formula in the scenario: a choice among its variants and their stored versions
 * (e.g. the consensus variant, or an older or approved-but-unreleased version), applied with Enter
 * or the Apply button.
 */
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { scenarioFormula, swapGroups, variantChoices } from './formula-swap-doc.ts';
import type { FormulaSummary, FormulaVersion } from '../api/types.ts';
import { listFormulaVersions } from './formulas-api.ts';
import type { ScenarioDoc } from './scenario-doc.ts';
import { submitOnEnter } from './submit-on-enter.ts';

export function FormulaSwapRow(props: {
  statistic: string;
  baselineFormula: string;
  scenario: ScenarioDoc;
  formulas: readonly FormulaSummary[];
  busy: boolean;
  onSwap: (statistic: string, formula: string, baselineFormula: string) => Promise<boolean>;
}) {
  const current = () => scenarioFormula(props.scenario, props.statistic, props.baselineFormula);
  const choices = () => variantChoices(props.formulas, props.baselineFormula);
  // Until the versions are listed the variants alone are offered, so the choice is usable at once.
  const [versions] = createResource(
    () => choices().map((f) => f.id),
    async (ids) => new Map<string, readonly FormulaVersion[]>(await Promise.all(ids.map(async (id) => [id, await listFormulaVersions(id)] as const))),
  );
  const groups = () => swapGroups(choices(), versions() ?? new Map(), props.baselineFormula);
  const known = () => groups().some((g) => g.options.some((o) => o.value === current()));
  const [chosen, setChosen] = createSignal(current());
  createEffect(on(current, (formula) => setChosen(formula), { defer: true }));
  const id = () => `swap-${props.statistic.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  const apply = () => {
    if (!props.busy && chosen() !== current()) void props.onSwap(props.statistic, chosen(), props.baselineFormula);
  };
  return (
    <li class="swap-row" classList={{ changed: current() !== props.baselineFormula }} data-statistic={props.statistic}>
      <form
        aria-label={`Formula of ${props.statistic}`}
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <label for={id()}>{props.statistic}</label>
        <Show when={choices().length > 0} fallback={<span class="muted"> {props.baselineFormula}: not in the active release</span>}>
          <select id={id()} aria-label={`${props.statistic} formula`} onKeyDown={submitOnEnter} onChange={(e) => setChosen(e.currentTarget.value)}>
            {/* `selected` on the options, not `value` on the select: the value would be set before the options exist. */}
            <Show when={!known()}>
              <option value={current()} selected={chosen() === current()}>
                {current()}
              </option>
            </Show>
            <For each={groups()}>
              {(group) => (
                <optgroup label={group.label}>
                  <For each={group.options}>
                    {(option) => (
                      <option value={option.value} selected={option.value === chosen()}>
                        {option.label}
                      </option>
                    )}
                  </For>
                </optgroup>
              )}
            </For>
          </select>
          <button type="submit" aria-disabled={props.busy || chosen() === current()} aria-label={`Apply the ${props.statistic} formula`}>
            Apply
          </button>
          <Show when={chosen() !== current()}>
            <span class="muted pending">not applied yet</span>
          </Show>
          <Show when={versions.error}>
            <span class="field-error">The versions could not be listed; the variants can still be chosen.</span>
          </Show>
        </Show>
      </form>
    </li>
  );
}
