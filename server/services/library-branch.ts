/**
 * A change to a followed library, made as a pull request would carry it: one commit on a new
 * branch of its clone, started from the pin. The clone goes back to its pin afterwards; a change
 * that fails leaves no branch behind. Nothing is pushed.
 */
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { cloneDir, followed } from './library-follows.ts';
import { git, gitCommit, GitError } from './library-git.ts';

export interface BranchChange<T> {
  readonly clone: string;
  readonly branch: string;
  readonly commit: string;
  readonly result: T;
}

/**
 * Runs `change` in the clone of library `name` on a new branch from its pin, then commits what it
 * staged with the message it returns; a change that stages nothing is refused with `nothing`.
 * @example await onNewBranch(workspace, 'community', 'propose/x', async (clone) => ({ message: 'x', result: 1 }), () => new Error('no change'))
 */
export async function onNewBranch<T>(
  workspace: Workspace,
  name: string,
  branch: string,
  change: (clone: string) => Promise<{ readonly message: string; readonly result: T }>,
  nothing: () => Error,
): Promise<BranchChange<T>> {
  const follow = followed(workspace, name);
  const clone = cloneDir(workspace, name);
  if ((await git(['status', '--porcelain'], clone)).stdout.trim() !== '') {
    throw new GitError(409, 'conflict', `the clone of ${name} (${clone}) has uncommitted changes: commit or remove them first`);
  }
  const exists = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], clone).then(
    () => true,
    () => false,
  );
  if (exists) throw new GitError(409, 'branch_exists', `the clone of ${name} has a branch ${branch} already: name another with --branch`);
  await git(['checkout', '--quiet', '-b', branch, follow.commit], clone);
  try {
    const { message, result } = await change(clone);
    if (
      await git(['diff', '--cached', '--quiet'], clone).then(
        () => true,
        () => false,
      )
    )
      throw nothing();
    await gitCommit(clone, message);
    const commit = (await git(['rev-parse', 'HEAD'], clone)).stdout.trim();
    await git(['checkout', '--quiet', '--detach', follow.commit], clone);
    return { clone, branch, commit, result };
  } catch (error) {
    // Leave the clone as it was: at its pin, without the half-made branch.
    await git(['checkout', '--quiet', '--force', '--detach', follow.commit], clone);
    await git(['clean', '--quiet', '-fd'], clone);
    await git(['branch', '--quiet', '-D', branch], clone);
    throw error;
  }
}
