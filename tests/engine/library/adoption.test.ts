import { describe, expect, it } from 'vitest';
import { parseAdoption, renderAdoption } from '../../../engine/library/adoption.ts';

const record = {
  site: 'north-answering',
  recorded: '2026-12-05',
  release: 'north-2026-12',
  formulas: [{ package: 'amtelco-be200', version: '0.2.0', formula: 'AnsweredCalls', sha256: 'a'.repeat(64) }],
};

describe('adoption records', () => {
  it('read back what they were written as', () => {
    expect(parseAdoption(renderAdoption(record), 'adoptions/north-answering.yaml')).toEqual(record);
  });

  it('refuse a record whose site is not its file name, at the site line', () => {
    expect(() => parseAdoption(renderAdoption(record), 'adoptions/south.yaml')).toThrowError(
      expect.objectContaining({
        message: 'site: the record is for north-answering but its file is named south',
        location: expect.objectContaining({ line: 1, field: 'site' }),
      }),
    );
  });

  it('refuse a formula without a valid checksum or version, naming the field', () => {
    const text = renderAdoption(record)
      .replace(/sha256: a+/, 'sha256: abc')
      .replace('version: 0.2.0', 'version: 0.2');
    expect(() => parseAdoption(text, 'adoptions/north-answering.yaml')).toThrow(/formulas\.0\.(version|sha256)/);
  });
});
