/**
 * The formula editor beside the grid. It edits the whole formula file (YAML: metadata, SQL,
 * tests) exactly as the library stores it, so what is saved is what is reviewed. Validation runs
 * as you type; "Run tests" runs the fixtures; "Run on snapshot" replaces the column in the grid.
 */
import type { EditorView } from '@codemirror/view';
import { createEffect, createResource, createSignal, Match, on, onCleanup, onMount, Show, Switch } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import type { CheckError, TestRun } from '../api/types.ts';
import type { GridModel } from '../grid/grid-model.ts';
import { can, user } from '../session/session.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loading } from '../ui/states.tsx';
import { CodeEditor } from './code-editor.tsx';
import { DraftActions } from './draft-actions.tsx';
import { formulaFile } from './formula-language.ts';
import { runOnSnapshot, runTests } from './formula-runs.ts';
import { createFormulaSession } from './formula-session.ts';
import { formulaList, schemaInfo } from './library.ts';
import { OpenFormula } from './open-formula.tsx';
import { RetireFormula } from './retire-formula.tsx';
import { ReviewSection } from './review-panel.tsx';
import { SourcePicker } from './source-picker.tsx';
import { TestResults } from './test-results.tsx';
import { toDiagnostic, validationLinter, type ValidationReport } from './validation.ts';
import { ValidationSummary } from './validation-summary.tsx';
import { VersionHistory } from './version-history.tsx';

export interface EditorPanelProps {
  readonly formulaId: string;
  /** A draft to open (the address names it); the user's own draft being edited, else the release, when absent. */
  readonly draftId?: number;
  /** Told which draft the text comes from whenever that changes (undefined: the release or a new formula), so the address can follow. */
  readonly onDraft?: (draftId: number | undefined) => void;
  readonly snapshot: string;
  readonly model: GridModel;
  readonly onOpen: (formulaId: string) => void;
  readonly focusRequest: number;
  readonly onDirty: (dirty: boolean) => void;
  readonly onLeave: () => void;
}

