import { describe, expect, it } from 'vitest';
import { bumpVersion, compareVersions, parseVersion } from '../../../engine/library/version.ts';

describe('package versions', () => {
  const check = (text: string, expected: [number, number, number] | undefined) =>
    expect(parseVersion(text) && [parseVersion(text)?.major, parseVersion(text)?.minor, parseVersion(text)?.patch]).toEqual(expected);

  it('read MAJOR.MINOR.PATCH and refuse anything else', () => {
    check('1.4.0', [1, 4, 0]);
    check('0.0.1', [0, 0, 1]);
    check('10.20.30', [10, 20, 30]);
    check('1.4', undefined);
    check('v1.4.0', undefined);
    check('01.4.0', undefined);
    check('1.4.0-beta', undefined);
    check('', undefined);
  });

  it('compare by number, not as text (1.10.0 comes after 1.9.3)', () => {
    expect(compareVersions('1.10.0', '1.9.3')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0', '10.0.0')).toBeLessThan(0);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.3', '1.2.4')).toBeLessThan(0);
  });

  it('bump one level and start the lower levels again at 0', () => {
    expect(bumpVersion('1.4.2', 'patch')).toBe('1.4.3');
    expect(bumpVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(bumpVersion('1.4.2', 'major')).toBe('2.0.0');
  });

  it('refuse to compare a text that is not a version', () => {
    expect(() => compareVersions('one', '1.0.0')).toThrow(/not a semantic version: one/);
  });
});
