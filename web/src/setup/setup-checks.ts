/**
 * Validation as the user types: the setup's own checks (engine/rating/setup-validation.ts: the
 * schema the server parses with, and the context checks against the snapshot's clients and the
 * release's statistics) run in the browser on every change; the server's check of the same text
 * follows a moment later and is the one shown once it has answered for the current text.
 */
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { type SetupContext, type SetupProblem as LocalProblem, validateSetup } from '../../../engine/rating/setup-validation.ts';
import { checkSetup, type SetupChoices, type SetupProblem } from './setup-api.ts';

const SERVER_DELAY_MS = 400;

/** What the setup may name, as the checks take it. */
export function contextOf(choices: SetupChoices | undefined): SetupContext {
  if (!choices) return {};
  return {
    clients: choices.clients.map((client) => ({ cltID: 0, ...client })),
    formulas: choices.statistics.map((statistic) => statistic.id),
  };
}

/** Every problem of `text` (a setup named `name`), local at once and the server's when it has answered. */
export function localProblems(text: string, name: string, choices: SetupChoices | undefined): LocalProblem[] {
  return validateSetup(text, `${name}.yaml`, contextOf(choices));
}

export function createSetupChecks(input: Accessor<{ name: string; text: string; snapshot: string; choices: SetupChoices | undefined } | null>) {
  const local = createMemo(() => {
    const current = input();
    return current ? localProblems(current.text, current.name, current.choices) : [];
  });
  const [server, setServer] = createSignal<{ text: string; problems: readonly SetupProblem[] } | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let aborter: AbortController | undefined;
  createEffect(
    on(input, (current) => {
      clearTimeout(timer);
      aborter?.abort();
      if (!current) return;
      timer = setTimeout(() => {
        aborter = new AbortController();
        checkSetup(current.name, current.text, current.snapshot, aborter.signal).then(
          (answer) => setServer({ text: current.text, problems: answer.problems }),
          () => {}, // the local checks stand; a save reports what the server refuses
        );
      }, SERVER_DELAY_MS);
    }),
  );
  onCleanup(() => {
    clearTimeout(timer);
    aborter?.abort();
  });
  const problems = (): readonly SetupProblem[] => {
    const answered = server();
    return answered && answered.text === input()?.text ? answered.problems : local();
  };
  return { problems };
}

/** The problems of one severity at a field path, as one message. */
export function messageAt(problems: readonly SetupProblem[], field: string, severity: SetupProblem['severity'] = 'error'): string | undefined {
  const found = problems.filter((problem) => problem.field === field && problem.severity === severity);
  // A schema message starts with its path; beside the field, the path goes without saying.
  return found.length === 0 ? undefined : found.map((problem) => problem.message.replace(`${field}: `, '')).join('; ');
}
