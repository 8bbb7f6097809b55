import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { partNameOf } from '../../../engine/formulas/part-name.ts';
import { fixtureNameSchema } from '../../../engine/formulas/shared-fixtures.ts';
import { snippetNameSchema } from '../../../engine/formulas/snippets.ts';

describe('partNameOf', () => {
  // One line per case: file -> the name it gives, or undefined when it is refused.
  it.each([
    ['formulas/fixtures/calls-of-three-clients.yaml', fixtureNameSchema, 'fixture', 'calls-of-three-clients'],
    ['formulas/fixtures/Calls.yaml', fixtureNameSchema, 'fixture', undefined],
    ['formulas/fixtures/calls_of_three.yaml', fixtureNameSchema, 'fixture', undefined],
    ['formulas/snippets/MergeCommRuns.yaml', snippetNameSchema, 'snippet', 'MergeCommRuns'],
    ['formulas/snippets/mergeCommRuns.yaml', snippetNameSchema, 'snippet', undefined],
    ['formulas/snippets/Merge-Comm.yaml', snippetNameSchema, 'snippet', undefined],
  ] as const)('takes the name of %s from its file name, or refuses it', (file, schema, kind, expected) => {
    if (expected !== undefined) {
      expect(partNameOf(file, schema, kind)).toBe(expected);
      return;
    }
    let error: unknown;
    try {
      partNameOf(file, schema, kind);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).location).toEqual({ file, line: 1, column: 1, field: 'name' });
  });
});
