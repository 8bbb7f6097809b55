/** What several CLI commands share: the shipped library, `name=value` options. (Snapshots are opened through services/snapshot-sessions.ts.) */
import { EngineError } from '../../engine/errors.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { loadLibrary, type LoadedLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';

export interface Library extends LoadedLibrary {
  readonly index: FormulaIndex;
}

/** The shipped formula library; a file that does not load is an error naming it. */
export function shippedLibrary(extra: readonly Formula[] = []): Library {
  const loaded = loadLibrary();
  if (loaded.errors.length > 0) throw loaded.errors[0];
  const replaced = new Set(extra.map((formula) => formula.id.toLowerCase()));
  const formulas = [...loaded.formulas.filter((formula) => !replaced.has(formula.id.toLowerCase())), ...extra];
  return { formulas, files: loaded.files, errors: [], index: indexFormulas(formulas) };
}

/** Collects repeated `--param name=value` options. */
export function collectParam(text: string, previous: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  const match = /^([a-z][a-z0-9_]*)=(.*)$/.exec(text);
  if (!match) throw new EngineError('bad_param_value', `--param expects name=value, not "${text}"`);
  return { ...previous, [match[1] as string]: match[2] as string };
}
