/**
 * The community library's own check, one use case: every package's manifest and changelog are
 * right, its formula files parse and validate, its fixture tests pass, and its version went up
 * whenever its SQL changed (library-versions.ts). Problems name the file, line and field.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../engine/errors.ts';
import type { Formula } from '../../engine/formulas/definition.ts';
import { runFormulaTests } from '../../engine/formulas/fixtures.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { dependencyOrder, indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { openScratchSandbox } from '../../engine/formulas/sandbox.ts';
import { openValidator } from '../../engine/formulas/validate.ts';
import { parseAdoption } from '../../engine/library/adoption.ts';
import { ADOPTIONS_FOLDER, CHANGELOG_FILE, FORMULAS_FOLDER, MANIFEST_FILE } from '../../engine/library/layout.ts';
import { parseManifest } from '../../engine/library/manifest.ts';
import { changelogProblems } from '../../engine/library/version-check.ts';
import { packageFolders } from './library-packages.ts';
import { versionCheck } from './library-versions.ts';

export interface PackageReport {
  readonly name: string;
  readonly version?: string;
  readonly formulas: number;
  readonly testsPassed: number;
  readonly testsFailed: number;
}

export interface LibraryReport {
  readonly packages: readonly PackageReport[];
  readonly problems: readonly EngineError[];
  /** Why the version rule was not checked (no git history), if it was not. */
  readonly versionsUnchecked?: string;
}

/**
 * Checks the library repository (or folder) `dir`.
 * @example (await checkLibrary('/srv/library')).problems.map((p) => p.describe())
 */
export async function checkLibrary(dir: string): Promise<LibraryReport> {
  if (!existsSync(dir)) throw new EngineError('file_syntax', `no library folder ${dir}`, { file: dir });
  const packages: PackageReport[] = [];
  const problems: EngineError[] = [];
  let versionsUnchecked: string | undefined;
  const folders = packageFolders(dir);
  if (folders.length === 0)
    problems.push(new EngineError('file_field', `no package: a library has one folder per package, each with a ${MANIFEST_FILE}`, { file: dir }));
  for (const name of folders) {
    const manifestFile = `${name}/${MANIFEST_FILE}`;
    let version: string | undefined;
    try {
      const { manifest, locate } = parseManifest(readFileSync(join(dir, manifestFile), 'utf8'), manifestFile, name);
      version = manifest.version;
      problems.push(...changelogOf(dir, name, version));
      const versions = await versionCheck(dir, name, version, { file: manifestFile, ...locate(['version']) });
      problems.push(...versions.problems);
      versionsUnchecked ??= versions.unchecked;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      problems.push(error);
    }
    const formulas = await checkFormulas(join(dir, name, FORMULAS_FOLDER), `${name}/${FORMULAS_FOLDER}/`);
    problems.push(...formulas.problems);
    packages.push({
      name,
      ...(version !== undefined ? { version } : {}),
      formulas: formulas.count,
      testsPassed: formulas.passed,
      testsFailed: formulas.failed,
    });
  }
  problems.push(...adoptionProblems(dir));
  return { packages, problems, ...(versionsUnchecked !== undefined ? { versionsUnchecked } : {}) };
}

/** Problems of the sites' adoption records: each must read against its schema. */
function adoptionProblems(dir: string): EngineError[] {
  const folder = join(dir, ADOPTIONS_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .flatMap((name) => {
      const file = `${ADOPTIONS_FOLDER}/${name}`;
      try {
        parseAdoption(readFileSync(join(dir, file), 'utf8'), file);
        return [];
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        return [error];
      }
    });
}

function changelogOf(dir: string, name: string, version: string): EngineError[] {
  const file = `${name}/${CHANGELOG_FILE}`;
  if (!existsSync(join(dir, file))) return [new EngineError('file_field', `changelog: the package has no ${CHANGELOG_FILE}`, { file, field: 'changelog' })];
  return changelogProblems(readFileSync(join(dir, file), 'utf8'), version, file);
}

/** Parses, validates and tests a package's formulas; file names start with `prefix`. */
async function checkFormulas(folder: string, prefix: string): Promise<{ count: number; passed: number; failed: number; problems: EngineError[] }> {
  if (!existsSync(folder) || readdirSync(folder).length === 0) {
    return {
      count: 0,
      passed: 0,
      failed: 0,
      problems: [new EngineError('file_field', 'formulas: the package has no formula files', { file: prefix, field: 'formulas' })],
    };
  }
  const loaded = loadLibrary(folder);
  const problems = loaded.errors.map((error) => prefixed(error, prefix));
  const index = indexFormulas(loaded.formulas);
  const invalid = await validate(loaded.formulas, index);
  problems.push(...invalid.errors.map((error) => prefixed(error, prefix)));
  let passed = 0;
  let failed = 0;
  const sandbox = await openScratchSandbox();
  try {
    // A formula that does not validate is not run: its SQL is not known to be safe.
    for (const formula of loaded.formulas.filter((f) => !invalid.formulas.has(f.id))) {
      for (const outcome of await runFormulaTests(formula, index, sandbox)) {
        if (outcome.passed) {
          passed++;
          continue;
        }
        failed++;
        const why = outcome.error?.message ?? outcome.mismatches.map(([clt, expected, got]) => `client ${clt}: expected ${expected}, got ${got}`).join('; ');
        const testIndex = formula.tests.findIndex((test) => test.name === outcome.test);
        problems.push(
          new EngineError('file_field', `test "${outcome.test}" fails: ${why}`, {
            formulaId: formula.id,
            file: `${prefix}${formula.source?.file ?? formula.id}`,
            field: `tests[${testIndex}]`,
          }),
        );
      }
    }
  } finally {
    sandbox.close();
  }
  return { count: loaded.formulas.length, passed, failed, problems };
}

/** Validates each formula after what it references, as `billing formula check` does. */
async function validate(formulas: readonly Formula[], index: FormulaIndex): Promise<{ errors: EngineError[]; formulas: Set<string> }> {
  const validator = await openValidator();
  const errors: EngineError[] = [];
  const failing = new Set<string>();
  const done = new Set<string>();
  try {
    for (const formula of formulas) {
      let order: Formula[];
      try {
        order = [...dependencyOrder(formula, index), formula];
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        errors.push(error);
        failing.add(formula.id);
        continue;
      }
      for (const f of order) {
        if (done.has(f.id)) continue;
        done.add(f.id);
        const validation = await validator.validate(f, index);
        if (validation.errors.length > 0) failing.add(f.id);
        errors.push(...validation.errors);
      }
    }
  } finally {
    validator.close();
  }
  return { errors, formulas: failing };
}

function prefixed(error: EngineError, prefix: string): EngineError {
  const { file } = error.location;
  return new EngineError(error.code, error.message, { ...error.location, file: `${prefix}${file ?? ''}` });
}
