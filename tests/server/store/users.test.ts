import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/store/database.ts';
import { checkPassword, countUsers, createSession, createUser, listUsers, sessionUser, updateUser, type Role } from '../../../server/store/users.ts';
import { createApiToken, tokenUser } from '../../../server/store/api-tokens.ts';
import { openTestDatabase, refusedWith, ticking } from './support.ts';

let db: Database;
const now = ticking();
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

const PASSWORD = 'correct horse battery';
const add = (name: string, role: Role) => db.transaction((tx) => createUser(tx, { name, password: PASSWORD, role }, 'root', now()));

describe('users', () => {
  it('lists accounts by name, created to the second, never with a password hash', async () => {
    await add('zoe', 'viewer');
    await add('adam', 'admin');
    expect(await countUsers(db)).toBe(2);
    const users = await listUsers(db);
    expect(users.map((u) => [u.name, u.role, u.disabled])).toEqual([
      ['adam', 'admin', false],
      ['zoe', 'viewer', false],
    ]);
    expect(users[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|hash/i);
  });

  it('refuses a second user of the same name with user_exists on the name', async () => {
    await add('alice', 'editor');
    await refusedWith(add('alice', 'viewer'), 'user_exists', 'name');
  });

  it('refuses to change a user who does not exist with not_found', async () => {
    await refusedWith(
      db.transaction((tx) => updateUser(tx, 'nobody', { role: 'admin' }, 'root', now())),
      'not_found',
    );
  });

  it('refuses to demote or disable the last active administrator with last_admin, a disabled admin not counting', async () => {
    await add('root', 'admin');
    await add('erin', 'admin');
    await db.transaction((tx) => updateUser(tx, 'erin', { disabled: true }, 'root', now()));
    await refusedWith(
      db.transaction((tx) => updateUser(tx, 'root', { role: 'editor' }, 'root', now())),
      'last_admin',
    );
    await refusedWith(
      db.transaction((tx) => updateUser(tx, 'root', { disabled: true }, 'root', now())),
      'last_admin',
    );
  });

  it('checks a password, and knows no disabled user', async () => {
    const alice = await add('alice', 'editor');
    expect(await checkPassword(db, 'alice', PASSWORD)).toEqual(alice);
    expect(await checkPassword(db, 'alice', 'wrong password!')).toBeUndefined();
    await db.transaction((tx) => updateUser(tx, 'alice', { disabled: true }, 'root', now()));
    expect(await checkPassword(db, 'alice', PASSWORD)).toBeUndefined();
  });
});

describe('sessions and API tokens', () => {
  it('finds the user and CSRF token of a session until it expires', async () => {
    const alice = await add('alice', 'editor');
    const session = await db.transaction((tx) => createSession(tx, alice, now()));
    expect(await sessionUser(db, session.token, now())).toEqual({ user: alice, csrf: session.csrf });
    expect(await sessionUser(db, 'not a token', now())).toBeUndefined();
    expect(await sessionUser(db, session.token, new Date(session.expires.getTime() + 1000))).toBeUndefined();
  });

  it('finds the user of an API token until they are disabled, and not again once they are enabled', async () => {
    await add('root', 'admin');
    const bob = await add('bob', 'viewer');
    const { token } = await db.transaction((tx) => createApiToken(tx, bob, { name: 'nightly export' }, now()));
    expect(await tokenUser(db, token, now())).toEqual(bob);
    await db.transaction((tx) => updateUser(tx, 'bob', { disabled: true }, 'root', now()));
    expect(await tokenUser(db, token, now())).toBeUndefined();
    await db.transaction((tx) => updateUser(tx, 'bob', { disabled: false }, 'root', now()));
    expect(await tokenUser(db, token, now())).toBeUndefined();
  });

  it('ends the sessions of a user who is disabled', async () => {
    await add('root', 'admin');
    const carol = await add('carol', 'viewer');
    const session = await db.transaction((tx) => createSession(tx, carol, now()));
    await db.transaction((tx) => updateUser(tx, 'carol', { disabled: true }, 'root', now()));
    await db.transaction((tx) => updateUser(tx, 'carol', { disabled: false }, 'root', now()));
    expect(await sessionUser(db, session.token, now())).toBeUndefined();
  });
});
