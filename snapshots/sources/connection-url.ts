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
  // The credentials are taken apart first: a password may hold / @ : ? # unencoded, which would
  // make the URL parser read a wrong host (and a message quote the password).
  const { rest, user, password } = splitCredentials(text);
  let url: URL;
  try {
    url = new URL(rest);
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
    user: user || env.BILLING_SOURCE_USER || undefined,
    password: password || env.BILLING_SOURCE_PASSWORD || undefined,
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
 * A URL's user and password taken out of it, and the rest. The user information runs from `//` to
 * the last `@` (a database or option never holds one); the user ends at the first `:`. Each part is
 * percent-decoded when it is validly encoded, else kept as written.
 * @example splitCredentials('postgres://u:p@ss/w0rd@h/db') // { rest: 'postgres://h/db', user: 'u', password: 'p@ss/w0rd' }
 */
export function splitCredentials(text: string): { rest: string; user?: string; password?: string } {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(text);
  const at = match ? (match[2] as string).lastIndexOf('@') : -1;
  if (!match || at < 0) return { rest: text };
  const info = (match[2] as string).slice(0, at);
  const colon = info.indexOf(':');
  const user = colon < 0 ? info : info.slice(0, colon);
  // `host/db?x=a@b` has no credentials: a user name never holds a slash.
  if (user.includes('/')) return { rest: text };
  const rest = `${match[1]}${(match[2] as string).slice(at + 1)}`;
  return { rest, user: decoded(user), ...(colon < 0 ? {} : { password: decoded(info.slice(colon + 1)) }) };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Why a connection could not be opened, naming the server and database, never the password:
 * `source_login_failed` when the server refused the login (user, password or database) or asked
 * for a password none was given for, else `source_unreachable` — with the time limit named only
 * when it was what ended the attempt.
 */
export function connectError(config: SourceConfig, error: unknown, refused: boolean): SnapshotError {
  const where = `${config.kind} ${config.host}:${config.port}/${config.database}`;
  const message = redactSecret(error instanceof Error ? error.message : String(error), config.password);
  if (config.password === undefined && (refused || /password/i.test(message))) {
    return new SnapshotError(
      'source_login_failed',
      `${where} wants a password for user "${config.user ?? ''}" and none was given: set BILLING_SOURCE_PASSWORD (or put it in the URL); the server said: ${message}`,
    );
  }
  if (refused) return new SnapshotError('source_login_failed', `${where} refused the login of user "${config.user ?? ''}": ${message}`);
  const timedOut = /time(d)? ?out|ETIMEDOUT|ETIMEOUT/i.test(`${message} ${(error as { code?: unknown } | null)?.code ?? ''}`);
  return new SnapshotError('source_unreachable', `Cannot connect to ${where}${timedOut ? ` (timeout ${config.connectTimeoutMs / 1000} s)` : ''}: ${message}`);
}

/** The URL with its password replaced by ***, for messages (whatever the password holds). */
export function redactUrl(text: string): string {
  const { rest, user, password } = splitCredentials(text);
  if (password === undefined) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest)?.[0] ?? '';
  return `${scheme}${user}:***@${rest.slice(scheme.length)}`;
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
