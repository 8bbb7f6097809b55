/**
 * The `billing` command line. Every command works on a workspace folder: --workspace DIR, else
 * BILLING_WORKSPACE, else ./workspace. Errors print one clear line and exit non-zero.
 */
import { Command, CommanderError } from 'commander';
import { SnapshotError } from '../../snapshots/errors.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { withProcessStreams, type CliIo, type CliStreams } from './cli-io.ts';
import { AggregateEngineErrors } from './cli-errors.ts';
import { ApiError } from '../errors.ts';
import { WorkspaceError } from '../store/errors.ts';
import { EngineError } from '../../engine/errors.ts';
import { PortError } from '../port-check.ts';

type Register = (program: Command, io: CliIo) => void;

/**
 * Each top-level command's module, loaded only when asked for: loading every command (the server,
 * PDF fonts, spreadsheet writers) took longer than `billing export be200` spends on the data.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  snapshot: async () => (await import('./snapshot-commands.ts')).registerSnapshotCommands,
  start: async () => (await import('./start-command.ts')).registerStartCommand,
  formula: async () => (await import('./formula-commands.ts')).registerFormulaCommands,
  export: async () => (await import('./export-commands.ts')).registerExportCommands,
  run: async () => (await import('./run-commands.ts')).registerRunCommands,
  scenario: async () => (await import('./scenario-commands.ts')).registerScenarioCommands,
  reconcile: async () => (await import('./reconcile-commands.ts')).registerReconcileCommands,
  user: async () => (await import('./user-commands.ts')).registerUserCommands,
  library: async () => (await import('./library-commands.ts')).registerLibraryCommands,
  portal: async () => (await import('./portal-commands.ts')).registerPortalCommands,
};

/** Options of the program itself that take a value (the next argument is not a command). */
const PROGRAM_OPTIONS_WITH_VALUE = new Set(['--workspace']);

/** The top-level command `argv` names, if it is one of ours; otherwise (help, a typo) every command is loaded. */
function commandNamed(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (PROGRAM_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return Object.hasOwn(COMMANDS, arg) ? arg : undefined;
  }
  return undefined;
}

/**
 * The `billing` program on the given streams (the process's by default), with the command `argv`
 * names (all of them when it names none). A command that fails without throwing (a check that
 * found errors) reports its exit code to `setExitCode`.
 */
export async function buildProgram(argv: readonly string[], streams: CliStreams = {}, setExitCode: (code: number) => void = () => {}): Promise<Command> {
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
  const named = commandNamed(argv);
  const loaders = named ? [COMMANDS[named] as () => Promise<Register>] : Object.values(COMMANDS);
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program, io);
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
    const program = await buildProgram(argv, streams, (code) => {
      exitCode = code;
    });
    await program.parseAsync(argv as string[], { from: 'user' });
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
