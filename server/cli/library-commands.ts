/**
 * `billing library init|check|export-package`: the community formula library, a git repository of
 * packages (docs/library.md), from the command line.
 */
import type { Command } from 'commander';
import { libraryLoader } from '../context.ts';
import { checkLibrary, exportPackage, initLibrary } from '../services/community-library.ts';
import { recordAdoption } from '../services/library-adoptions.ts';
import { libraryConsensus, type VariantResult } from '../services/library-consensus.ts';
import { proposeFormulas } from '../services/library-proposals.ts';
import type { ResultChange } from '../services/library-results.ts';
import type { UpstreamMoney } from '../services/library-money.ts';
import { libraryChanges } from '../services/library-changes.ts';
import { libraryFor } from '../services/release-library.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { changeOf, type Delta, type Side } from '../../engine/diff/delta.ts';
import { adoptFormulas, followLibrary, type LibraryUpdate } from '../services/library-subscriptions.ts';
import type { BumpLevel } from '../../engine/library/version.ts';
import { ApiError } from '../errors.ts';
import { exact } from '../../engine/rating/money.ts';
import type { CliIo } from './cli-io.ts';
import { actorOf, withDatabase } from './invoice-commands.ts';

export function registerLibraryCommands(program: Command, io: CliIo): void {
  const library = program
    .command('library')
    .description(
      'the community formula library: start, check and export packages; follow libraries, update, adopt, propose, record adoptions, see the consensus',
    );

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

  library
    .command('add <name> <url>')
    .description('follow a library (a git URL or a folder) in the workspace, pinned to its current commit')
    .action(async (name: string, url: string) => {
      const { follow, packages } = await followLibrary(io.workspace(), name, url);
      io.out(`Following ${name} at ${follow.commit.slice(0, 7)}: ${packages.map((p) => `${p.name} ${p.version}`).join(', ') || 'no package'}`);
    });

  library
    .command('update [name]')
    .description('fetch the followed libraries (or one), show what changed upstream (versions, SQL diff per formula, fixtures) and move the pin')
    .option('--look', 'only show what changed; keep the pin')
    .option('--snapshot <id>', "also run each added or changed formula on this snapshot against the workspace's own: clients that move, totals")
    .option(
      '--setup <name>',
      "with --snapshot, also price each added or changed formula with this setup's approved version: accounts whose invoice totals move",
    )
    .action(async (name: string | undefined, options: { look?: boolean; snapshot?: string; setup?: string }) => {
      const { snapshot, setup } = options;
      const request = {
        ...(name !== undefined ? { name } : {}),
        look: options.look === true,
        ...(snapshot !== undefined ? { snapshot } : {}),
        top: ACCOUNTS_SHOWN,
      };
      const changes =
        setup === undefined
          ? await libraryChanges({ snapshots: openPerUse(io.workspace()), library: libraryFor(io.workspace()) }, io.workspace(), request)
          : await withDatabase(io, ({ workspace, db }) =>
              libraryChanges({ db, snapshots: openPerUse(workspace), library: libraryFor(workspace) }, workspace, { ...request, setup }),
            );
      if (changes.length === 0) io.out('The workspace follows no library; add one with billing library add NAME URL');
      for (const { update, results, money } of changes) {
        printUpdate(io, update);
        if (snapshot !== undefined && results) printResults(io, snapshot, results);
        if (snapshot !== undefined && money) printMoney(io, snapshot, money);
      }
    });

  library
    .command('adopt <name> <formulas...>')
    .description("make drafts of the workspace's review from formulas of a followed library, at its pin")
    .option('--by <user>', 'author of the drafts (default: the login name)')
    .action((name: string, formulas: string[], options: { by?: string }) =>
      withDatabase(io, async ({ workspace, db, now }) => {
        // Drafts need no approvals to be made: the count matters only when one is approved, on the server.
        const review = { db, now, library: libraryLoader(db, workspace, now), approvalsRequired: 1 };
        for (const adoption of await adoptFormulas(review, workspace, name, formulas, options.by ?? actorOf(io))) {
          if (adoption.draft) io.out(`Draft ${adoption.draft.draftId} of ${adoption.formulaId} from ${adoption.path}, for review`);
          else io.out(`${adoption.formulaId}: the release already has this text; no draft`);
        }
      }),
    );

  library
    .command('propose <name> <formulas...>')
    .description(
      "propose released formulas to a followed library: a commit on a new branch of its clone (files, version bump, changelog entry with the review's reasons); nothing is pushed",
    )
    .option('--package <package>', 'the package to change', 'amtelco-be200')
    .option('--level <level>', 'which part of the version goes up: major, minor or patch', 'minor')
    .option('--branch <branch>', 'name of the new branch (default: propose/<formulas>-<date>)')
    .action((name: string, formulas: string[], options: { package: string; level: string; branch?: string }) =>
      withDatabase(io, async ({ workspace, db, now }) => {
        if (!['major', 'minor', 'patch'].includes(options.level))
          throw new ApiError(400, 'bad_level', `--level is major, minor or patch, not ${options.level}`, 'level');
        const proposal = await proposeFormulas({ db, now, library: libraryLoader(db, workspace, now) }, workspace, {
          library: name,
          package: options.package,
          formulas,
          level: options.level as BumpLevel,
          ...(options.branch !== undefined ? { branch: options.branch } : {}),
        });
        io.out(`Branch ${proposal.branch} (${proposal.commit.slice(0, 7)}) in ${proposal.clone}: ${proposal.package} ${proposal.from} -> ${proposal.to}`);
        for (const file of proposal.files) io.out(`  ${file}`);
        io.out(`Nothing was pushed. To open a pull request: git -C ${proposal.clone} push origin ${proposal.branch}`);
      }),
    );

  library
    .command('record-adoption <name>')
    .description(
      "record which formulas of a followed library the workspace's active release runs, as adoptions/<site>.yaml on a new branch of its clone; nothing is pushed",
    )
    .requiredOption('--site <site>', 'the site the record is for, e.g. north-answering')
    .option('--branch <branch>', 'name of the new branch (default: adoption/<site>-<date>)')
    .action(async (name: string, options: { site: string; branch?: string }) => {
      const made = await recordAdoption(io.workspace(), {
        library: name,
        site: options.site,
        ...(options.branch !== undefined ? { branch: options.branch } : {}),
      });
      io.out(
        `Branch ${made.branch} (${made.commit.slice(0, 7)}) in ${made.clone}: ${made.file}, ${made.record.formulas.length} formula(s) of release ${made.record.release}`,
      );
      for (const formula of made.record.formulas) io.out(`  ${formula.package} ${formula.version} ${formula.formula}`);
      io.out(`Nothing was pushed. To publish it: git -C ${made.clone} push origin ${made.branch}`);
    });

  library
    .command('consensus <name>')
    .description('for each statistic, the variants in a followed library and the sites that run each; with --snapshot, how far each is from the legacy one')
    .option('--snapshot <id>', 'run the variants of each statistic that has several on this snapshot: totals, clients that differ from the legacy variant')
    .action(async (name: string, options: { snapshot?: string }) => {
      for (const row of await libraryConsensus(io.workspace(), name, options.snapshot !== undefined ? { snapshot: options.snapshot } : {})) {
        io.out(row.statistic);
        for (const variant of row.variants) {
          const result = row.results?.get(variant.formulaId);
          const sites = variant.sites.length > 0 ? variant.sites.join(', ') : 'none';
          io.out(`  ${variant.variant.padEnd(9)} ${variant.formulaId} (${variant.package}): sites ${sites}${result ? ` | ${describeResult(result)}` : ''}`);
        }
        for (const pair of row.pairs ?? [])
          io.out(
            `  apart     ${pair.a} vs ${pair.b}: ${pair.clients} client(s) differ, total ${signed(pair.totalChange)}, sum of differences ${pair.absoluteDifference}`,
          );
      }
    });
}

