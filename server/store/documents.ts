/** Billing setups and scenarios, kept as whole versioned documents (their YAML text). */
import { ApiError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import type { Database, Transaction } from './database.ts';

export type DocumentKind = 'setup' | 'scenario';

export interface StoredDocument {
  readonly kind: DocumentKind;
  readonly name: string;
  readonly version: number;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
}

/** Saves a new version; `expectedVersion` (the version edited) must still be the latest, else 409. */
export async function saveDocument(
  tx: Transaction,
  kind: DocumentKind,
  name: string,
  text: string,
  expectedVersion: number,
  author: string,
  now: Date,
): Promise<StoredDocument> {
  const [row] = await tx.all('SELECT coalesce(max(version), 0) AS v FROM documents WHERE kind = $kind AND name = $name', { kind, name });
  const latest = Number(row?.v ?? 0);
  if (latest !== expectedVersion)
    throw new ApiError(
      409,
      'edit_conflict',
      `${kind} ${name} is at version ${latest}, not ${expectedVersion}; reload it and apply your change again`,
      'If-Match',
    );
  await tx.run('INSERT INTO documents VALUES ($kind, $name, $v, $text, $author, $at::TIMESTAMP)', {
    kind,
    name,
    v: latest + 1,
    text,
    author,
    at: now.toISOString(),
  });
  await appendAudit(tx, { actor: author, action: `${kind}.save`, target: `${kind}:${name}`, detail: { version: latest + 1 } }, now);
  return { kind, name, version: latest + 1, text, author, createdAt: now.toISOString() };
}

export async function getDocument(db: Database, kind: DocumentKind, name: string, version?: number): Promise<StoredDocument> {
  const [row] = await db.all(
    `SELECT kind, name, version, text, author, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%g') AS created FROM documents
     WHERE kind = $kind AND name = $name AND ($v IS NULL OR version = $v) ORDER BY version DESC LIMIT 1`,
    { kind, name, v: version ?? null },
  );
  if (!row) throw new ApiError(404, 'not_found', `no ${kind} ${name}${version ? ` version ${version}` : ''}`);
  return { kind, name, version: Number(row.version), text: String(row.text), author: String(row.author), createdAt: String(row.created) };
}

export async function listDocuments(db: Database, kind: DocumentKind) {
  return db.all('SELECT name, max(version) AS version FROM documents WHERE kind = $kind GROUP BY name ORDER BY name', { kind });
}
