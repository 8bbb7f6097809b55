/**
 * The git command line, as the community library uses it: a library is a git repository, so
 * following, updating and proposing are git operations. Each failure becomes an error that says
 * what went wrong in the user's terms (git missing, not a repository, no network, access refused,
 * a conflict). git asks for no password here: credentials stay with git's own helpers.
 */
import { execFile } from 'node:child_process';
import { ApiError } from '../errors.ts';

export class GitError extends ApiError {}

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Each git command is stopped after this long (a host that hangs, a huge fetch): `git_timeout`. */
const GIT_TIMEOUT_MS = 120_000;

/** Identity for commits the product makes when git has none configured (a fresh machine or a test). */
const FALLBACK_IDENTITY = ['-c', 'user.name=Call Theory Billing', '-c', 'user.email=billing@localhost'];

/**
 * Runs `git args` in `cwd`; a non-zero exit is a GitError naming the cause.
 * @example (await git(['rev-parse', 'HEAD'], dir)).stdout.trim() // '1a2b3c…'
 */
export function git(args: readonly string[], cwd: string, input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args as string[],
      // No prompt for a user name or password: a library that needs one is refused, not hung on.
      { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', LC_ALL: 'C' }, maxBuffer: 256 * 1024 * 1024, timeout: GIT_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        reject(gitError(args, error as NodeJS.ErrnoException & { killed?: boolean }, stderr));
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** `git commit` with the user's identity, or the product's when git has none. */
export async function gitCommit(cwd: string, message: string): Promise<void> {
  const identity = await git(['config', 'user.email'], cwd).then(
    () => [],
    () => FALLBACK_IDENTITY,
  );
  await git([...identity, 'commit', '--quiet', '-m', message], cwd);
}

/** Whether `dir` is inside a git work tree. */
export async function isRepository(dir: string): Promise<boolean> {
  try {
    return (await git(['rev-parse', '--is-inside-work-tree'], dir)).stdout.trim() === 'true';
  } catch (error) {
    if (error instanceof GitError && error.code === 'git_missing') throw error;
    return false;
  }
}

/**
 * The text of each path at a revision (absent when the path is not there), in one git call.
 * Paths are relative to `cwd`.
 */
export async function filesAt(cwd: string, revision: string, paths: readonly string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const { stdout } = await gitBuffer(['cat-file', '--batch'], cwd, paths.map((path) => `${revision}:./${path}\n`).join(''));
  const texts = new Map<string, string>();
  let at = 0;
  for (const path of paths) {
    const headerEnd = stdout.indexOf(10, at);
    const header = stdout.subarray(at, headerEnd).toString('utf8');
    at = headerEnd + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) continue;
    const size = Number(header.split(' ')[2]);
    texts.set(path, stdout.subarray(at, at + size).toString('utf8'));
    at += size + 1;
  }
  return texts;
}

function gitBuffer(args: readonly string[], cwd: string, input: string): Promise<{ stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args as string[],
      { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: GIT_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout });
        reject(gitError(args, error as NodeJS.ErrnoException & { killed?: boolean }, stderr.toString('utf8')));
      },
    );
    child.stdin?.end(input);
  });
}

/**
 * Known causes, by what git says on stderr (LC_ALL=C keeps it in English), in the order tried:
 * a refused remote also says it "could not read from remote", so access is told apart first.
 */
const CAUSES: readonly (readonly [RegExp, ApiError['status'], string, string])[] = [
  [
    /authentication failed|could not read username|permission denied \(publickey|access denied|returned error: 40[13]/i,
    403,
    'auth_refused',
    'refused access (check your credentials with git itself)',
  ],
  [/not a git repository|does not appear to be a git repository|repository .* (not found|does not exist)/i, 422, 'not_a_repository', 'is not a git repository'],
  [
    /could not resolve host|unable to access|connection (refused|timed out)|network is unreachable|could not read from remote/i,
    503,
    'no_network',
    'cannot be reached (no network, or the address is wrong)',
  ],
  [/conflict/i, 409, 'conflict', 'has a conflict'],
];

function gitError(args: readonly string[], error: NodeJS.ErrnoException & { killed?: boolean }, stderr: string): GitError {
  if (error.code === 'ENOENT') return new GitError(503, 'git_missing', 'git is not installed or not on PATH: the community library needs the git command line');
  if (error.killed) return new GitError(504, 'git_timeout', `git ${args[0]} took too long and was stopped`);
  const said =
    stderr
      .trim()
      .split('\n')
      .find((line) => line.trim() !== '') ?? error.message;
  for (const [pattern, status, code, meaning] of CAUSES) {
    if (pattern.test(stderr)) return new GitError(status, code, `git ${args[0]}: the library ${meaning}: ${said}`);
  }
  return new GitError(422, 'git_failed', `git ${args[0]} failed: ${said}`);
}
