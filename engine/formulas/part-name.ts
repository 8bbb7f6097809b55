/** Shared fixtures and snippets are named by their file: the name is the file name without `.yaml`. */
import { basename } from 'node:path';
import type { z } from 'zod';
import { EngineError } from '../errors.ts';

/**
 * The name `file` gives its part, if `schema` accepts it; else an error at the file's first line.
 *
 * @example partNameOf('formulas/snippets/MergeCommRuns.yaml', snippetNameSchema, 'snippet') // 'MergeCommRuns'
 */
export function partNameOf(file: string, schema: z.ZodType<string>, kind: 'fixture' | 'snippet'): string {
  const name = basename(file).replace(/\.yaml$/, '');
  const named = schema.safeParse(name);
  if (!named.success) {
    throw new EngineError('file_field', `${kind} file ${name}.yaml: ${named.error.issues[0]?.message}`, { file, line: 1, column: 1, field: 'name' });
  }
  return name;
}
