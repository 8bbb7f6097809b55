/**
 * Formula packages over the API: export the active release's formulas (all, or chosen ones), and
 * import a package — first only compared with the release, then applied as drafts for review.
 */
import { call, endpoints } from '../api/client.ts';
import type { FormulaPackage } from '../api/types.ts';

export const exportPackage = (ids?: readonly string[]) => call(endpoints.exportPackage, { query: { ids: ids?.join(',') } });

/** What importing the package would do; changes nothing. */
export const planImport = async (packageText: string) => (await call(endpoints.importPackage, { body: { package: packageText, apply: false } })).items;

/** Imports the package: its new and changed formulas become drafts. */
export const applyImport = async (packageText: string) => (await call(endpoints.importPackage, { body: { package: packageText, apply: true } })).drafts ?? [];

/** The file text a package holds for a formula (the server has already checked the package). */
export function packagedText(packageText: string, formulaId: string): string {
  const pkg = JSON.parse(packageText) as FormulaPackage;
  const entry = pkg.formulas.find((f) => f.id === formulaId);
  if (!entry) throw new Error(`The package holds no formula ${formulaId}.`);
  return entry.text;
}

/** A file name for a package: "release shipped-1.0" -> "formulas-release-shipped-1.0.json". */
export function packageFileName(pkg: FormulaPackage): string {
  return `formulas-${pkg.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`;
}
