/**
 * Which community libraries a workspace follows, each pinned to a commit: recorded in
 * `<workspace>/libraries/followed.json`, each library's clone beside it in `libraries/<name>/`,
 * checked out at its pin. The record is the product's; the clones are plain git repositories.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';

export const followSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a library is named in lower-case words joined by -, e.g. community'),
  /** Where it is fetched from: a git URL or a folder. */
  url: z.string().min(1),
  /** The commit the workspace takes formulas from. */
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  followedAt: z.string(),
  updatedAt: z.string(),
});

export type Follow = z.infer<typeof followSchema>;

const recordSchema = z.strictObject({ libraries: z.array(followSchema) });

export function librariesDir(workspace: Workspace): string {
  return join(workspace.root, 'libraries');
}

/** The clone of a followed library. */
export function cloneDir(workspace: Workspace, name: string): string {
  return join(librariesDir(workspace), name);
}

/** The libraries the workspace follows, by name. */
export function readFollows(workspace: Workspace): Follow[] {
  const file = join(librariesDir(workspace), 'followed.json');
  if (!existsSync(file)) return [];
  const parsed = recordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new ApiError(422, 'bad_record', `${file} is damaged: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
  return parsed.data.libraries;
}

/** Writes the record whole (a new file renamed over the old, so a crash leaves one or the other). */
export function writeFollows(workspace: Workspace, follows: readonly Follow[]): void {
  mkdirSync(librariesDir(workspace), { recursive: true });
  const file = join(librariesDir(workspace), 'followed.json');
  const sorted = [...follows].sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(`${file}.new`, `${JSON.stringify({ libraries: sorted }, null, 2)}\n`);
  renameSync(`${file}.new`, file);
}

/** The followed library `name`, or a not-found error listing those followed. */
export function followed(workspace: Workspace, name: string): Follow {
  const follows = readFollows(workspace);
  const follow = follows.find((f) => f.name === name);
  if (!follow) {
    const known = follows.map((f) => f.name).join(', ') || 'none';
    throw new ApiError(404, 'not_found', `the workspace follows no library ${name} (it follows: ${known}); add it with billing library add`);
  }
  return follow;
}
