/**
 * First start: the shipped formula library becomes approved versions in a first release, so a new
 * workspace bills with the library the product ships.
 */
import type { FormulaFile } from '../../engine/formulas/package.ts';
import { type Database, numberOf } from './database.ts';
import { addVersion, createRelease } from './formulas.ts';

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
