/**
 * A client user's share of a snapshot: a DuckDB instance of its own holding only the rows of the
 * granted clients (scope-rules.ts), in tables named exactly as IS's. Everything a client user's
 * request runs (release formulas, trends, the rows behind a number) runs here, so a formula that
 * forgets to filter by client still sees nothing else: the other clients' rows are not in the
 * instance at all, and the snapshot it was copied from is detached before any query runs. The
 * instance is locked like every sandbox (engine/formulas/sandbox.ts): SELECTs only, no file or
 * network access, time and memory limits.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { listClients } from '../rating/clients.ts';
import type { ClientInfo } from '../rating/model.ts';
import { defaultLimits, openPreparedInstance, type Sandbox, type SandboxLimits, withoutPath } from '../formulas/sandbox.ts';
import { createTableSql, quoteIdent, tableNamed } from '../../snapshots/schema/index.ts';
import type { ClientGrant } from './client-grant.ts';
import { AGENT_NAME_COLUMNS, orderedScopeRules, SCOPED } from './scope-rules.ts';

export interface ScopeOptions {
  /** Keep agent names (agtAgents.Name, Initials); otherwise they are NULL in the scope. */
  readonly agentNames: boolean;
  readonly limits?: SandboxLimits;
}

export interface ScopedSnapshot {
  readonly grant: ClientGrant;
  /** The granted clients this snapshot holds, in ClientNumber order. */
  readonly clients: readonly ClientInfo[];
  /** A sandbox on a connection of its own; close it after use. */
  connect(): Promise<Sandbox>;
  /** Closes the instance (and any sandbox still open on it). */
  close(): void;
}

/** Each scope is small (a few clients' rows): a quarter of the snapshot sandbox's memory is plenty. */
export const scopeLimits: SandboxLimits = { ...defaultLimits, memoryLimit: '256MB' };

/**
 * @example const scope = await openScopedSnapshot(dataFile, { clientNumbers: ['1001'], billingCodes: [] }, { agentNames: false })
 *   // scope.clients: [{ clientNumber: '1001', ... }]; every IS table holds client 1001's rows only
 */
export async function openScopedSnapshot(snapshotFile: string, grant: ClientGrant, options: ScopeOptions): Promise<ScopedSnapshot> {
  const redact = withoutPath(snapshotFile);
  const instance = await openPreparedInstance(
    (connection) => copyScope(connection, snapshotFile, grant, options.agentNames),
    options.limits ?? scopeLimits,
    redact,
  );
  try {
    const sandbox = await instance.connect();
    try {
      const clients = await listClients(sandbox);
      return { grant, clients, connect: () => instance.connect(), close: () => instance.close() };
    } finally {
      sandbox.close();
    }
  } catch (error) {
    instance.close();
    throw error;
  }
}

/** Copies the granted rows of every IS table into the catalog `scoped` names, then lets go of the snapshot. */
async function copyScope(connection: DuckDBConnection, snapshotFile: string, grant: ClientGrant, agentNames: boolean, scoped = SCOPED): Promise<void> {
  await connection.run(`ATTACH ${sqlString(snapshotFile)} AS source (READ_ONLY)`);
  try {
    await connection.run(`CREATE TEMP TABLE granted AS SELECT cltID FROM source.main.cltClients WHERE ${grantPredicate(grant)}`);
    for (const rule of orderedScopeRules()) {
      const table = tableNamed(rule.table);
      const blanked = agentNames ? [] : (AGENT_NAME_COLUMNS[table.name] ?? []);
      const target = `${scoped}${quoteIdent(table.name)}`;
      await connection.run(createTableSql(table, target));
      const columns = table.columns.map((column) => (blanked.includes(column.name) ? `NULL AS ${quoteIdent(column.name)}` : quoteIdent(column.name)));
      await connection.run(`INSERT INTO ${target} SELECT ${columns.join(', ')} FROM source.main.${quoteIdent(table.name)} WHERE ${rule.where(scoped)}`);
    }
    await connection.run('DROP TABLE temp.main.granted');
  } finally {
    await connection.run('DETACH source');
  }
}

/**
 * Scopes for several grants of one snapshot at once: the snapshot is read once into a staging file
 * holding every one of the grants' rows (agent names kept), and each scope is copied from that small
 * file. The rules only ever keep rows attributed to granted clients, so a scope copied from the
 * union's is the scope copied from the snapshot (tested). Fifty users arriving together cost a few
 * reads of the large snapshot instead of fifty.
 * @example const [a, b] = await openScopedSnapshots(dataFile, [grantA, grantB], { agentNames: false }, join(tmpdir(), 'stage.duckdb'))
 */
export async function openScopedSnapshots(
  snapshotFile: string,
  grants: readonly ClientGrant[],
  options: ScopeOptions,
  stagingFile: string,
  open: typeof openScopedSnapshot = openScopedSnapshot,
): Promise<PromiseSettledResult<ScopedSnapshot>[]> {
  if (grants.length === 1) return Promise.allSettled([open(snapshotFile, grants[0] as ClientGrant, options)]);
  const union: ClientGrant = {
    clientNumbers: [...new Set(grants.flatMap((grant) => grant.clientNumbers))],
    billingCodes: [...new Set(grants.flatMap((grant) => grant.billingCodes))],
  };
  const limits = options.limits ?? scopeLimits;
  const staging = await DuckDBInstance.create(':memory:', { threads: String(limits.threads), memory_limit: limits.memoryLimit });
  const connection = await staging.connect();
  try {
    await connection.run(`ATTACH ${sqlString(stagingFile)} AS staging`);
    await copyScope(connection, snapshotFile, union, true, 'staging.main.');
    await connection.run('DETACH staging');
  } finally {
    connection.closeSync();
    staging.closeSync();
  }
  try {
    const scopes: PromiseSettledResult<ScopedSnapshot>[] = [];
    for (const grant of grants) scopes.push(...(await Promise.allSettled([open(stagingFile, grant, options)])));
    return scopes;
  } finally {
    rmSync(stagingFile, { force: true });
    rmSync(`${stagingFile}.wal`, { force: true });
  }
}

/** The granted clients by number or billing code; a client number that is not a whole number matches nothing. */
export function grantPredicate(grant: ClientGrant): string {
  const numbers = grant.clientNumbers.filter((number) => /^\d{1,18}$/.test(number)).map((number) => `${number}::DECIMAL(18,0)`);
  const codes = grant.billingCodes.map(sqlString);
  const parts = [
    ...(numbers.length > 0 ? [`ClientNumber IN (${numbers.join(', ')})`] : []),
    ...(codes.length > 0 ? [`BillingCode IN (${codes.join(', ')})`] : []),
  ];
  return parts.length > 0 ? `(${parts.join(' OR ')})` : 'false';
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
