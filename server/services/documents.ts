/**
 * Where a billing setup or a scenario text comes from: the server reads the latest stored version
 * of a named document, the CLI reads a file. Services take one of these, so the use case is the
 * same whichever caller asks.
 */
import { readFileSync } from 'node:fs';
import { EngineError } from '../../engine/errors.ts';
import { parseScenarioFile } from '../../engine/rating/scenario.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import type { Database } from '../store/database.ts';
import { type DocumentKind, getDocument, type StoredDocument, saveDocument } from '../store/documents.ts';

export interface DocumentText {
  readonly text: string;
  /** The name parse errors point at: `main.yaml` for a stored document, the path of a file. */
  readonly file: string;
  /** What the audit log and listings call it: `main@3`, or the path of a file. */
  readonly label: string;
}

export type DocumentSource = (kind: DocumentKind, name: string) => Promise<DocumentText>;

/** The latest stored version of a named setup or scenario (the server). */
export function storedDocuments(db: Database): DocumentSource {
  return async (kind, name) => {
    const document = await getDocument(db, kind, name);
    return { text: document.text, file: `${name}.yaml`, label: `${document.name}@${document.version}` };
  };
}

/**
 * `source`, except that the scenario `name` is `text` as the page edited it (not yet stored):
 * the what-if view compares an edit while it saves it, rather than after.
 * @example withEditedScenario(storedDocuments(db), 'live', 'name: live\nrates: {}')
 */
export function withEditedScenario(source: DocumentSource, name: string, text: string | undefined): DocumentSource {
  if (text === undefined) return source;
  return async (kind, asked) => (kind === 'scenario' && asked === name ? { text, file: `${name}.yaml`, label: `${name} (edited)` } : source(kind, asked));
}

/** A setup or scenario file named on the command line; a missing file is a one-line error. */
export const fileDocuments: DocumentSource = async (kind, path) => {
  try {
    return { text: readFileSync(path, 'utf8'), file: path, label: path };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new EngineError('bad_param_value', `--${kind} ${path}: ${reason}`);
  }
};

const parsers: Record<DocumentKind, (text: string, file: string) => unknown> = { setup: parseSetupFile, scenario: parseScenarioFile };

/**
 * A new version of a setup or scenario; one that does not parse is refused with its line and field.
 * `expected` is the version edited (0 for a new one): if another was saved meanwhile, 409.
 * @example await saveBillingDocument({ db, now }, 'alice', { kind: 'setup', name: 'main', text, expected: 0 }) // { version: 1, ... }
 */
export async function saveBillingDocument(
  deps: { readonly db: Database; readonly now: () => Date },
  author: string,
  document: { readonly kind: DocumentKind; readonly name: string; readonly text: string; readonly expected: number },
): Promise<StoredDocument> {
  const { kind, name, text, expected } = document;
  parsers[kind](text, `${name}.yaml`);
  return deps.db.transaction((tx) => saveDocument(tx, kind, name, text, expected, author, deps.now()));
}
