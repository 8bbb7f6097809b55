import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraft, draftChange, draftId, editDraft, type ReviewDeps, reviewDraft, submitDraft, withdrawDraft } from '../../../server/services/review.ts';
import { promoteDrafts } from '../../../server/services/releases.ts';
import { getVersion } from '../../../server/store/formulas.ts';
import type { Role } from '../../../server/store/users.ts';
import { NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
beforeAll(async () => {
  ws = await serviceWorkspace();
});
afterAll(() => ws.close());

const deps = (approvalsRequired = 1): ReviewDeps => ({ db: ws.db, now: () => NOW, library: async () => ws.library, approvalsRequired });
const person = (name: string, role: Role) => ({ name, role });
/** The shipped SecCalls file with a note at its end: same formula, a new text (so a new version). */
const secCalls = (note: string) => `${ws.library.files.find((file) => file.formula.id === 'SecCalls')?.text}\n# ${note}\n`;

/** A SecCalls draft by alice, sent to review. */
async function draftInReview(note: string, approvalsRequired = 1): Promise<number> {
  const draft = await createDraft(deps(approvalsRequired), 'alice', { formulaId: 'SecCalls', text: secCalls(note) });
  await submitDraft(deps(approvalsRequired), 'alice', draft.draftId);
  return draft.draftId;
}

describe('the review workflow', () => {
  it('starts a draft on the release version of its formula', async () => {
    const draft = await createDraft(deps(), 'alice', { formulaId: 'SecCalls', text: secCalls('started') });
    expect(draft).toMatchObject({ formulaId: 'SecCalls', revision: 1, status: 'editing', author: 'alice', baseVersion: ws.library.versionOf.get('SecCalls') });
  });

  it('refuses a draft whose text defines another formula than the one it is for', async () => {
    await expect(createDraft(deps(), 'alice', { formulaId: 'MsgDlvrd', text: secCalls('wrong id') })).rejects.toMatchObject({
      status: 400,
      code: 'id_mismatch',
      field: 'text',
      message: 'the text defines formula SecCalls, but the draft is for MsgDlvrd',
    });
  });

  it('refuses an edit made from a stale revision', async () => {
    const { draftId: id } = await createDraft(deps(), 'alice', { formulaId: 'SecCalls', text: secCalls('edited') });
    expect((await editDraft(deps(), person('alice', 'editor'), id, { text: secCalls('edited twice'), expected: 1 })).revision).toBe(2);
    await expect(editDraft(deps(), person('bob', 'approver'), id, { text: secCalls('edited from revision 1'), expected: 1 })).rejects.toMatchObject({
      code: 'edit_conflict',
      field: 'revision',
    });
  });

  it('refuses the approval of a draft by its author, even an approver', async () => {
    const id = await draftInReview('own');
    await expect(reviewDraft(deps(), person('alice', 'approver'), id, { verdict: 'approve' })).rejects.toMatchObject({ status: 403, code: 'own_draft' });
  });

  it('lets a viewer comment on a draft but not approve it', async () => {
    const id = await draftInReview('viewer');
    const commented = await reviewDraft(deps(), person('vera', 'viewer'), id, { verdict: 'comment', comment: 'why the change?' });
    expect(commented.reviews).toMatchObject([{ reviewer: 'vera', verdict: 'comment', comment: 'why the change?' }]);
    await expect(reviewDraft(deps(), person('vera', 'viewer'), id, { verdict: 'approve' })).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      message: 'this needs the approver role; vera is viewer',
    });
    await expect(reviewDraft(deps(), person('eddie', 'editor'), id, { verdict: 'approve' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('makes a version only at the Nth approval from someone other than the author', async () => {
    const id = await draftInReview('two approvals', 2);
    const first = await reviewDraft(deps(2), person('bob', 'approver'), id, { verdict: 'approve' });
    expect(first).toMatchObject({ status: 'in_review', approvedVersion: null });
    const second = await reviewDraft(deps(2), person('carol', 'admin'), id, { verdict: 'approve', comment: 'fine' });
    expect(second.status).toBe('approved');
    expect(second.reviews.map((review) => review.reviewer)).toEqual(['bob', 'carol']);
    const version = await getVersion(ws.db, second.approvedVersion as string);
    expect(version).toMatchObject({ formulaId: 'SecCalls', author: 'alice', text: secCalls('two approvals') });
  });

  it('approves only a draft in review, withdraws only one not yet approved', async () => {
    const { draftId: id } = await createDraft(deps(), 'alice', { formulaId: 'SecCalls', text: secCalls('not submitted') });
    await expect(reviewDraft(deps(), person('bob', 'approver'), id, { verdict: 'approve' })).rejects.toMatchObject({ code: 'wrong_state' });
    expect((await withdrawDraft(deps(), person('alice', 'editor'), id)).status).toBe('withdrawn');
    await expect(withdrawDraft(deps(), person('alice', 'editor'), id)).rejects.toMatchObject({
      code: 'wrong_state',
      message: `draft ${id} is already withdrawn`,
    });
  });

  it('promotes approved drafts only', async () => {
    const approved = await draftInReview('promoted');
    await reviewDraft(deps(), person('bob', 'approver'), approved, { verdict: 'approve' });
    const pending = await draftInReview('pending');
    await expect(promoteDrafts(deps(), 'bob', { name: 'refused', drafts: [approved, pending] })).rejects.toMatchObject({
      status: 409,
      code: 'not_approved',
      field: 'drafts',
    });
    const release = await promoteDrafts(deps(), 'bob', { name: 'with SecCalls', drafts: [approved] });
    expect(release.items.size).toBe(ws.library.release.items.size);
    expect(release.items.get('SecCalls')).not.toBe(ws.library.versionOf.get('SecCalls'));
  });

  it('shows a draft change as a text diff against its base version, and no results without a snapshot', async () => {
    const id = await draftInReview('diffed');
    const change = await draftChange({ ...deps(), snapshots: ws.snapshots }, id);
    expect(change).toMatchObject({ draft: id, revision: 1, results: null });
    expect(change.sqlDiff).toContain('+# diffed');
  });

  it('names no draft by a path that is not a number', () => {
    expect(draftId('41')).toBe(41);
    expect(() => draftId('latest')).toThrow(expect.objectContaining({ code: 'not_found', message: 'no draft latest' }));
  });
});
