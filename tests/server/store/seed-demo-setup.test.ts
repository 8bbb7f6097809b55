import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { showSetupVersion } from '../../../server/services/setups.ts';
import { getDocument, saveDocument } from '../../../server/store/documents.ts';
import { DEMO_SETUP, SYSTEM_ACTOR, seedDemoSetup } from '../../../server/store/seed.ts';
import { openTestDatabase, ticking } from './support.ts';

describe('the demo setup seeded at first start', () => {
  it('is the shipped example as setup standard version 1, submitted and approved by the system', async () => {
    const db = await openTestDatabase();
    expect(await seedDemoSetup(db, new Date('2026-11-01T08:00:00Z'))).toBe(true);
    const seeded = await showSetupVersion({ db }, 'standard');
    expect(seeded).toMatchObject({ name: DEMO_SETUP.name, version: 1, author: SYSTEM_ACTOR, state: 'approved' });
    expect(seeded.text).toBe(readFileSync(DEMO_SETUP.file, 'utf8'));
    expect(seeded.reviews.map((review) => `${review.action} ${review.actor}`)).toEqual(['submit system', 'approve system']);
    db.close();
  });

  it('is not seeded again, nor into a workspace that has a setup of its own', async () => {
    const db = await openTestDatabase();
    const now = ticking();
    await db.transaction((tx) => saveDocument(tx, 'setup', 'ours', 'plans: []\n', 0, 'ann', now()));
    expect(await seedDemoSetup(db, now())).toBe(false);
    await expect(getDocument(db, 'setup', 'standard')).rejects.toMatchObject({ code: 'not_found' });
    db.close();
  });
});
