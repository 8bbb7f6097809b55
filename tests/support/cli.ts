/**
 * The `billing` command line run in-process, as a shell would run it but without a child process
 * (each of those costs seconds of tsx start-up): what it printed, its errors and its exit code.
 * tests/server/cli/bin.test.ts is the one test that runs the real bin/billing.js.
 */
import { Readable } from 'node:stream';
import { runCli } from '../../server/cli/main.ts';

export interface CliResult {
  readonly status: number;
  /** Output lines, each ending in a newline, as a shell would see them. */
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The whole environment of the run: none of the test process's (no stray BILLING_WORKSPACE). */
  readonly env?: NodeJS.ProcessEnv;
  /** Standard input, e.g. a password for `user add`. */
  readonly stdin?: string;
}

/**
 * Runs `billing <args>` in-process.
 * @example const { status, stdout } = await billing(['snapshot', 'list', '--workspace', dir]);
 */
export async function billing(args: readonly string[], { env = {}, stdin = '' }: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    out: (line) => {
      stdout += `${line}\n`;
    },
    err: (line) => {
      stderr += `${line}\n`;
    },
    env,
    stdin: Readable.from([stdin]),
  });
  return { status, stdout, stderr };
}