function printUpdate(io: CliIo, update: LibraryUpdate): void {
  if (update.from === update.to) {
    io.out(`${update.name}: up to date at ${update.to.slice(0, 7)}`);
    return;
  }
  io.out(`${update.name}: ${update.from.slice(0, 7)} -> ${update.to.slice(0, 7)}${update.moved ? '' : ' (pin kept)'}`);
  for (const pkg of update.packages) io.out(`  package ${pkg.name} ${pkg.from ?? '(new)'} -> ${pkg.to ?? '(removed)'}`);
  for (const formula of update.formulas) {
    io.out(
      `  ${formula.change.padEnd(8)} ${formula.formulaId} (${formula.path})${formula.sqlDiff === '' && formula.change === 'changed' ? ': SQL unchanged' : ''}`,
    );
    for (const line of formula.sqlDiff.split('\n').slice(1)) if (line !== '') io.out(`    ${line}`);
  }
  for (const fixture of update.fixtures) {
    io.out(`  fixture ${fixture.change.padEnd(8)} ${fixture.path}`);
    for (const line of fixture.diff.split('\n').slice(1)) if (line !== '') io.out(`    ${line}`);
  }
}

/** Shown per client at most: the totals say the rest. */
const CLIENTS_SHOWN = 10;

function printResults(io: CliIo, snapshot: string, results: readonly ResultChange[]): void {
  io.out(`  on snapshot ${snapshot}, against the formulas the workspace computes with:`);
  for (const result of results) {
    if (result.error !== undefined) {
      io.out(`    ${result.formulaId}: not run here: ${result.error}`);
      continue;
    }
    const change = exact(result.totalAfter).minus(result.totalBefore);
    io.out(
      `    ${result.formulaId}: ${result.clients.length} client(s) move, total ${result.totalBefore} -> ${result.totalAfter} (${signed(change.toString())})`,
    );
    for (const delta of result.clients.slice(0, CLIENTS_SHOWN))
      io.out(`      client ${delta.key.join(' ')}: ${side(delta.before)} -> ${side(delta.after)}${changeText(delta)}`);
    if (result.clients.length > CLIENTS_SHOWN) io.out(`      and ${result.clients.length - CLIENTS_SHOWN} more`);
  }
}

