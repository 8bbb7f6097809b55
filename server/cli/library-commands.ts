/**
 * `billing library init|check|export-package`: the community formula library, a git repository of
 * packages (docs/library.md), from the command line.
 */
import type { Command } from 'commander';
import { checkLibrary, exportPackage, initLibrary } from '../services/community-library.ts';
import type { CliIo } from './cli-io.ts';

export function registerLibraryCommands(program: Command, io: CliIo): void {
  const library = program.command('library').description('the community formula library: start, check, export packages');

  library
    .command('init <dir>')
    .description('create a starter library repository: git, one package with a manifest, a changelog, a formula and its fixture')
    .action(async (dir: string) => {
      const started = await initLibrary(dir);
      io.out(`Library started in ${dir}: package ${started.package} ${started.version}, committed`);
    });

  library
    .command('check <dir>')
    .description("the library's own check: manifests, changelogs, formula files, fixture tests, versions bumped when SQL changed")
    .action(async (dir: string) => {
      const report = await checkLibrary(dir);
      for (const problem of report.problems) io.out(`${problem.describe()} [${problem.code}]`);
      for (const pkg of report.packages) {
        io.out(`${pkg.name} ${pkg.version ?? '(no valid version)'}: ${pkg.formulas} formula(s), ${pkg.testsPassed} test(s) passed, ${pkg.testsFailed} failed`);
      }
      if (report.versionsUnchecked) io.err(`Note: ${report.versionsUnchecked}`);
      io.out(report.problems.length === 0 ? 'Library OK' : `${report.problems.length} problem(s)`);
      if (report.problems.length > 0) io.setExitCode(1);
    });

  library
    .command('export-package <dir>')
    .description("write the project's formulas/ into a library folder as a package (the version goes up when SQL changed); nothing is committed")
    .option('--name <name>', 'package name', 'amtelco-be200')
    .action(async (dir: string, options: { name: string }) => {
      const result = await exportPackage(dir, { name: options.name });
      const what = result.created ? 'created' : result.changed > 0 ? `${result.changed} file(s) with changed SQL` : 'no SQL changed';
      io.out(`Package ${result.package} ${result.version}: ${result.formulas} formula(s), ${what}`);
    });
}
