/** Billing setups and scenarios, kept as whole versioned documents (their YAML text). */
import { z } from 'zod';
import { appendAudit } from './audit.ts';
import { type Database, numberOf, type Reader, rowMapping, timestamp, type Transaction } from './database.ts';
import { WorkspaceError } from './errors.ts';

const DOCUMENT_KINDS = ['setup', 'scenario'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface StoredDocument {
  readonly kind: DocumentKind;
  readonly name: string;
  readonly version: number;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
}

/** A `documents` row. */
export const documentFromRow = rowMapping(
  z.object({ kind: z.enum(DOCUMENT_KINDS), name: z.string(), version: z.number(), text: z.string(), author: z.string(), created_at: timestamp }),
  (row): StoredDocument => ({ kind: row.kind, name: row.name, version: row.version, text: row.text, author: row.author, createdAt: row.created_at }),
);

/** Saves a new version; `expectedVersion` (the version edited, 0 for a new document) must still be the latest, else `edit_conflict`. */
export async function saveDocument(
  tx: Transaction,
  kind: DocumentKind,
  name: string,
  text: string,
  expectedVersion: number,
  author: string,
  now: Date,
): Promise<StoredDocument> {
  const latest = await numberOf(tx, 'SELECT max(version) AS n FROM documents WHERE kind = $kind AND name = $name', { kind, name });
  if (latest !== expectedVersion)
    throw new WorkspaceError(
      'edit_conflict',
      `${kind} ${name} is at version ${latest}, not ${expectedVersion}; reload it and apply your change again`,
      'version',
    );
  const [row] = await tx.all('INSERT INTO documents VALUES ($kind, $name, $v, $text, $author, $at::TIMESTAMP) RETURNING *', {
    kind,
    name,
    v: latest + 1,
    text,
    author,
    at: now.toISOString(),
  });
  await appendAudit(tx, { actor: author, action: `${kind}.save`, target: `${kind}:${name}`, detail: { version: latest + 1 } }, now);
  return documentFromRow(row ?? {});
}

/** A document's latest version, or the version asked for. */
export async function getDocument(db: Database, kind: DocumentKind, name: string, version?: number): Promise<StoredDocument> {
  const [row] = await db.all('SELECT * FROM documents WHERE kind = $kind AND name = $name AND ($v IS NULL OR version = $v) ORDER BY version DESC LIMIT 1', {
    kind,
    name,
    v: version ?? null,
  });
  if (!row) throw new WorkspaceError('not_found', `no ${kind} ${name}${version ? ` version ${version}` : ''}`);
  return documentFromRow(row);
}

/** The latest version of each document of a kind, by name, without their text. */
export async function listDocuments(db: Database, kind: DocumentKind): Promise<Omit<StoredDocument, 'text'>[]> {
  const rows = await db.all('SELECT * FROM documents WHERE kind = $kind QUALIFY version = max(version) OVER (PARTITION BY name) ORDER BY name', { kind });
  return rows.map((row) => {
    const { text: _text, ...document } = documentFromRow(row);
    return document;
  });
}

/** Every version of a document, oldest first, without their text. */
export async function listDocumentVersions(db: Reader, kind: DocumentKind, name: string): Promise<Omit<StoredDocument, 'text'>[]> {
  const rows = await db.all('SELECT * FROM documents WHERE kind = $kind AND name = $name ORDER BY version', { kind, name });
  return rows.map((row) => {
    const { text: _text, ...document } = documentFromRow(row);
    return document;
  });
}