/** Accounts shown per formula at most: the totals say the rest. */
const ACCOUNTS_SHOWN = 10;

function printMoney(io: CliIo, snapshot: string, priced: UpstreamMoney): void {
  io.out(`  in money on snapshot ${snapshot}, with setup ${priced.setup.name} (approved version ${priced.setup.version}):`);
  for (const { formulaId, money, error } of priced.formulas) {
    if (!money) {
      io.out(`    ${formulaId}: not priced here: ${error}`);
      continue;
    }
    if (money.statistics.length === 0) {
      io.out(`    ${formulaId}: the setup bills no statistic this formula computes; no invoice changes`);
      continue;
    }
    const moved = money.counts.up + money.counts.down;
    io.out(
      `    ${formulaId} (bills ${money.statistics.join(', ')}): ${moved} account(s) move, invoices ${money.totals.before} -> ${money.totals.after} ${money.currency} (${signed(money.totals.change)})`,
    );
    for (const account of money.accounts) io.out(`      account ${account.account}: ${account.before} -> ${account.after} (${signed(account.change)})`);
    if (moved > money.accounts.length) io.out(`      and ${moved - money.accounts.length} more`);
  }
}

const side = (value: Side): string => (value.kind === 'value' ? value.value : value.kind === 'absent' ? '0' : '?');
const changeText = (delta: Delta): string => ` (${signed(changeOf(delta).toString())})`;
const signed = (text: string): string => (text.startsWith('-') ? text : `+${text}`);

function describeResult(result: VariantResult): string {
  if (result.error !== undefined) return `not run here: ${result.error}`;
  return `total ${result.total}${result.differFromLegacy !== undefined ? `, ${result.differFromLegacy} client(s) differ from legacy` : ''}`;
}
