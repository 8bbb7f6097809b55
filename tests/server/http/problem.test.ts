import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { ApiError } from '../../../server/errors.ts';
import { problemOf } from '../../../server/http/problem.ts';
import { WorkspaceError } from '../../../server/store/errors.ts';
import { SnapshotError } from '../../../snapshots/errors.ts';

/** The status and code the problem document of `error` carries. */
function check(error: unknown, status: number, code: string): void {
  expect(problemOf(error)).toMatchObject({ status, code });
}

describe('errors as problem documents', () => {
  it('gives each layer’s codes their status', () => {
    check(new EngineError('sql_syntax', 'near FORM'), 400, 'sql_syntax');
    check(new EngineError('unknown_formula', 'no formula X'), 400, 'unknown_formula');
    check(new EngineError('runtime_error', 'could not convert'), 422, 'runtime_error');
    check(new EngineError('timeout', 'Calls ran longer than 30 s'), 504, 'timeout');
    check(new EngineError('memory_limit', 'Calls needed more than 1 GiB'), 503, 'memory_limit');
    check(new SnapshotError('not_found', 'no snapshot s1'), 404, 'not_found');
    check(new SnapshotError('disk_full', 'the disk is full'), 507, 'disk_full');
    check(new SnapshotError('source_unreachable', 'no answer'), 502, 'source_unreachable');
    check(new WorkspaceError('not_found', 'no draft 4'), 404, 'not_found');
    check(new WorkspaceError('edit_conflict', 'draft 4 changed', 'revision'), 409, 'edit_conflict');
    check(new WorkspaceError('wrong_state', 'draft 4 is approved'), 409, 'wrong_state');
    check(new WorkspaceError('last_admin', 'root is the last admin'), 409, 'last_admin');
    check(new WorkspaceError('no_release', 'no release yet'), 503, 'no_release');
    check(new ApiError(403, 'csrf', 'send X-CSRF-Token'), 403, 'csrf');
    check(new ApiError(428, 'precondition_required', 'send If-Match', 'If-Match'), 428, 'precondition_required');
  });

  it('keeps the field at fault, and for a file its line and column', () => {
    expect(problemOf(new WorkspaceError('edit_conflict', 'draft 4 changed', 'revision'))).toMatchObject({ field: 'revision', detail: 'draft 4 changed' });
    expect(problemOf(new EngineError('file_field', 'bad unit', { file: 'Calls.yaml', line: 3, column: 7, field: 'unit' }))).toMatchObject({
      status: 400,
      field: 'unit',
      where: { file: 'Calls.yaml', line: 3, column: 7 },
    });
  });

  it('owns no other error: a bug is left to be logged as a 500', () => {
    expect(problemOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(problemOf('a string')).toBeUndefined();
  });
});
