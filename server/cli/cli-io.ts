/**
 * What a CLI command reads and writes besides its arguments: output lines, error lines, the
 * environment, standard input, the workspace and the exit code. `runCli` hands the process's own
 * to the commands; a test hands its own and runs the CLI in-process, no child process needed.
 */
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { progressBar, type ProgressBar } from './progress.ts';

/**
 * The outside world of one CLI run; what is left out is the process's own.
 * @example runCli(['snapshot', 'list'], { out: (line) => lines.push(line), env: {} })
 */
export interface CliStreams {
  /** One line of output, without its newline. */
  readonly out?: (line: string) => void;
  /** One line of error text (a message may hold several lines), without its newline. */
  readonly err?: (line: string) => void;
  /** Where BILLING_WORKSPACE, BILLING_PASSWORD and BILLING_SOURCE_PASSWORD are read. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where `user add` reads a password that is not in the environment. */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

/** What every command is given. */
export interface CliIo extends Required<CliStreams> {
  readonly workspace: () => Workspace;
  /** Sets the exit code without stopping: a check that found errors still prints all of them. */
  readonly setExitCode: (code: number) => void;
  /** A progress bar on the process's stderr when that is a terminal; silent otherwise and in-process. */
  readonly progressBar: () => ProgressBar;
}

/** The streams given, completed with the process's own. */
export function withProcessStreams(streams: CliStreams): Required<CliStreams> & Pick<CliIo, 'progressBar'> {
  return {
    out: streams.out ?? ((line) => process.stdout.write(`${line}\n`)),
    err: streams.err ?? ((line) => process.stderr.write(`${line}\n`)),
    env: streams.env ?? process.env,
    stdin: streams.stdin ?? process.stdin,
    // The bar draws on process.stderr: only when errors go there too.
    progressBar: () => progressBar(streams.err === undefined && Boolean(process.stderr.isTTY)),
  };
}
