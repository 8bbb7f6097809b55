/** `billing export be200`: the Billing Export 200-compatible CSV for a snapshot. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { reportCsvBytes } from '../../engine/be200/csv.ts';
import { EngineError } from '../../engine/errors.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import { exportBe200 } from '../services/be200-export.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { announceRelease, commandLibrary, LIBRARY_OPTION } from './cli-support.ts';
import type { CliIo } from './cli-io.ts';

interface ExportOptions {
  snapshot: string;
  from?: string;
  to?: string;
  clients?: string;
  timeCap?: string;
  variant: string;
  withCltid?: boolean;
  out: string;
  library?: string;
}

export function registerExportCommands(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('write reports')
    .command('be200')
    .description('write the Billing Export 200 columns (ClientNumber, ClientName, BillingCode, 264 statistics) as CSV')
    .requiredOption('--snapshot <id>', 'snapshot to report on')
    .option('--from <stamp>', 'start of the period, inclusive (default: the snapshot period start)')
    .option('--to <stamp>', 'end of the period, inclusive (default: the snapshot period end)')
    .option('--clients <A-B>', 'client number range, inclusive (default: all)')
    .option('--time-cap <minutes>', "per-call cap on selected secretarial and fetch time (the report's TimeCap)", '0')
    .option('--variant <variant>', 'legacy (exactly as Billing Export 200) or consensus (quirks fixed)', 'legacy')
    .option('--with-cltid', 'add the internal cltID as the first column')
    .requiredOption('--out <file>', 'CSV file to write')
    .option(...LIBRARY_OPTION)
    .action(async (options: ExportOptions) => {
      if (options.variant !== 'legacy' && options.variant !== 'consensus') {
        throw new EngineError('bad_param_value', `--variant must be legacy or consensus, not "${options.variant}"`);
      }
      const library = await commandLibrary(io, options);
      const report = await exportBe200({ snapshots: openPerUse(io.workspace()) }, library, {
        snapshot: options.snapshot,
        variant: options.variant as 'legacy' | 'consensus',
        params: {
          ...(options.from ? { start: options.from } : {}),
          ...(options.to ? { end: options.to } : {}),
          time_cap_minutes: options.timeCap ?? '0',
          ...clientRange(options.clients),
        },
        includeCltId: options.withCltid ?? false,
      });
      writeFileSync(options.out, reportCsvBytes(report));
      announceRelease(io, library);
      io.out(`Wrote ${report.rows.length} clients x ${report.header.length} columns to ${options.out}`);
    });
}

function clientRange(text: string | undefined): Record<string, ParamValue> {
  if (text === undefined) return {};
  const match = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!match) throw new EngineError('bad_param_value', `--clients expects a range of client numbers like 1000-1999, not "${text}"`);
  return { start_client: match[1] as string, end_client: match[2] as string };
}
