/**
 * A site's adoption record, `adoptions/<site>.yaml` in a library: which of the library's formulas
 * the site runs, at which package version, identified by the checksum of their text. Each site
 * publishes its own, so the library can show which variants are in use where.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { parseYamlFile } from '../yaml-file.ts';
import { packageNameSchema } from './manifest.ts';
import { versionSchema } from './version.ts';

/** A site's name: lower-case words joined by `-`, as its record's file is named. */
export const siteNameSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a site is named in lower-case words joined by -, e.g. north-answering');

export const adoptionSchema = z.strictObject({
  site: siteNameSchema,
  /** The day the record was made (YYYY-MM-DD). */
  recorded: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is a date YYYY-MM-DD'),
  /** The site's release the formulas are in. */
  release: z.string().min(1),
  formulas: z.array(
    z.strictObject({
      package: packageNameSchema,
      version: versionSchema,
      formula: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'is a formula id'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is the SHA-256 of the formula file, in hex'),
    }),
  ),
});

export type AdoptionRecord = z.infer<typeof adoptionSchema>;

/**
 * Parses an adoption record; its site must be the file's name.
 * @example parseAdoption(text, 'adoptions/north-answering.yaml').formulas[0].formula // 'AnsweredCalls'
 */
export function parseAdoption(text: string, file: string): AdoptionRecord {
  const { data, locate } = parseYamlFile(text, file, adoptionSchema);
  const expected = /([^/]+)\.yaml$/.exec(file)?.[1];
  if (data.site !== expected)
    throw new EngineError('file_field', `site: the record is for ${data.site} but its file is named ${expected}`, { file, ...locate(['site']), field: 'site' });
  return data;
}

/** The record as YAML, fields in schema order. */
export function renderAdoption(record: AdoptionRecord): string {
  return stringify(record, { lineWidth: 0 });
}
