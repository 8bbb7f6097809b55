/**
 * Billing setup: a setup's plans, modifiers, accounts and assignments as forms, or as YAML, with
 * its changes against the version billing runs use; checked as the user types (field errors at the
 * field), saved as a new version (If-Match: the version edited), submitted for review and approved
 * or rejected by a second person. The setup is the one at `#setup/NAME`.
 */
import EXAMPLE_SETUP from '../../../examples/billing-setup.yaml?raw';
import { batch, createEffect, createMemo, createResource, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { MergeDiff } from '../formula/merge-diff.tsx';
import { can } from '../session/session.ts';
import { setupPath } from '../shell/paths.ts';
import { navigate, route } from '../shell/route.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { AccountsSection } from './accounts-section.tsx';
import { AssignmentsSection } from './assignments-section.tsx';
import { AdjustmentsSection, PercentagesSection } from './invoice-rules-section.tsx';
import { ModifiersSection } from './modifiers-section.tsx';
import { PlansSection } from './plans-section.tsx';
import { ReviewPanel } from './review-panel.tsx';
import { approveSetup, listSetups, listVersions, rejectSetup, type SetupVersion, saveSetup, setupChoices, showSetup, submitSetup } from './setup-api.ts';
import { createSetupChecks, messageAt } from './setup-checks.ts';
import { appendValue, readSetup, removeValue, setValue } from './setup-doc.ts';
import type { SetupForm } from './setup-fields.tsx';
import { ProblemList } from './setup-problems.tsx';
import { SetupToolbar } from './setup-toolbar.tsx';
import { SetupYaml } from './setup-yaml.tsx';
import { StatisticsSection } from './statistics-section.tsx';
import { BillingStatusSection, PrepaidSection } from './status-section.tsx';
import { forgetEdits, keepEdits, keptEdits } from './unsaved-edits.ts';
import './setup.css';

type Tab = 'form' | 'yaml' | 'changes';
/** The parts of a setup the forms edit; anything else is edited in the YAML view. */
const FORM_PARTS = new Set([
  'currency',
  'rounding',
  'accounts',
  'statistics',
  'plans',
  'modifiers',
  'assignments',
  'adjustments',
  'credits',
  'percentages',
  'taxExempt',
  'billingStatus',
  'prepaid',
]);

export function SetupView(props: { snapshot: string }) {
  const [setups, { refetch: refetchSetups }] = createResource(listSetups);
  const [choices] = createResource(() => props.snapshot, setupChoices);
  const name = () => (route().view === 'setup' ? route().segments[0] : undefined) ?? '';
  createEffect(() => {
    const first = setups()?.[0]?.name;
    if (!name() && first) navigate(setupPath(first), { replace: true });
  });

  const [wanted, setWanted] = createSignal<number | undefined>(undefined);
  createEffect(on(name, () => setWanted(undefined)));
  const [loaded, { mutate: setLoaded }] = createResource(
    () => (name() ? { name: name(), version: wanted() } : false),
    ({ name: n, version }) => showSetup(n, version),
  );
  const [versions, { refetch: refetchVersions }] = createResource(() => loaded()?.name ?? false, listVersions);
  const [text, setText] = createSignal('');
  const [tab, setTab] = createSignal<Tab>('form');
  const [busy, setBusy] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  createEffect(
    on(loaded, (version) => {
      if (!version) return;
      const kept = keptEdits(version.name, version.version);
      setText(kept ?? version.text);
      if (kept !== null && kept !== version.text) setNotice(`Your unsaved changes to version ${version.version} are back.`);
    }),
  );
  const current = () => loaded.latest;
  const latest = () => versions()?.at(-1)?.version ?? 0;
  const dirty = () => current() !== undefined && text() !== current()?.text;
  const readOnly = () => !can('editor') || (current() !== undefined && current()?.version !== latest());
  createEffect(() => {
    const shown = current();
    if (!shown || !versions()) return;
    if (dirty() && text() !== '' && shown.version === latest()) keepEdits(shown.name, shown.version, text());
    else if (shown.version === latest()) forgetEdits(shown.name);
  });

  const checks = createSetupChecks(() => (current() ? { name: name(), text: text(), snapshot: props.snapshot, choices: choices() } : null));
  const errors = () => checks.problems().filter((p) => p.severity === 'error');
  const parsed = createMemo(() => readSetup(text()));
  // What an adjustment, exemption or prepaid block may name: master accounts, then billing codes, then clients.
  const accountNames = () => [
    ...(parsed().data?.accounts?.masters ?? []).map((master) => String(master.account ?? '')).filter((account) => account !== ''),
    ...(choices()?.billingCodes ?? []),
    ...(choices()?.clients ?? []).map((client) => client.clientNumber),
  ];
  const otherParts = () => Object.keys(parsed().data ?? {}).filter((key) => !FORM_PARTS.has(key));
  const form: SetupForm = {
    data: () => parsed().data ?? {},
    choices: () => choices(),
    readOnly,
    set: (path, value) => setText(setValue(text(), path, value)),
    append: (path, value) => setText(appendValue(text(), path, value)),
    remove: (path) => setText(removeValue(text(), path)),
    errorAt: (path) => messageAt(checks.problems(), path.join('.')),
    warningAt: (path) => messageAt(checks.problems(), path.join('.'), 'warning'),
  };

  const act = async (label: string, work: () => Promise<SetupVersion | undefined>, done?: string) => {
    setBusy(label);
    setProblem(null);
    setNotice(null);
    try {
      const version = await work();
      if (version)
        batch(() => {
          setWanted(undefined);
          setLoaded(version);
          setText(version.text);
        });
      await Promise.all([refetchVersions(), refetchSetups()]);
      if (done) setNotice(done);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(null);
    }
  };
  const save = () =>
    act('Saving…', () => saveSetup(name(), text(), current()?.version ?? 0), 'Saved. Submit it for review: a billing run uses an approved version.');
  const create = (newName: string) =>
    act('Creating the setup…', async () => {
      await saveSetup(newName, EXAMPLE_SETUP, 0);
      navigate(setupPath(newName));
      return undefined;
    });
  // What the change is measured against: unsaved edits against the version edited; a saved version
  // against the version billing runs use, else the one before it.
  const [previous] = createResource(
    () => {
      const shown = current();
      const list = versions();
      if (!shown || !list) return false;
      const approved = list.filter((v) => v.state === 'approved' && v.version !== shown.version).at(-1);
      const base = approved?.version ?? (shown.version > 1 ? shown.version - 1 : undefined);
      return base === undefined ? false : { name: shown.name, version: base };
    },
    ({ name: n, version }) => showSetup(n, version),
  );
  const baseline = (): { text: string; label: string } | undefined => {
    const shown = current();
    if (shown && dirty()) return { text: shown.text, label: `Version ${shown.version} as saved` };
    const base = previous();
    return base ? { text: base.text, label: `Version ${base.version} (${base.state === 'approved' ? 'approved' : 'the one before'})` } : undefined;
  };

  return (
    <main class="view setup-view" aria-label="Billing setup">
      <Switch>
        <Match when={setups.error}>
          <ProblemMessage title="The setups could not be listed" problem={asProblem(setups.error)} onRetry={() => void refetchSetups()} />
        </Match>
        <Match when={setups.loading && !setups.latest}>
          <Loading label="Listing billing setups…" />
        </Match>
        <Match when={setups()?.length === 0}>
          <Empty title="No billing setup yet">
            <p>A billing setup says what clients pay: plans with their prices, and which client or billing code is on which plan from when.</p>
            <Show when={can('editor')} fallback={<p>A billing manager (editor role) creates it.</p>}>
              <button type="button" class="primary" disabled={busy() !== null} onClick={() => void create('standard')}>
                Create a setup from the example
              </button>
            </Show>
            <Show when={problem()}>{(found) => <ProblemMessage problem={found()} />}</Show>
          </Empty>
        </Match>
        <Match when={setups()}>
          <SetupToolbar setups={(setups() ?? []).map((s) => s.name)} name={name()} onCreate={(n) => void create(n)} busy={busy() !== null} />
          <Show when={loaded.error && !current()}>
            <ProblemMessage title={`Setup ${name()} could not be read`} problem={asProblem(loaded.error)} />
          </Show>
          <Show when={current()} fallback={<Show when={loaded.loading}>{<Loading label="Reading the setup…" />}</Show>}>
            {(shown) => (
              <div class="setup-body">
                <div class="setup-main">
                  <div class="setup-actions">
                    <div class="setup-tabs" role="tablist" aria-label="Setup views">
                      <For each={['form', 'yaml', 'changes'] as const}>
                        {(t) => (
                          <button type="button" role="tab" aria-selected={tab() === t} classList={{ current: tab() === t }} onClick={() => setTab(t)}>
                            {t === 'form' ? 'Form' : t === 'yaml' ? 'YAML' : 'Changes'}
                          </button>
                        )}
                      </For>
                    </div>
                    <Show when={can('editor')}>
                      <button
                        type="button"
                        class="primary"
                        disabled={!dirty() || busy() !== null || readOnly() || errors().length > 0}
                        title={errors().length > 0 ? 'Fix the errors to save' : undefined}
                        onClick={() => void save()}
                      >
                        Save
                      </button>
                      <button type="button" disabled={!dirty() || busy() !== null} onClick={() => setText(shown().text)}>
                        Discard changes
                      </button>
                    </Show>
                    <span class="view-status" role="status" aria-live="polite">
                      {busy() ??
                        notice() ??
                        (readOnly() && shown().version !== latest()
                          ? `Version ${shown().version} of ${latest()} (read only)`
                          : dirty()
                            ? `Changed since version ${shown().version}`
                            : `Version ${shown().version}`)}
                    </span>
                  </div>
                  <Show when={problem()}>{(found) => <ProblemMessage title="The setup was not saved" problem={found()} />}</Show>
                  <ProblemList problems={checks.problems()} />
                  <datalist id="setup-clients">
                    <For each={choices()?.clients ?? []}>
                      {(client) => <option value={client.clientNumber}>{`${client.name} (${client.billingCode || 'no billing code'})`}</option>}
                    </For>
                  </datalist>
                  <datalist id="setup-billing-codes">
                    <For each={choices()?.billingCodes ?? []}>{(code) => <option value={code} />}</For>
                  </datalist>
                  <datalist id="setup-accounts">
                    <For each={accountNames()}>{(account) => <option value={account} />}</For>
                  </datalist>
                  <datalist id="setup-statistics">
                    <For each={choices()?.statistics ?? []}>{(statistic) => <option value={statistic.id}>{statistic.title}</option>}</For>
                  </datalist>
                  <Switch>
                    <Match when={tab() === 'form' && parsed().syntaxError}>
                      <p class="setup-note" role="alert">
                        The text is not valid YAML ({parsed().syntaxError}); fix it in the YAML view.
                      </p>
                    </Match>
                    <Match when={tab() === 'form'}>
                      <div class="setup-form">
                        <Show when={otherParts().length > 0}>
                          <p class="setup-note">Also in this setup, edited in the YAML view: {otherParts().join(', ')}</p>
                        </Show>
                        <PlansSection form={form} />
                        <AssignmentsSection form={form} />
                        <ModifiersSection form={form} />
                        <AccountsSection form={form} />
                        <AdjustmentsSection form={form} />
                        <PercentagesSection form={form} />
                        <BillingStatusSection form={form} />
                        <StatisticsSection form={form} />
                        <PrepaidSection form={form} />
                      </div>
                    </Match>
                    <Match when={tab() === 'yaml'}>
                      <SetupYaml name={name()} text={text()} choices={choices()} readOnly={readOnly()} onChange={setText} />
                    </Match>
                    <Match when={tab() === 'changes'}>
                      <Show when={baseline()} fallback={<p class="setup-note">The first version, unchanged: nothing to compare with.</p>}>
                        {(base) => (
                          <>
                            <p class="setup-note">{base().label} on the left; this text on the right.</p>
                            <MergeDiff before={base().text} after={text()} />
                          </>
                        )}
                      </Show>
                    </Match>
                  </Switch>
                </div>
                <ReviewPanel
                  version={shown()}
                  versions={versions() ?? []}
                  dirty={dirty()}
                  busy={busy() !== null}
                  onOpen={(v) => setWanted(v === latest() ? undefined : v)}
                  onSubmit={() => void act('Submitting…', () => submitSetup(name(), shown().version), 'Submitted for review.')}
                  onApprove={(comment) =>
                    void act('Approving…', () => approveSetup(name(), shown().version, comment), 'Approved: billing runs use this version.')
                  }
                  onReject={(comment) => void act('Rejecting…', () => rejectSetup(name(), shown().version, comment), 'Rejected.')}
                />
              </div>
            )}
          </Show>
        </Match>
      </Switch>
    </main>
  );
}
