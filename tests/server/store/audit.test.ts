import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from '../../../server/store/audit.ts';
import type { Database } from '../../../server/store/database.ts';
import { openTestDatabase, ticking } from './support.ts';

let db: Database;
const now = ticking(Date.UTC(2026, 10, 1, 8, 0, 0, 250));
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

const append = (action: string, target: string, detail?: unknown, reason?: string) =>
  db.transaction((tx) => appendAudit(tx, { actor: 'alice', action, target, detail, ...(reason ? { reason } : {}) }, now()));

describe('the audit log', () => {
  it('lists entries newest first with their detail as recorded, a page at a time', async () => {
    await append('user.create', 'user:bob', { role: 'viewer' });
    await append('session.login', 'user:alice');
    await append('draft.update', 'draft:4', { revision: 2 }, 'typo');
    const entries = await listAudit(db);
    expect(entries.map((e) => [e.action, e.detail, e.reason])).toEqual([
      ['draft.update', { revision: 2 }, 'typo'],
      ['session.login', null, null],
      ['user.create', { role: 'viewer' }, null],
    ]);
    expect(entries[2]?.at).toBe('2026-11-01T08:00:01.250');
    const page = await listAudit(db, { limit: 1, before: entries[0]?.seq });
    expect(page.map((e) => e.action)).toEqual(['session.login']);
  });
});
