/**
 * What-if: a scenario against a baseline setup on the chosen snapshot. Editing a rate, a modifier,
 * a parameter or a statistic's formula saves a new version of the scenario and compares again
 * (rate and modifier changes re-rate without re-querying; parameter and formula changes re-query),
 * then shows the totals, accounts up and down, every account side by side and a chart of the changes.
 */
import { batch, createEffect, createResource, createSignal, Match, on, Show, Switch } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { asProblem, type Problem } from '../api/client.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { ChangeChart } from './change-chart.tsx';
import { ComparisonSummary } from './comparison-summary.tsx';
import { ComparisonTable } from './comparison-table.tsx';
import { baselineSetup } from './baseline-setup.ts';
import { FormulaSwapEditor } from './formula-swap-editor.tsx';
import { withFormulaSwap } from './formula-swap-doc.ts';
import { ModifierEditor } from './modifier-editor.tsx';
import { restoredModifier, withModifier, withoutModifier } from './modifier-doc.ts';
import { ParamEditor } from './param-editor.tsx';
import { RateEditor } from './rate-editor.tsx';
import { ScenarioBar } from './scenario-bar.tsx';
import { parseScenario, scenarioText, withParam, withRate, type ScenarioDoc } from './scenario-doc.ts';
import type { AccountTotals, Comparison } from '../api/types.ts';
import { applyAnswer, type ShownRows } from './account-rows.ts';
import { setupPath } from '../shell/paths.ts';
import { navigate } from '../shell/route.ts';
import { compare, getDocument, listDocuments, saveScenario } from './whatif-api.ts';

interface Loaded {
  readonly name: string;
  readonly version: number;
  readonly doc: ScenarioDoc;
}

