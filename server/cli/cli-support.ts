/** What several CLI commands share: the formulas they use, `name=value` options. (Snapshots are opened through services/snapshot-sessions.ts.) */
import { EngineError } from '../../engine/errors.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { loadLibrary, type LoadedLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { mustValidate } from '../services/formula-checks.ts';
import { describeRelease, libraryFor, type ReleaseLibrary, shippedLibrary as shippedReleaseLibrary } from '../services/release-library.ts';
import type { CliIo } from './cli-io.ts';

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

/** The option every command that computes statistics takes to use a folder of formulas instead of the workspace's release. */
export const LIBRARY_OPTION = ['--library <dir>', "use the formulas in this folder (e.g. formulas/) instead of the workspace's active release"] as const;

/**
 * The formulas a command computes with, as the server does: the workspace's active release (else,
 * on a workspace without one, the shipped library), or the folder given with --library. A release's
 * formulas were validated when approved; a folder's are validated here before any of their SQL runs,
 * all but those whose text is the shipped library's own.
 */
export async function commandLibrary(io: CliIo, options: { library?: string | undefined }): Promise<ReleaseLibrary> {
  const library = libraryFor(io.workspace(), options.library !== undefined ? { folder: options.library } : {});
  if (library.release.source === 'folder') await validateUnshipped(library);
  return library;
}

async function validateUnshipped(library: ReleaseLibrary): Promise<void> {
  const shipped = new Map(shippedReleaseLibrary().files.map((file) => [file.formula.id.toLowerCase(), file.text]));
  for (const file of library.files) if (shipped.get(file.formula.id.toLowerCase()) !== file.text) await mustValidate(file.formula, library.index);
}

/**
 * Says, once a command has computed its output, which formulas it used — on the error stream, so
 * the output itself stays clean for pipes and files — and which legacy ones no longer reproduce the report.
 */
export function announceRelease(io: CliIo, library: ReleaseLibrary): void {
  io.err(`Formulas: ${library.release.source === 'folder' ? '' : 'release '}${describeRelease(library.release)}`);
  for (const [id, why] of library.legacyChanged) io.err(`Note: ${id} is marked legacy but no longer reproduces Billing Export 200: ${why}`);
}

/** Collects repeated `--param name=value` options. */
export function collectParam(text: string, previous: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  const match = /^([a-z][a-z0-9_]*)=(.*)$/.exec(text);
  if (!match) throw new EngineError('bad_param_value', `--param expects name=value, not "${text}"`);
  return { ...previous, [match[1] as string]: match[2] as string };
}
