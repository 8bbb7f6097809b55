/**
 * Validation as you type: 400 ms after the last keystroke the text goes to POST
 * /api/formulas/validate and each error becomes a diagnostic at its line and column (1-based, in
 * the file), underlining the word that starts there. Errors without a position mark the first line.
 */
import { linter, type Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import { asProblem, call, endpoints } from '../api/client.ts';
import type { CheckError } from '../api/types.ts';

export const VALIDATION_DELAY_MS = 400;

export type ValidationReport =
  | { readonly kind: 'checking' }
  | { readonly kind: 'checked'; readonly errors: readonly CheckError[] }
  | { readonly kind: 'unavailable'; readonly detail: string };

export function toDiagnostic(doc: Text, error: CheckError): Diagnostic {
  const lineNumber = Math.min(Math.max(error.line ?? 1, 1), doc.lines);
  const line = doc.line(lineNumber);
  const from = line.from + Math.min(Math.max((error.column ?? 1) - 1, 0), line.length);
  const word = /^[\w$."]+/.exec(line.text.slice(from - line.from))?.[0].length ?? 0;
  const to = error.line === undefined ? line.to : Math.min(line.to, from + Math.max(word, 1));
  return { from, to: Math.max(from, to), severity: 'error', message: error.message, source: error.code };
}

export function validationLinter(onReport: (report: ValidationReport) => void) {
  return linter(
    async (view) => {
      const text = view.state.doc.toString();
      onReport({ kind: 'checking' });
      try {
        const { errors } = await call(endpoints.validateFormula, { body: { text } });
        // A newer keystroke makes this answer stale: the linter discards it, and so do we.
        if (view.state.doc.toString() === text) onReport({ kind: 'checked', errors });
        return errors.map((error) => toDiagnostic(view.state.doc, error));
      } catch (error) {
        onReport({ kind: 'unavailable', detail: asProblem(error).detail });
        return [];
      }
    },
    { delay: VALIDATION_DELAY_MS },
  );
}
