import { describe, expect, it } from 'vitest';
import { formulaIdIn, formulaSql } from '../../../engine/library/formula-text.ts';
import { versionIn } from '../../../engine/library/manifest.ts';
import { changelogDay } from '../../../engine/library/changelog.ts';

describe('reading a library file without its schema', () => {
  it('takes the SQL of a formula file, and the whole text of a file that does not parse', () => {
    expect(formulaSql('id: X\nsql: |\n  SELECT 1\n')).toBe('SELECT 1');
    expect(formulaSql('id: [')).toBe('id: [');
    expect(formulaSql('id: X\n')).toBe('id: X\n');
  });

  it('takes the id a formula file declares, quoted, commented or not', () => {
    expect(formulaIdIn('# header\nid: AnsweredCalls\ntitle: t')).toBe('AnsweredCalls');
    expect(formulaIdIn("id: 'SecCalls' # the legacy column")).toBe('SecCalls');
    expect(formulaIdIn('title: no id')).toBeUndefined();
    expect(formulaIdIn('id: 9Calls')).toBeUndefined();
  });

  it('takes the version a manifest states, quoted or not', () => {
    expect(versionIn('name: x\nversion: 1.2.0\n')).toBe('1.2.0');
    expect(versionIn('version: "0.3.1" # raised for AnsweredCalls')).toBe('0.3.1');
    expect(versionIn('name: x')).toBeUndefined();
  });

  it('dates a changelog entry by its UTC day', () => {
    expect(changelogDay(new Date('2026-12-05T23:59:59Z'))).toBe('2026-12-05');
  });
});
