/**
 * Decisions on a kept reconciliation from the command line, as the workbench makes them: accept a
 * variance or a column with a reason, map a column of the file's layout to a statistic. Each holds
 * for the whole period (acceptances) or layout (mappings): the next `billing reconcile` applies it.
 */
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors.ts';
import { acceptReconciledColumn, acceptReconciledVariance, mapReconciledColumn } from '../services/reconciliation-uploads.ts';
import type { Database } from '../store/database.ts';
import type { CliIo } from './cli-io.ts';

export function registerReconcileDecisions(
  reconcile: Command,
  io: CliIo,
  withDatabase: <T>(io: CliIo, work: (db: Database) => Promise<T>) => Promise<T>,
): void {
  const deps = (db: Database) => ({ workspace: io.workspace(), db, now: () => new Date() });
  // `--by` is also an option of `reconcile` itself, which commander gives it when it comes after the subcommand.
  const by = (options: { by?: string }) => options.by ?? reconcile.opts<{ by?: string }>().by ?? io.env.USER ?? 'cli';
  const reasonOf = (reason: string) => {
    if (reason.trim().length < 3) throw new EngineError('bad_param_value', '--reason must say why, in at least 3 characters');
    return reason.trim();
  };

  reconcile
    .command('accept <id>')
    .description(
      'accept a variance of a kept reconciliation with a reason, for its values under its release (it carries over within the period while they hold)',
    )
    .requiredOption('--client <number>', 'the client number')
    .requiredOption('--statistic <name>', 'the statistic')
    .requiredOption('--reason <text>', 'why the variance is acceptable')
    .option('--by <name>', 'who accepts it (default: $USER)')
    .action(async (id: string, options: { client: string; statistic: string; reason: string; by?: string }) => {
      const reason = reasonOf(options.reason);
      const accepted = await withDatabase(io, (db) =>
        acceptReconciledVariance(deps(db), by(options), id, { clientNumber: options.client, statistic: options.statistic, reason }),
      );
      io.out(
        `Accepted ${accepted.clientNumber} ${accepted.statistic} (legacy ${accepted.legacyValue}, ours ${accepted.ourValue}) for ${accepted.by}: ${accepted.reason}`,
      );
    });

  reconcile
    .command('accept-column <id>')
    .description('accept a column the file lacks (--missing STATISTIC) or does not name as a statistic (--unknown HEADER), with a reason')
    .option('--missing <statistic>', 'a statistic the file has no column for')
    .option('--unknown <header>', 'a header of the file that is not a statistic')
    .requiredOption('--reason <text>', 'why it need not be compared')
    .option('--by <name>', 'who accepts it (default: $USER)')
    .action(async (id: string, options: { missing?: string; unknown?: string; reason: string; by?: string }) => {
      if ((options.missing === undefined) === (options.unknown === undefined))
        throw new EngineError('bad_param_value', 'give one of --missing STATISTIC or --unknown HEADER');
      const reason = reasonOf(options.reason);
      const column =
        options.missing !== undefined
          ? { finding: 'missing' as const, column: options.missing }
          : { finding: 'unknown' as const, column: options.unknown as string };
      const accepted = await withDatabase(io, (db) => acceptReconciledColumn(deps(db), by(options), id, { ...column, reason }));
      io.out(`Accepted the ${accepted.finding} column ${accepted.column} for ${accepted.by}: ${accepted.reason}`);
    });

  reconcile
    .command('map <id>')
    .description("save what an unknown column of the file's layout holds; later files of the layout (and the next billing reconcile of this one) read it so")
    .requiredOption('--header <text>', 'the header as the file writes it')
    .requiredOption('--statistic <name>', 'the Billing Export 200 statistic it holds')
    .option('--by <name>', 'who saves the mapping (default: $USER)')
    .action(async (id: string, options: { header: string; statistic: string; by?: string }) => {
      const saved = await withDatabase(io, (db) => mapReconciledColumn(deps(db), by(options), id, { header: options.header, statistic: options.statistic }));
      io.out(`Saved: "${saved.header}" is ${saved.statistic} in files of this layout; reconcile the file again to compare it`);
    });
}
