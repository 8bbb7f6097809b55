import { describe, expect, it } from 'vitest';
import { sqlChanges, versionProblems } from '../../../engine/library/version-check.ts';

const at = { file: 'p/package.yaml', line: 2, column: 10 };
const sql = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('the version rule of a package', () => {
  it('sees added, removed and changed SQL, and not an unchanged file', () => {
    const before = sql({ 'a.yaml': 'SELECT 1', 'b.yaml': 'SELECT 2', 'c.yaml': 'SELECT 3' });
    const after = sql({ 'a.yaml': 'SELECT 1', 'b.yaml': 'SELECT 22', 'd.yaml': 'SELECT 4' });
    expect(sqlChanges(before, after)).toEqual([
      { path: 'b.yaml', change: 'changed' },
      { path: 'c.yaml', change: 'removed' },
      { path: 'd.yaml', change: 'added' },
    ]);
  });

  it('is broken when SQL changed under the same version, at the version field', () => {
    const [problem, ...rest] = versionProblems(
      { version: '1.0.0', sql: sql({ 'a.yaml': 'SELECT 2' }) },
      { version: '1.0.0', sql: sql({ 'a.yaml': 'SELECT 1' }), label: 'commit abc1234' },
      at,
    );
    expect(rest).toEqual([]);
    expect(problem?.describe()).toBe(
      'p/package.yaml:2:10: version: still 1.0.0 as in commit abc1234, but the SQL of a.yaml (changed) changed since: bump the version',
    );
    expect(problem?.location.field).toBe('version');
  });

  it('holds when the version went up with the SQL, or when no SQL changed', () => {
    const baseline = { version: '1.0.0', sql: sql({ 'a.yaml': 'SELECT 1' }), label: 'commit abc1234' };
    expect(versionProblems({ version: '1.0.1', sql: sql({ 'a.yaml': 'SELECT 2' }) }, baseline, at)).toEqual([]);
    expect(versionProblems({ version: '1.0.0', sql: sql({ 'a.yaml': 'SELECT 1' }) }, baseline, at)).toEqual([]);
  });

  it('is broken when the version went back, even with no SQL change', () => {
    const [problem] = versionProblems({ version: '0.9.0', sql: sql({}) }, { version: '1.0.0', sql: sql({}), label: 'tag v1.0.0' }, at);
    expect(problem?.message).toBe('version: 0.9.0 is lower than 1.0.0 of tag v1.0.0');
  });
});
