/** What several CLI commands share: the shipped library, a snapshot opened for formulas, `name=value` options. */
import { EngineError } from '../../engine/errors.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { loadLibrary, type LoadedLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { readManifest, snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';

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

export interface SnapshotSession {
  readonly manifest: Manifest;
  readonly sandbox: Sandbox;
}

export async function withSnapshot<T>(workspace: Workspace, id: string, work: (session: SnapshotSession) => Promise<T>): Promise<T> {
  const manifest = readManifest(workspace, id);
  const sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, id));
  try {
    return await work({ manifest, sandbox });
  } finally {
    sandbox.close();
  }
}

/** Collects repeated `--param name=value` options. */
export function collectParam(text: string, previous: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  const match = /^([a-z][a-z0-9_]*)=(.*)$/.exec(text);
  if (!match) throw new EngineError('bad_param_value', `--param expects name=value, not "${text}"`);
  return { ...previous, [match[1] as string]: match[2] as string };
}
