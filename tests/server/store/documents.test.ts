import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/store/database.ts';
import { getDocument, listDocuments, saveDocument } from '../../../server/store/documents.ts';
import { openTestDatabase, refusedWith, ticking } from './support.ts';

let db: Database;
const now = ticking();
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

const save = (name: string, text: string, expected: number, kind: 'setup' | 'scenario' = 'setup') =>
  db.transaction((tx) => saveDocument(tx, kind, name, text, expected, 'alice', now()));

describe('documents', () => {
  it('saves each change as a new version and reads the latest, or the version asked for', async () => {
    const first = await save('standard', 'plans: []', 0);
    const second = await save('standard', 'plans: [a]', 1);
    expect(first).toMatchObject({ kind: 'setup', name: 'standard', version: 1, text: 'plans: []', author: 'alice' });
    expect(await getDocument(db, 'setup', 'standard')).toEqual(second);
    expect(await getDocument(db, 'setup', 'standard', 1)).toEqual(first);
  });

  it('refuses a save made from a version that is no longer the latest with edit_conflict on the version', async () => {
    await save('standard', 'one', 0);
    await refusedWith(save('standard', 'two', 0), 'edit_conflict', 'version');
    await refusedWith(save('fresh', 'two', 3), 'edit_conflict', 'version');
  });

  it('refuses a document or version that does not exist with not_found', async () => {
    await save('standard', 'one', 0);
    await refusedWith(getDocument(db, 'setup', 'other'), 'not_found');
    await refusedWith(getDocument(db, 'setup', 'standard', 2), 'not_found');
    await refusedWith(getDocument(db, 'scenario', 'standard'), 'not_found');
  });

  it('lists the latest version of each document of a kind by name, without the text', async () => {
    await save('zeta', 'z', 0);
    await save('alpha', 'a1', 0);
    await save('alpha', 'a2', 1);
    await save('what-if', 's', 0, 'scenario');
    const listed = await listDocuments(db, 'setup');
    expect(listed.map((d) => [d.name, d.version])).toEqual([
      ['alpha', 2],
      ['zeta', 1],
    ]);
    expect(listed[0]).not.toHaveProperty('text');
  });
});
