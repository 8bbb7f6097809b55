/**
 * First start: the shipped formula library becomes approved versions in a first release, so a new
 * workspace bills with the library the product ships.
 */
import { readFileSync } from 'node:fs';
import type { FormulaFile } from '../../engine/formulas/package.ts';
import { type Database, numberOf } from './database.ts';
import { saveDocument } from './documents.ts';
import { addVersion, createRelease } from './formulas.ts';
import { addSetupReview } from './setup-reviews.ts';

export const SYSTEM_ACTOR = 'system';

export async function seedLibrary(db: Database, files: readonly FormulaFile[], releaseName: string, now: Date): Promise<boolean> {
  if ((await numberOf(db, 'SELECT count(*) AS n FROM releases')) > 0) return false;
  await db.transaction(async (tx) => {
    const items = new Map<string, string>();
    for (const file of files) items.set(file.formula.id, (await addVersion(tx, file.formula.id, file.text, SYSTEM_ACTOR, now)).versionId);
    await createRelease(tx, releaseName, items, SYSTEM_ACTOR, now, 'the library shipped with the product');
  });
  return true;
}

/** The example billing setup shipped with the product (examples/billing-setup.yaml), as the demo workspace bills with it. */
export const DEMO_SETUP = { name: 'standard', file: new URL('../../examples/billing-setup.yaml', import.meta.url) } as const;

/**
 * First start with the demo: the example setup becomes setup `standard`, its default assignment
 * putting every demo client on its plan, approved — shipped content, like the first release, so
 * what-if and billing runs work at once. Nothing happens when the workspace has a setup already.
 */
export async function seedDemoSetup(db: Database, now: Date): Promise<boolean> {
  if ((await numberOf(db, "SELECT count(*) AS n FROM documents WHERE kind = 'setup'")) > 0) return false;
  const text = readFileSync(DEMO_SETUP.file, 'utf8');
  await db.transaction(async (tx) => {
    const saved = await saveDocument(tx, 'setup', DEMO_SETUP.name, text, 0, SYSTEM_ACTOR, now);
    const comment = 'the example setup shipped with the product, approved at first start';
    for (const action of ['submit', 'approve'] as const)
      await addSetupReview(tx, { name: saved.name, version: saved.version, actor: SYSTEM_ACTOR, action, comment }, now);
  });
  return true;
}
