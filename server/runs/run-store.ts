/**
 * Billing runs in the workspace: `runs/<id>/` holds run.json (the record), its inputs exactly as
 * used (setup.yaml, formulas.json) and its outputs. Written in a partial folder and renamed into
 * place, then made read-only: an issued run is never rewritten.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormulaPackage } from '../../engine/formulas/package.ts';
import type { RunRecord, RunResult } from '../../engine/runs/billing-run.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { WorkspaceError } from '../store/errors.ts';

export interface StoredRun {
  readonly record: RunRecord;
  readonly setupText: string;
  readonly formulas: FormulaPackage;
  readonly files: ReadonlyMap<string, string>;
}

export function saveRun(workspace: Workspace, result: RunResult, inputs: { setupText: string; formulas: FormulaPackage }): string {
  mkdirSync(workspace.runsDir, { recursive: true });
  let id = result.record.id;
  for (let n = 2; existsSync(join(workspace.runsDir, id)); n++) id = `${result.record.id}-${n}`;
  const partial = join(workspace.runsDir, `.partial-${id}-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  const files = new Map<string, string>([
    ['run.json', `${JSON.stringify({ ...result.record, id }, null, 2)}\n`],
    ['setup.yaml', inputs.setupText],
    ['formulas.json', `${JSON.stringify(inputs.formulas, null, 2)}\n`],
    ...result.files,
  ]);
  for (const [name, content] of files) {
    writeFileSync(join(partial, name), content);
    chmodSync(join(partial, name), 0o444);
  }
  renameSync(partial, join(workspace.runsDir, id));
  return id;
}

export function readRun(workspace: Workspace, id: string): StoredRun {
  const dir = join(workspace.runsDir, id);
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(id) || !existsSync(join(dir, 'run.json'))) {
    throw new WorkspaceError('not_found', `No billing run "${id}" in ${workspace.runsDir}. Run "billing run list" to see the runs.`);
  }
  const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;
  const files = new Map(Object.keys(record.outputs).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  return {
    record,
    setupText: readFileSync(join(dir, 'setup.yaml'), 'utf8'),
    formulas: JSON.parse(readFileSync(join(dir, 'formulas.json'), 'utf8')) as FormulaPackage,
    files,
  };
}

export function listRuns(workspace: Workspace): RunRecord[] {
  if (!existsSync(workspace.runsDir)) return [];
  return readdirSync(workspace.runsDir)
    .filter((name) => !name.startsWith('.') && existsSync(join(workspace.runsDir, name, 'run.json')))
    .map((name) => JSON.parse(readFileSync(join(workspace.runsDir, name, 'run.json'), 'utf8')) as RunRecord)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
