/**
 * Where things are in a library repository: one folder per package at the top, each with its
 * manifest, its changelog and its formulas (laid out as the project's `formulas/`, shared fixtures
 * and snippets included). docs/library.md describes it.
 */

export const MANIFEST_FILE = 'package.yaml';
export const CHANGELOG_FILE = 'CHANGELOG.md';
/** The package's formula folder: a formula library as `formulas/` is, so the same loader reads it. */
export const FORMULAS_FOLDER = 'formulas';
/** Which formula versions each site runs, one file per site, published by the site. */
export const ADOPTIONS_FOLDER = 'adoptions';

/** The package the project's own `formulas/` is exported as. */
export const SHIPPED_PACKAGE = 'amtelco-be200';
