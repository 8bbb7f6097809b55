/**
 * Source connection URLs and credentials.
 *
 *   mssql://user:password@host:1433/database?readUncommitted=true
 *   postgres://user:password@host:5432/database?schema=public
 *
 * Credentials come from the URL, else from the environment: BILLING_SOURCE_USER and
 * BILLING_SOURCE_PASSWORD (preferred for the password: a URL on the command line is visible to
 * other users in `ps` and stays in the shell history). For PostgreSQL the driver then also honours
 * PGPASSWORD and ~/.pgpass. The password lives only in the returned config: messages, progress
 * events and manifests name the server and database, and driver messages pass through
 * {@link redactSecret} before anyone sees them.
 */
import { SnapshotError } from '../errors.ts';
import type { SourceKind } from './source.ts';

export interface SourceConfig {
  readonly kind: SourceKind;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** The schema holding the IS tables: `dbo` on SQL Server, `public` on PostgreSQL by default. */
  readonly schema: string;
  /** SQL Server only: READ UNCOMMITTED instead of READ COMMITTED (see mssql-source.ts). */
  readonly readUncommitted: boolean;
  /** SQL Server only: TLS, on by default as in the driver; `encrypt=false` for servers without TLS. */
  readonly encrypt: boolean;
  readonly trustServerCertificate: boolean;
  readonly connectTimeoutMs: number;
  /** Longest a single chunk's statement may run (0 = no limit). */
  readonly requestTimeoutMs: number;
}

const SCHEMES: Readonly<Record<string, SourceKind>> = {
  'mssql:': 'sqlserver',
  'sqlserver:': 'sqlserver',
  'postgres:': 'postgresql',
  'postgresql:': 'postgresql',
};
const DEFAULT_PORT: Readonly<Record<SourceKind, number>> = { sqlserver: 1433, postgresql: 5432 };
const DEFAULT_SCHEMA: Readonly<Record<SourceKind, string>> = { sqlserver: 'dbo', postgresql: 'public' };
const PARAMS = ['schema', 'readUncommitted', 'encrypt', 'trustServerCertificate', 'connectTimeout', 'requestTimeout'];

/**
 * Parses a source URL; credentials missing from it are taken from `env`.
 *
 * @example parseSourceUrl('mssql://reader@is-db/IS', { BILLING_SOURCE_PASSWORD: 's3cret' }).password // 's3cret'
 */
export function parseSourceUrl(text: string, env: NodeJS.ProcessEnv = process.env): SourceConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badUrl(text, 'expected mssql://user@host:1433/database or postgres://user@host:5432/database');
  }
  const kind = SCHEMES[url.protocol];
  if (!kind) throw badUrl(text, `unknown scheme "${url.protocol}" (use mssql:// or postgres://)`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname || !database || database.includes('/')) throw badUrl(text, 'it needs a host and a database: scheme://host[:port]/database');
  const unknown = [...url.searchParams.keys()].filter((key) => !PARAMS.includes(key));
  if (unknown.length > 0) throw badUrl(text, `unknown option ${unknown.join(', ')} (known: ${PARAMS.join(', ')})`);
  const schema = url.searchParams.get('schema') ?? DEFAULT_SCHEMA[kind];
  // Names are spliced into SQL (INFORMATION_SCHEMA look-up, FROM clauses): plain identifiers only.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw badUrl(text, `schema "${schema}" is not a plain identifier`);
  return {
    kind,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : DEFAULT_PORT[kind],
    database,
    user: url.username ? decodeURIComponent(url.username) : env.BILLING_SOURCE_USER || undefined,
    password: url.password ? decodeURIComponent(url.password) : env.BILLING_SOURCE_PASSWORD || undefined,
    schema,
    readUncommitted: flag(url, 'readUncommitted', false, text),
    encrypt: flag(url, 'encrypt', true, text),
    trustServerCertificate: flag(url, 'trustServerCertificate', false, text),
    connectTimeoutMs: milliseconds(url, 'connectTimeout', 15_000, text),
    requestTimeoutMs: milliseconds(url, 'requestTimeout', 600_000, text),
  };
}

function flag(url: URL, name: string, fallback: boolean, text: string): boolean {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badUrl(text, `${name} must be true or false, not "${value}"`);
}

function milliseconds(url: URL, name: string, fallback: number, text: string): number {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw badUrl(text, `${name} must be a whole number of milliseconds, not "${value}"`);
  return Number(value);
}

function badUrl(text: string, why: string): SnapshotError {
  return new SnapshotError('bad_source_url', `Malformed source URL "${redactUrl(text)}": ${why}.`);
}

/**
 * Why a connection could not be opened, naming the server and database, never the password:
 * `source_login_failed` when the server refused the login (user, password or database), else
 * `source_unreachable`.
 */
export function connectError(config: SourceConfig, error: unknown, refused: boolean): SnapshotError {
  const where = `${config.kind} ${config.host}:${config.port}/${config.database}`;
  const message = redactSecret(error instanceof Error ? error.message : String(error), config.password);
  if (refused) return new SnapshotError('source_login_failed', `${where} refused the login of user "${config.user ?? ''}": ${message}`);
  return new SnapshotError('source_unreachable', `Cannot connect to ${where} (timeout ${config.connectTimeoutMs / 1000} s): ${message}`);
}

/** The URL with its password replaced by ***, for messages. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/**
 * Replaces the secret (and its URL-encoded form) in a driver message by ***. Defence in depth:
 * the drivers do not echo passwords, but a message is shown to people and may be logged.
 * Secrets shorter than 3 characters are left alone, or every message would be garbled.
 */
export function redactSecret(message: string, secret: string | undefined): string {
  if (!secret || secret.length < 3) return message;
  return message.split(secret).join('***').split(encodeURIComponent(secret)).join('***');
}
