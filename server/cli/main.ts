/**
 * The `billing` command line. Every command works on a workspace folder: --workspace DIR, else
 * BILLING_WORKSPACE, else ./workspace. Errors print one clear line and exit non-zero.
 */
import { Command, CommanderError } from 'commander';
import { SnapshotError } from '../../snapshots/errors.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { registerSnapshotCommands, type CliIo } from './snapshot-commands.ts';
import { registerStartCommand } from './start-command.ts';
import { registerFormulaCommands, AggregateEngineErrors } from './formula-commands.ts';
import { registerExportCommands } from './export-commands.ts';
import { registerRunCommands } from './run-commands.ts';
import { registerScenarioCommands } from './scenario-commands.ts';
import { registerReconcileCommands } from './reconcile-commands.ts';
import { registerUserCommands } from './user-commands.ts';
import { ApiError } from '../errors.ts';
import { WorkspaceError } from '../store/errors.ts';
import { EngineError } from '../../engine/errors.ts';

export function buildProgram(out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Command {
  const program = new Command('billing')
    .description('Call Theory Billing: statistics, snapshots and billing for Amtelco IS answering services')
    .option('--workspace <dir>', 'workspace folder (default: $BILLING_WORKSPACE or ./workspace)')
    .showHelpAfterError()
    .exitOverride();
  const io: CliIo = { out, workspace: () => resolveWorkspace(program.opts<{ workspace?: string }>().workspace) };
  registerSnapshotCommands(program, io);
  registerStartCommand(program, io);
  registerFormulaCommands(program, io);
  registerExportCommands(program, io);
  registerRunCommands(program, io);
  registerScenarioCommands(program, io);
  registerReconcileCommands(program, io);
  registerUserCommands(program, io);
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof SnapshotError) {
      process.stderr.write(`billing: ${error.message}\n`);
      return 2;
    }
    if (error instanceof EngineError) {
      process.stderr.write(`billing: ${error.describe()} [${error.code}]\n`);
      return 2;
    }
    if (error instanceof ApiError || error instanceof WorkspaceError) {
      process.stderr.write(`billing: ${error.message} [${error.code}]\n`);
      return 2;
    }
    if (error instanceof AggregateEngineErrors) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`billing: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
