/** `billing user add`: create a user (the first one, or when the server is not running); `billing user token …` in token-commands.ts. */
import type { Command } from 'commander';
import { assertUnlocked, ensureWorkspace } from '../../snapshots/store/workspace.ts';
import { newPassword, userName } from '../api/session-api.ts';
import { ApiError } from '../errors.ts';
import { databaseFile, openDatabase } from '../store/database.ts';
import { createUser, ROLES, type Role } from '../store/users.ts';
import type { CliIo } from './cli-io.ts';
import { registerTokenCommands } from './token-commands.ts';

export function registerUserCommands(program: Command, io: CliIo): void {
  const user = program.command('user').description('workbench users');
  registerTokenCommands(user, io);
  user
    .command('add <name>')
    .description('add a user; the password is read from BILLING_PASSWORD or the first line of standard input')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .action(async (name: string, options: { role: string }) => {
      // The API's own rules (server/api/session-api.ts), so a name the API refuses is refused here too.
      const named = userName.safeParse(name);
      if (!named.success)
        throw new ApiError(400, 'bad_name', `the user name ${JSON.stringify(name.slice(0, 60))} is not allowed: ${named.error.issues[0]?.message}`, 'name');
      if (!ROLES.includes(options.role as Role))
        throw new ApiError(400, 'bad_role', `--role must be one of ${ROLES.join(', ')}, not "${options.role}"`, 'role');
      const password = io.env.BILLING_PASSWORD ?? (await firstLine(io.stdin));
      const checked = newPassword.safeParse(password);
      if (!checked.success) throw new ApiError(400, 'weak_password', `the password must have ${checked.error.issues[0]?.message}`, 'password');
      const workspace = io.workspace();
      ensureWorkspace(workspace);
      assertUnlocked(workspace);
      const db = await openDatabase(databaseFile(workspace));
      try {
        const user = await db.transaction((tx) => createUser(tx, { name, password, role: options.role as Role }, 'cli', new Date()));
        io.out(`Added ${user.name} (${user.role})`);
      } finally {
        db.close();
      }
    });
}

async function firstLine(input: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]?.trim() ?? '';
}