export function WhatIfView(props: { snapshot: string }) {
  const [setups] = createResource(() => listDocuments('setups'));
  const [scenarios, { refetch: refetchScenarios }] = createResource(() => listDocuments('scenarios'));
  const [setup, setSetup] = createSignal('');
  const [scenarioName, setScenarioName] = createSignal('');
  createEffect(() => setup() || setSetup(setups()?.[0]?.name ?? ''));
  createEffect(() => scenarioName() || setScenarioName(scenarios()?.[0]?.name ?? ''));

  const [baseline] = createResource(
    () => setup() || false,
    async (name) => baselineSetup((await getDocument('setups', name)).text),
  );
  const [scenario, setScenario] = createSignal<Loaded | null>(null);
  const [comparison, setComparison] = createSignal<Comparison | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  let sequence = 0;

  /** Runs one step (load, save, compare); a later step makes an earlier one's result moot. */
  const step = async (label: string, work: (mine: () => boolean) => Promise<void>) => {
    const id = ++sequence;
    setBusy(label);
    setProblem(null);
    try {
      await work(() => id === sequence);
    } catch (error) {
      if (id === sequence) setProblem(asProblem(error));
    } finally {
      if (id === sequence) setBusy(null);
    }
  };
  // The account rows shown, kept in a store by account: a new answer changes only the rows that
  // changed (the server sends just those), and only their cells are drawn again.
  let shown: ShownRows | null = null;
  const [rows, setRows] = createStore<AccountTotals[]>([]);
  /** Asks for the comparison (of `text` when given, else of the stored scenario) and the rows it makes. */
  const fetchCompare = async (name: string, text?: string) => {
    let result = await compare(props.snapshot, setup(), name, shown?.version, text);
    let next = applyAnswer(shown, result);
    if (!next) {
      result = await compare(props.snapshot, setup(), name, undefined, text);
      next = applyAnswer(null, result);
    }
    return { result, next };
  };
  const showCompare = (mine: () => boolean, { result, next }: Awaited<ReturnType<typeof fetchCompare>>) => {
    if (!mine()) return;
    shown = next ?? null;
    batch(() => {
      setRows(reconcile([...(next?.rows ?? [])], { key: 'account' }));
      setComparison(result);
    });
  };
  const runCompare = async (mine: () => boolean, name: string) => showCompare(mine, await fetchCompare(name));

  createEffect(
    on([scenarioName, setup], ([name, base]) => {
      setComparison(null);
      if (!name || !base) return setScenario(null);
      void step('Comparing…', async (mine) => {
        const stored = await getDocument('scenarios', name);
        if (!mine()) return;
        setScenario({ name, version: stored.version, doc: parseScenario(stored.text) });
        await runCompare(mine, name);
      });
    }),
  );

  /** Compares the edited scenario and saves it; resolves to false when the save was refused (the editors then keep what was typed). */
  const save = (doc: ScenarioDoc, label = 'Saving and comparing…'): Promise<boolean> => {
    const current = scenario();
    if (!current) return Promise.resolve(false);
    let saved = false;
    return step(label, async (mine) => {
      // The edit is compared first and shown, then saved: the new totals need not wait for the save.
      // A refused save is the problem reported (before a failed comparison's), and the view then
      // shows the stored scenario's comparison again.
      const text = scenarioText(doc);
      const compared = await fetchCompare(current.name, text).then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      );
      if ('answer' in compared) showCompare(mine, compared.answer);
      const stored = await saveScenario(current.name, text, current.version).catch(async (error: unknown) => {
        if ('answer' in compared && mine()) await runCompare(mine, current.name).catch(() => undefined);
        throw error;
      });
      saved = true;
      setScenario({ name: current.name, version: stored.version, doc });
      if ('error' in compared) throw compared.error;
    }).then(() => saved);
  };
  const loaded = () => scenario() as Loaded;
  const modifiers = () => baseline()?.modifiers ?? [];
  const statistics = () => [...(baseline()?.statistics.keys() ?? [])];
  const create = (name: string) =>
    void step('Creating the scenario…', async () => {
      await saveScenario(name, scenarioText({ name }), 0);
      await refetchScenarios();
      setScenarioName(name);
    });

  return (
    <main class="view whatif" aria-label="What-if">
      <Switch>
        <Match when={setups.error || scenarios.error}>
          <ProblemMessage title="The setups and scenarios could not be listed" problem={asProblem(setups.error ?? scenarios.error)} />
        </Match>
        <Match when={setups.loading || scenarios.loading}>
          <Loading label="Listing setups and scenarios…" />
        </Match>
        <Match when={setups()?.length === 0}>
          <Empty title="No billing setup yet.">
            <p>A scenario is priced against a billing setup: its plans, prices and who is on which plan. Create one first.</p>
            <button type="button" class="primary" onClick={() => navigate(setupPath())}>
              Open the billing setup editor
            </button>
          </Empty>
        </Match>
        <Match when={setups()}>
          <ScenarioBar
            setups={(setups() ?? []).map((s) => s.name)}
            setup={setup()}
            onSetup={setSetup}
            scenarios={(scenarios() ?? []).map((s) => s.name)}
            scenario={scenarioName()}
            onScenario={setScenarioName}
            onCreate={create}
            busy={busy() !== null}
          />
          <p class="view-status" role="status" aria-live="polite">
            {busy() ?? (scenario() ? `Scenario ${scenario()?.name}, version ${scenario()?.version}` : 'Create or choose a scenario.')}
          </p>
          <Show when={problem()}>{(found) => <ProblemMessage problem={found()} />}</Show>
          <div class="whatif-body">
            <div class="whatif-inputs">
              <Show
                when={scenario() && baseline()}
                fallback={
                  <Show when={baseline.loading}>
                    <Loading label="Reading the setup…" />
                  </Show>
                }
              >
                <RateEditor
                  baseline={baseline()?.plans ?? []}
                  scenario={loaded().doc}
                  disabled={busy() !== null}
                  onRate={(field, value) => save(withRate(loaded().doc, baseline()?.plans ?? [], field, value))}
                />
                <ModifierEditor
                  baseline={modifiers()}
                  scenario={loaded().doc}
                  statistics={statistics()}
                  busy={busy() !== null}
                  onChange={(modifier) => save(withModifier(loaded().doc, modifiers(), modifier))}
                  onRemove={(id) => save(withoutModifier(loaded().doc, modifiers(), id))}
                  onRestore={(id) => save(restoredModifier(loaded().doc, id))}
                />
                <FormulaSwapEditor
                  statistics={baseline()?.statistics ?? new Map()}
                  scenario={loaded().doc}
                  busy={busy() !== null}
                  onSwap={(statistic, formula, base) =>
                    save(withFormulaSwap(loaded().doc, statistic, formula, base), 'Saving and computing the statistics again…')
                  }
                />
                <ParamEditor scenario={loaded().doc} disabled={busy() !== null} onParam={(name, value) => void save(withParam(loaded().doc, name, value))} />
              </Show>
            </div>
            <div class="whatif-results">
              <Show when={comparison()}>
                {(found) => (
                  <>
                    <ComparisonSummary comparison={found()} />
                    <ChangeChart accounts={rows} />
                    <ComparisonTable accounts={rows} currency={found().currency} />
                  </>
                )}
              </Show>
            </div>
          </div>
        </Match>
      </Switch>
    </main>
  );
}
