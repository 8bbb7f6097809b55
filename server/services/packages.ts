/**
 * Importing a library package: what it would change against the active release (new, changed,
 * unchanged formulas), and with `apply` each new or changed formula as a draft, so nothing enters
 * the library without review.
 */
import { type ImportItem, planImport, readPackage } from '../../engine/formulas/package.ts';
import type { ActiveLibrary } from '../context.ts';
import type { Database } from '../store/database.ts';
import { createDraft } from '../store/formulas.ts';

export interface PackageImport {
  readonly items: readonly ImportItem[];
  /** With apply: the drafts made, one per new or changed formula. */
  readonly drafts?: readonly { readonly formulaId: string; readonly draftId: number }[];
}

/**
 * The import plan of a package's JSON text; with `apply`, the drafts too (one transaction).
 * @example await importPackage({ db, now }, library, 'alice', { package: json, apply: true }) // { items: [{ id: 'SecCalls', status: 'changed', ... }], drafts: [{ formulaId: 'SecCalls', draftId: 41 }] }
 */
export async function importPackage(
  deps: { readonly db: Database; readonly now: () => Date },
  library: ActiveLibrary,
  author: string,
  request: { readonly package: string; readonly apply: boolean },
): Promise<PackageImport> {
  const { package: pkg, formulas } = readPackage(request.package, 'package');
  const items = planImport(pkg, formulas, library.files);
  if (!request.apply) return { items };
  const drafts = await deps.db.transaction(async (tx) => {
    const created: { formulaId: string; draftId: number }[] = [];
    for (const item of items.filter((i) => i.status !== 'unchanged')) {
      const entry = pkg.formulas.find((f) => f.id === item.id);
      if (!entry) continue;
      const draft = await createDraft(tx, item.id, entry.text, library.versionOf.get(item.id) ?? null, author, deps.now());
      created.push({ formulaId: item.id, draftId: draft.draftId });
    }
    return created;
  });
  return { items, drafts };
}
