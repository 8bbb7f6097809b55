/**
 * The community formula library, one function per use case: start a library repository, export the
 * project's own formulas into it as a package, check it (library-check.ts). A library is a git
 * repository with one folder per package (docs/library.md), reviewed by pull request.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineError } from '../../engine/errors.ts';
import { LIBRARY_DIR, loadLibrary } from '../../engine/formulas/library.ts';
import { addChangelogEntry, changelogDay } from '../../engine/library/changelog.ts';
import { ADOPTIONS_FOLDER, CHANGELOG_FILE, FORMULAS_FOLDER, MANIFEST_FILE, SHIPPED_PACKAGE } from '../../engine/library/layout.ts';
import { parseManifest, renderManifest, withVersion } from '../../engine/library/manifest.ts';
import { bumpVersion } from '../../engine/library/version.ts';
import { sqlChanges } from '../../engine/library/version-check.ts';
import { git, gitCommit } from './library-git.ts';
import { sqlOnDisk } from './library-packages.ts';

export { checkLibrary } from './library-check.ts';

export interface LibraryOptions {
  readonly now?: () => Date;
}

/** The formula the starter package holds, with the shared fixture its test loads. */
const STARTER_FORMULA = 'legacy/calls/AnsweredCalls.yaml';

/**
 * Creates a starter library repository in `dir` (new or empty): one package with a formula, its
 * shared fixture, a manifest and a changelog, committed.
 * @example await initLibrary('/srv/library') // { package: 'amtelco-be200', version: '0.1.0' }
 */
export async function initLibrary(dir: string, { now = () => new Date() }: LibraryOptions = {}): Promise<{ package: string; version: string }> {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new EngineError('file_field', `${dir} is not empty: a library starts in a new or empty folder`, { file: dir });
  mkdirSync(dir, { recursive: true });
  await git(['init', '--quiet'], dir);
  const starter = loadLibrary(LIBRARY_DIR).files.find((file) => file.path === STARTER_FORMULA);
  if (!starter) throw new EngineError('unknown_formula', `the shipped library has no ${STARTER_FORMULA}`);
  const formulas = join(dir, SHIPPED_PACKAGE, FORMULAS_FOLDER);
  write(join(formulas, STARTER_FORMULA), starter.text);
  for (const fixture of new Set(starter.formula.tests.flatMap((test) => (test.fixture ? [test.fixture] : [])))) {
    cpSync(join(LIBRARY_DIR, 'fixtures', `${fixture}.yaml`), join(formulas, 'fixtures', `${fixture}.yaml`));
  }
  const version = '0.1.0';
  write(join(dir, SHIPPED_PACKAGE, MANIFEST_FILE), renderManifest(starterManifest(version)));
  write(
    join(dir, SHIPPED_PACKAGE, CHANGELOG_FILE),
    addChangelogEntry(CHANGELOG_HEAD, version, changelogDay(now()), ['First formula: AnsweredCalls, as Billing Export 200 computes it.']),
  );
  write(join(dir, ADOPTIONS_FOLDER, 'README.md'), ADOPTIONS_README);
  write(join(dir, 'README.md'), LIBRARY_README);
  await git(['add', '.'], dir);
  await gitCommit(dir, `Start the library: ${SHIPPED_PACKAGE} ${version}`);
  return { package: SHIPPED_PACKAGE, version };
}

export interface ExportResult {
  readonly package: string;
  readonly version: string;
  readonly formulas: number;
  /** Formula files whose SQL differs from what the package held (all of them for a new package). */
  readonly changed: number;
  readonly created: boolean;
}

/**
 * Writes the project's own `formulas/` into the library folder `dir` as package `name`. A package
 * already there keeps its manifest and changelog; when SQL changed, its minor version goes up with
 * a changelog entry saying how many formulas changed. Nothing is committed: the user reviews it.
 * @example await exportPackage('/srv/library') // { package: 'amtelco-be200', version: '1.0.0', created: true, ... }
 */
export async function exportPackage(
  dir: string,
  { name = SHIPPED_PACKAGE, now = () => new Date() }: LibraryOptions & { name?: string } = {},
): Promise<ExportResult> {
  const shipped = loadLibrary(LIBRARY_DIR);
  if (shipped.errors.length > 0) throw shipped.errors[0];
  const packageDir = join(dir, name);
  const manifestFile = join(packageDir, MANIFEST_FILE);
  const created = !existsSync(manifestFile);
  const before = sqlOnDisk(dir, name);
  rmSync(join(packageDir, FORMULAS_FOLDER), { recursive: true, force: true });
  // The whole folder, shared fixtures, snippets and quirk catalogue included: formulas name them.
  cpSync(LIBRARY_DIR, join(packageDir, FORMULAS_FOLDER), { recursive: true, filter: (source) => !source.endsWith('.md') });
  const changes = sqlChanges(before, sqlOnDisk(dir, name));
  const changelogFile = join(packageDir, CHANGELOG_FILE);
  let version: string;
  if (created) {
    version = '1.0.0';
    write(manifestFile, renderManifest({ ...starterManifest(version), name }));
    write(
      changelogFile,
      addChangelogEntry(CHANGELOG_HEAD, version, changelogDay(now()), [
        `${shipped.formulas.length} formulas of Call Theory Billing: Billing Export 200 reproduced, consensus variants and per-call building blocks.`,
      ]),
    );
  } else {
    const text = readFileSync(manifestFile, 'utf8');
    version = parseManifest(text, `${name}/${MANIFEST_FILE}`, name).manifest.version;
    if (changes.length > 0) {
      version = bumpVersion(version, 'minor');
      write(manifestFile, withVersion(text, version));
      const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : CHANGELOG_HEAD;
      write(
        changelogFile,
        addChangelogEntry(changelog, version, changelogDay(now()), [
          `${changes.length} formula file(s) changed, added or removed, exported from Call Theory Billing.`,
        ]),
      );
    }
  }
  return { package: name, version, formulas: shipped.formulas.length, changed: changes.length, created };
}

function starterManifest(version: string) {
  return {
    name: SHIPPED_PACKAGE,
    version,
    description: 'Statistics of Amtelco Intelligent Series Billing Export 200: the report reproduced, and consensus variants.',
    licence: 'CC-BY-4.0',
    maintainers: [{ name: 'Call Theory Billing' }],
  };
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const CHANGELOG_HEAD = '# Changelog\n\nEach version of the package, newest first: what changed in its formulas and why.\n';

const LIBRARY_README = `# Community formula library

Billing statistics for Amtelco Intelligent Series answering services, as SQL formulas with their
fixture tests, one folder per package. Check every package with \`billing library check .\`;
propose a change as a pull request. Each package has a \`package.yaml\` (name, version, licence,
maintainers), a \`CHANGELOG.md\` and a \`formulas/\` folder laid out as Call Theory Billing's.
`;

const ADOPTIONS_README = `# Adoptions

One file per site, published by the site: which package versions and formulas it runs.
`;
