/**
 * The `billing` command line. Every command works on a workspace folder: --workspace DIR, else
 * BILLING_WORKSPACE, else ./workspace. Errors print one clear line and exit non-zero.
 */
import { Command, CommanderError } from 'commander';
import { SnapshotError } from '../../snapshots/errors.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { withProcessStreams, type CliIo, type CliStreams } from './cli-io.ts';
import { registerSnapshotCommands } from './snapshot-commands.ts';
import { registerStartCommand } from './start-command.ts';
import { registerFormulaCommands, AggregateEngineErrors } from './formula-commands.ts';
import { registerExportCommands } from './export-commands.ts';
import { registerRunCommands } from './run-commands.ts';
import { registerScenarioCommands } from './scenario-commands.ts';
import { registerReconcileCommands } from './reconcile-commands.ts';
import { registerUserCommands } from './user-commands.ts';
import { registerLibraryCommands } from './library-commands.ts';
import { registerPortalCommands } from './portal-commands.ts';
import { ApiError } from '../errors.ts';
import { WorkspaceError } from '../store/errors.ts';
import { EngineError } from '../../engine/errors.ts';
import { PortError } from '../port-check.ts';

/**
 * The `billing` program on the given streams (the process's by default). A command that fails
 * without throwing (a check that found errors) reports its exit code to `setExitCode`.
 */
export function buildProgram(streams: CliStreams = {}, setExitCode: (code: number) => void = () => {}): Command {
  const io: CliIo = {
    ...withProcessStreams(streams),
    setExitCode,
    workspace: () => resolveWorkspace(program.opts<{ workspace?: string }>().workspace, io.env),
  };
  const program = new Command('billing')
    .description('Call Theory Billing: statistics, snapshots and billing for Amtelco IS answering services')
    .option('--workspace <dir>', 'workspace folder (default: $BILLING_WORKSPACE or ./workspace)')
    // Help and usage errors go where the commands' output goes; set before the commands inherit it.
    .configureOutput({ writeOut: (text) => io.out(text.replace(/\n$/, '')), writeErr: (text) => io.err(text.replace(/\n$/, '')) })
    .showHelpAfterError()
    .exitOverride();
  registerSnapshotCommands(program, io);
  registerStartCommand(program, io);
  registerFormulaCommands(program, io);
  registerExportCommands(program, io);
  registerRunCommands(program, io);
  registerScenarioCommands(program, io);
  registerReconcileCommands(program, io);
  registerUserCommands(program, io);
  registerLibraryCommands(program, io);
  registerPortalCommands(program, io);
  return program;
}

/**
 * Runs the CLI and returns its exit code; errors print one line on `streams.err`.
 * @example const code = await runCli(['snapshot', 'list', '--workspace', dir], { out: (line) => lines.push(line) });
 */
export async function runCli(argv: readonly string[], streams: CliStreams = {}): Promise<number> {
  let exitCode = 0;
  const err = withProcessStreams(streams).err;
  try {
    await buildProgram(streams, (code) => {
      exitCode = code;
    }).parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof SnapshotError || error instanceof PortError) {
      err(`billing: ${error.message}`);
      return 2;
    }
    if (error instanceof EngineError) {
      err(`billing: ${error.describe()} [${error.code}]`);
      return 2;
    }
    if (error instanceof ApiError || error instanceof WorkspaceError) {
      err(`billing: ${error.message} [${error.code}]`);
      return 2;
    }
    if (error instanceof AggregateEngineErrors) {
      err(error.message);
      return 2;
    }
    err(`billing: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
