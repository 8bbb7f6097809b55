/**
 * Which formula computes each statistic of the setup in the scenario: the baseline's, or another
 * variant of the same statistic from the active release (e.g. the consensus variant instead of the
 * legacy one). Choose, then Enter or Apply: the scenario is saved and compared again, re-querying.
 */
import { createResource, For } from 'solid-js';
import { Loaded } from '../ui/states.tsx';
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
      <Loaded resource={formulas} loading="Listing the formulas…" problem="The formulas could not be listed" onRetry={() => void refetch()}>
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
      </Loaded>
    </section>
  );
}