export function EditorPanel(props: EditorPanelProps) {
  const session = createFormulaSession(props.formulaId, () => props.model.reload());
  const [language] = createResource(async () => formulaFile(await schemaInfo(), await formulaList()));
  const [report, setReport] = createSignal<ValidationReport>({ kind: 'checking' });
  const [testRun, setTestRun] = createSignal<TestRun | null>(null);
  const [running, setRunning] = createSignal<'tests' | 'snapshot' | null>(null);
  const [runProblem, setRunProblem] = createSignal<Problem | null>(null);
  const [runSummary, setRunSummary] = createSignal('');
  const [history, setHistory] = createSignal(false);
  let view: EditorView | undefined;
  onMount(() => void session.load(user()?.name, props.draftId));
  const openDraftId = () => {
    const source = session.source();
    return source?.kind === 'draft' ? source.draft.draftId : undefined;
  };
  createEffect(
    on(
      () => props.draftId,
      (draftId) => {
        if (draftId !== undefined && draftId !== openDraftId() && session.source()) void session.openDraft(draftId);
      },
      { defer: true },
    ),
  );
  createEffect(on(openDraftId, (draftId) => session.source() && props.onDraft?.(draftId)));
  createEffect(
    on(
      () => props.focusRequest,
      () => view?.focus(),
      { defer: true },
    ),
  );
  createEffect(() => props.onDirty(session.dirty()));
  // Leaving the page with unsaved edits asks first.
  const guard = (event: BeforeUnloadEvent) => {
    if (session.dirty()) event.preventDefault();
  };
  window.addEventListener('beforeunload', guard);
  onCleanup(() => {
    window.removeEventListener('beforeunload', guard);
    props.onDirty(false);
  });

  const run = async (what: 'tests' | 'snapshot') => {
    setRunning(what);
    setRunProblem(null);
    setRunSummary('');
    try {
      if (what === 'tests') setTestRun(await runTests(session.text()));
      else {
        const column = await runOnSnapshot(session.text(), props.snapshot);
        props.model.showDraftColumn(column);
        setRunSummary(
          `Column ${column.column.id} in the grid now shows this text's values for ${column.values.size.toLocaleString('en-US')} clients on ${props.snapshot}.`,
        );
      }
    } catch (error) {
      setRunProblem(asProblem(error));
    } finally {
      setRunning(null);
    }
  };

  const jumpTo = (error: CheckError) => {
    if (!view) return;
    const { from } = toDiagnostic(view.state.doc, error);
    view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
    view.focus();
  };

  const keys = [
    {
      key: 'Mod-s',
      run: () => {
        void session.save();
        return true;
      },
    },
    {
      key: 'Mod-Enter',
      run: () => {
        void run('snapshot');
        return true;
      },
    },
    {
      key: 'Mod-Shift-Enter',
      run: () => {
        void run('tests');
        return true;
      },
    },
  ];

  return (
    <section class="editor-panel" aria-label={`Formula editor: ${props.formulaId}`}>
      <header class="editor-header">
        <h2>{props.formulaId}</h2>
        <OpenFormula current={props.formulaId} onOpen={props.onOpen} />
      </header>
      <Switch>
        <Match when={session.loadProblem()}>
          {(problem) => <ProblemMessage title={`${props.formulaId} could not be opened`} problem={problem()} onRetry={() => void session.load(user()?.name)} />}
        </Match>
        <Match when={language.error}>
          <ProblemMessage title="The editor could not start" problem={asProblem(language.error)} />
        </Match>
        <Match when={!session.source() || !language()}>
          <Loading label={`Opening ${props.formulaId}…`} />
        </Match>
        <Match when={language()}>
          {(support) => (
            <>
              <SourcePicker session={session} />
              <CodeEditor
                doc={session.text()}
                documentKey={session.documentKey()}
                extensions={[support(), validationLinter(setReport)]}
                keys={keys}
                label={`Formula file ${props.formulaId} (YAML with DuckDB SQL)`}
                onChange={session.setText}
                onView={(created) => {
                  view = created;
                  // Opened by the user (E, a button) it takes the focus; restored from the address on a reload, the focus stays where it is.
                  if (props.focusRequest > 0) created.focus();
                }}
                onEscape={props.onLeave}
              />
              <ValidationSummary report={report()} onJump={jumpTo} />
              <div class="run-actions" role="group" aria-label="Run">
                <button type="button" onClick={() => void run('tests')} disabled={running() !== null} title="Ctrl/Cmd+Shift+Enter">
                  {running() === 'tests' ? 'Running tests…' : 'Run tests'}
                </button>
                <button type="button" class="primary" onClick={() => void run('snapshot')} disabled={running() !== null} title="Ctrl/Cmd+Enter">
                  {running() === 'snapshot' ? 'Running…' : 'Run on snapshot'}
                </button>
                <Show when={session.release()}>
                  <button type="button" onClick={() => setHistory(true)}>
                    History
                  </button>
                  <Show when={can('approver') && session.source()?.kind === 'release'}>
                    <RetireFormula formulaId={session.formulaId} />
                  </Show>
                </Show>
              </div>
              <Show when={runProblem()}>{(problem) => <ProblemMessage problem={problem()} />}</Show>
              <Show when={runSummary()}>
                <p class="pass" role="status">
                  {runSummary()}
                </p>
              </Show>
              <DraftActions session={session} />
              <Show when={session.notice()}>
                {(notice) => (
                  <div class={`notice notice-${notice().kind}`} role={notice().kind === 'ok' ? 'status' : 'alert'}>
                    <p>{notice().text}</p>
                    <Show when={notice().kind === 'conflict'}>
                      <p class="muted">{notice().problem?.detail}</p>
                      <button type="button" onClick={() => void session.reloadDraft()}>
                        Reload the draft
                      </button>
                    </Show>
                  </div>
                )}
              </Show>
              <ReviewSection session={session} snapshot={props.snapshot} />
              <Show when={testRun()}>{(found) => <TestResults run={found()} />}</Show>
              <Show when={history() && session.release()}>
                {(release) => <VersionHistory release={release()} editorText={session.text()} onClose={() => setHistory(false)} />}
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
