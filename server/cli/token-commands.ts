/**
 * `billing user token add|list|revoke`: API tokens from the command line, while the server is not
 * running (the same rules as POST/GET/DELETE /api/tokens: a scope no higher than the owner's role,
 * an expiry, revocation for good).
 */
import type { Command } from 'commander';
import { assertUnlocked, ensureWorkspace } from '../../snapshots/store/workspace.ts';
import { roleSchema } from '../api/endpoint.ts';
import { ApiError } from '../errors.ts';
import { type ApiToken, createApiToken, listApiTokens, revokeApiToken } from '../store/api-tokens.ts';
import { type Database, databaseFile, openDatabase } from '../store/database.ts';
import { listUsers, ROLES } from '../store/users.ts';
import type { CliIo } from './cli-io.ts';

/** Who the command line acts as in the audit log: the person at the server's console, with every right. */
const CONSOLE = { name: 'cli', role: 'admin' } as const;

export function registerTokenCommands(user: Command, io: CliIo): void {
  const token = user.command('token').description("a user's API tokens");

  token
    .command('add <user> <name>')
    .description('create an API token for a user and print it (shown only now)')
    .option('--role <role>', `the most it may do: one of ${ROLES.join(', ')}, no higher than the user's (default: the user's role)`)
    .option('--days <days>', 'days until it expires, 1 to 365', '90')
    .action((owner: string, name: string, options: { role?: string; days: string }) =>
      withDatabase(io, async (db) => {
        const role = options.role === undefined ? undefined : roleSchema.safeParse(options.role);
        if (role && !role.success) throw new ApiError(400, 'bad_role', `--role must be one of ${ROLES.join(', ')}, not "${options.role}"`, 'role');
        const days = Number(options.days);
        if (!Number.isInteger(days) || days < 1 || days > 365)
          throw new ApiError(400, 'bad_days', `--days must be a whole number from 1 to 365, not "${options.days}"`, 'days');
        const account = (await listUsers(db)).find((candidate) => candidate.name === owner && !candidate.disabled);
        if (!account) throw new ApiError(404, 'not_found', `no active user named ${owner}`, 'user');
        const made = await db.transaction((tx) => createApiToken(tx, account, { name, role: role?.data, days }, new Date()));
        io.out(made.token);
        io.out(`${describe(made.info)}`);
      }),
    );

  token
    .command('list [user]')
    .description("every API token, or one user's, without their secrets")
    .action((owner: string | undefined) =>
      withDatabase(io, async (db) => {
        for (const listed of await listApiTokens(db, owner)) io.out(describe(listed));
      }),
    );

  token
    .command('revoke <id>')
    .description('revoke an API token for good')
    .action((id: string) =>
      withDatabase(io, async (db) => {
        if (!/^\d{1,15}$/.test(id)) throw new ApiError(404, 'not_found', `no API token ${id.slice(0, 20)}`);
        io.out(describe(await db.transaction((tx) => revokeApiToken(tx, Number(id), CONSOLE, new Date()))));
      }),
    );
}

/** One line: id, name, owner, scope, and whether it still works. */
function describe(token: ApiToken): string {
  const state = token.revokedAt ? `revoked ${token.revokedAt.slice(0, 16)}` : `expires ${token.expiresAt.slice(0, 10)}`;
  return `${token.id}\t${token.name}\t${token.owner}\t${token.role}\t${state}`;
}

async function withDatabase(io: CliIo, work: (db: Database) => Promise<void>): Promise<void> {
  const workspace = io.workspace();
  ensureWorkspace(workspace);
  assertUnlocked(workspace);
  const db = await openDatabase(databaseFile(workspace));
  try {
    await work(db);
  } finally {
    db.close();
  }
}
