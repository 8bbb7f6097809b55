/**
 * Which formula computes each statistic of the setup in the scenario: the baseline's, or another
 * variant of the same statistic from the active release (e.g. the consensus variant instead of the
 * legacy one). Choose, then Enter or Apply: the scenario is saved and compared again, re-querying.
 */
import { createResource, For, Match, Switch } from 'solid-js';
import { asProblem } from '../api/client.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loading } from '../ui/states.tsx';
import { FormulaSwapRow } from './formula-swap-row.tsx';
import { listReleaseFormulas } from './formulas-api.ts';
import type { ScenarioDoc } from './scenario-doc.ts';
import './whatif-edits.css';

export function FormulaSwapEditor(props: {
  /** Statistic -> the formula computing it in the baseline. */
  statistics: ReadonlyMap<string, string>;
  scenario: ScenarioDoc;
  busy: boolean;
  onSwap: (statistic: string, formula: string, baselineFormula: string) => Promise<boolean>;
}) {
  const [formulas, { refetch }] = createResource(listReleaseFormulas);
  return (
    <section class="formula-swap-editor" aria-label="Formulas" aria-busy={props.busy}>
      <h3>Formulas</h3>
      <Switch>
        <Match when={formulas.error}>
          <ProblemMessage title="The formulas could not be listed" problem={asProblem(formulas.error)} onRetry={() => void refetch()} />
        </Match>
        <Match when={formulas.loading}>
          <Loading label="Listing the formulas…" />
        </Match>
        <Match when={formulas()}>
          {(list) => (
            <ul class="swap-list">
              <For each={[...props.statistics.keys()]} fallback={<li class="muted">The baseline setup prices no statistic.</li>}>
                {(statistic) => (
                  <FormulaSwapRow
                    statistic={statistic}
                    baselineFormula={props.statistics.get(statistic) ?? statistic}
                    scenario={props.scenario}
                    formulas={list()}
                    busy={props.busy}
                    onSwap={props.onSwap}
                  />
                )}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
    </section>
  );
}
