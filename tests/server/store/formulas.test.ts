import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/store/database.ts';
import {
  activeRelease,
  addReview,
  addVersion,
  approversOf,
  createDraft,
  createRelease,
  getDraft,
  getVersion,
  listDrafts,
  listReleaseSummaries,
  listReviews,
  listVersions,
  setDraftStatus,
  updateDraft,
} from '../../../server/store/formulas.ts';
import { openTestDatabase, refusedWith, ticking } from './support.ts';

let db: Database;
const now = ticking();
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

const draftOf = (formulaId: string, author = 'alice') => db.transaction((tx) => createDraft(tx, formulaId, `id: ${formulaId}\n`, null, author, now()));

describe('formula versions', () => {
  it('records the same text once and numbers a formula’s versions from 1, with the version they were edited from', async () => {
    const [first, again, second] = await db.transaction(async (tx) => {
      const first = await addVersion(tx, 'Calls', 'v1', 'alice', now());
      return [first, await addVersion(tx, 'Calls', 'v1', 'bob', now()), await addVersion(tx, 'Calls', 'v2', 'alice', now(), first.versionId)];
    });
    expect(again).toEqual(first);
    expect(second).toMatchObject({ formulaId: 'Calls', number: 2, parent: first.versionId, author: 'alice' });
    expect(await getVersion(db, second.versionId)).toEqual(second);
    expect(await listVersions(db, 'Calls')).toEqual([first, second]);
  });

  it('refuses a version that does not exist with not_found', async () => {
    await refusedWith(getVersion(db, 'feedfacefeedface'), 'not_found');
  });
});

describe('drafts', () => {
  it('reads a draft the same whichever query returns it (created, fetched, listed, updated)', async () => {
    const created = await draftOf('Calls');
    expect(created).toMatchObject({ formulaId: 'Calls', revision: 1, status: 'editing', baseVersion: null, approvedVersion: null, author: 'alice' });
    expect(created.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(await getDraft(db, created.draftId)).toEqual(created);
    expect(await listDrafts(db)).toEqual([created]);
    const updated = await db.transaction((tx) => updateDraft(tx, created.draftId, 'id: Calls\ntitle: x\n', 1, 'alice', now()));
    expect(updated).toEqual(await getDraft(db, created.draftId));
    expect(updated).toMatchObject({ revision: 2, text: 'id: Calls\ntitle: x\n' });
  });

  it('lists drafts newest first, and only those in a status when one is asked', async () => {
    const [a, b, c] = [await draftOf('A'), await draftOf('B'), await draftOf('C')];
    await db.transaction((tx) => setDraftStatus(tx, b.draftId, 'editing', 'in_review', 'alice', now()));
    expect((await listDrafts(db)).map((d) => d.draftId)).toEqual([c.draftId, b.draftId, a.draftId]);
    expect((await listDrafts(db, { status: 'in_review' })).map((d) => d.draftId)).toEqual([b.draftId]);
    expect(await listDrafts(db, { status: 'approved' })).toEqual([]);
  });

  it('refuses an edit made from a stale revision with edit_conflict on the revision', async () => {
    const { draftId } = await draftOf('Calls');
    await db.transaction((tx) => updateDraft(tx, draftId, 'one', 1, 'alice', now()));
    await refusedWith(
      db.transaction((tx) => updateDraft(tx, draftId, 'two', 1, 'bob', now())),
      'edit_conflict',
      'revision',
    );
    expect((await getDraft(db, draftId)).text).toBe('one');
  });

  it('refuses to edit a draft in review (draft_not_editable) and a step from the wrong status (wrong_state)', async () => {
    const { draftId } = await draftOf('Calls');
    await db.transaction((tx) => setDraftStatus(tx, draftId, 'editing', 'in_review', 'alice', now()));
    await refusedWith(
      db.transaction((tx) => updateDraft(tx, draftId, 'x', 1, 'alice', now())),
      'draft_not_editable',
    );
    await refusedWith(
      db.transaction((tx) => setDraftStatus(tx, draftId, 'editing', 'in_review', 'alice', now())),
      'wrong_state',
    );
  });

  it('refuses a draft that does not exist with not_found', async () => {
    await refusedWith(getDraft(db, 404), 'not_found');
  });
});

describe('reviews', () => {
  it('counts each approver once and never the author, whose approval or comments do not count', async () => {
    const draft = await draftOf('Calls', 'alice');
    await db.transaction(async (tx) => {
      await addReview(tx, draft, 'alice', 'approve', null, now());
      await addReview(tx, draft, 'bob', 'comment', 'why 60 s?', now());
      await addReview(tx, draft, 'carol', 'approve', null, now());
      await addReview(tx, draft, 'carol', 'approve', 'still fine', now());
    });
    expect([...(await approversOf(db, draft.draftId, ['alice']))]).toEqual(['carol']);
    expect((await listReviews(db, draft.draftId)).map((r) => [r.reviewer, r.verdict, r.comment, r.revision])).toEqual([
      ['alice', 'approve', null, 1],
      ['bob', 'comment', 'why 60 s?', 1],
      ['carol', 'approve', null, 1],
      ['carol', 'approve', 'still fine', 1],
    ]);
  });
});

describe('releases', () => {
  it('answers no_release while the workspace has none', async () => {
    await refusedWith(activeRelease(db), 'no_release');
    expect(await listReleaseSummaries(db)).toEqual([]);
  });

  it('summarises releases oldest first with how many formulas each holds, a release that leaves every formula out holding 0', async () => {
    await db.transaction(async (tx) => {
      const calls = await addVersion(tx, 'Calls', 'c', 'system', now());
      const minutes = await addVersion(tx, 'Minutes', 'm', 'system', now());
      await createRelease(
        tx,
        'first',
        new Map([
          [calls.formulaId, calls.versionId],
          [minutes.formulaId, minutes.versionId],
        ]),
        'system',
        now(),
      );
      await createRelease(tx, 'second', new Map([['Minutes', null]]), 'bob', now());
      await createRelease(tx, 'empty', new Map([['Calls', null]]), 'bob', now());
    });
    const summaries = await listReleaseSummaries(db);
    expect(summaries.map((r) => [r.name, r.createdBy, r.formulas])).toEqual([
      ['first', 'system', 2],
      ['second', 'bob', 1],
      ['empty', 'bob', 0],
    ]);
    const active = await activeRelease(db);
    expect(active).toMatchObject({ name: 'empty', releaseId: summaries[2]?.releaseId, createdAt: summaries[2]?.createdAt });
    expect(active.items.size).toBe(0);
  });

  it('refuses a second release of the same name with release_exists on the name', async () => {
    await db.transaction((tx) => createRelease(tx, 'r1', new Map(), 'bob', now()));
    await refusedWith(
      db.transaction((tx) => createRelease(tx, 'r1', new Map(), 'bob', now())),
      'release_exists',
      'name',
    );
  });
});
