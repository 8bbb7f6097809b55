/** `billing formula export|import`: publish formulas as a package, and take them from one. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors.ts';
import { LIBRARY_DIR } from '../../engine/formulas/library.ts';
import { createPackage, planImport, readPackage } from '../../engine/formulas/package.ts';
import { shippedLibrary } from './cli-support.ts';
import type { CliIo } from './cli-io.ts';

export function registerPackageCommands(formula: Command, io: CliIo): void {
  formula
    .command('export [ids...]')
    .description('write the given formulas (default: the whole library) with their tests to one package file')
    .requiredOption('--out <file>', 'package file to write (JSON)')
    .option('--name <name>', 'name of the package', 'call-theory-billing-library')
    .action((ids: string[], options: { out: string; name: string }) => {
      const library = shippedLibrary();
      const wanted = new Set(ids.map((id) => id.toLowerCase()));
      for (const id of wanted) {
        if (!library.index.has(id)) throw new EngineError('unknown_formula', `no formula ${id} in the library`);
      }
      const files = library.files.filter((file) => wanted.size === 0 || wanted.has(file.formula.id.toLowerCase()));
      writeFileSync(options.out, `${JSON.stringify(createPackage(options.name, files), null, 2)}\n`);
      io.out(`Wrote ${files.length} formula(s) to ${options.out}`);
    });

  formula
    .command('import <package>')
    .description('compare a package with the library: new, unchanged and changed formulas; --apply writes the new ones')
    .option('--apply', 'write new formulas into the library folder')
    .option('--replace-changed', 'with --apply, also replace local formulas the package changes')
    .option('--into <dir>', 'library folder to import into', LIBRARY_DIR)
    .action((file: string, options: { apply?: boolean; replaceChanged?: boolean; into: string }) => {
      const { package: pkg, formulas } = readPackage(readFileSync(file, 'utf8'), file);
      const plan = planImport(pkg, formulas, shippedLibrary().files);
      for (const item of plan) {
        io.out(`${item.status.padEnd(9)} ${item.id}${item.status === 'changed' ? ` (differs in ${item.differences.join(', ')})` : ''}`);
      }
      const count = (status: string) => plan.filter((item) => item.status === status).length;
      io.out(`${count('new')} new, ${count('changed')} changed, ${count('unchanged')} unchanged`);
      if (!options.apply) return;
      const changed = plan.filter((item) => item.status === 'changed');
      for (const item of plan) {
        if (item.status === 'unchanged' || (item.status === 'changed' && !options.replaceChanged)) continue;
        const entry = pkg.formulas.find((f) => f.id === item.id);
        if (!entry) continue;
        const target = join(options.into, item.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, entry.text);
        io.out(`wrote ${target}`);
      }
      if (changed.length > 0 && !options.replaceChanged) {
        io.out(`${changed.length} changed formula(s) left as they are; review them, then rerun with --replace-changed to take the package's version`);
        io.setExitCode(1);
      }
    });
}
