/**
 * The catalogue of legacy-report quirks (formulas/quirks.yaml): D1, D2 ... of section D of the
 * research note on Billing Export 200, each with a short title, what the legacy report does, what
 * the consensus variants do instead, and the evidence (SQL lines, affected columns). Formula files
 * cite the codes under `quirks:`; the catalogue, reconciliation and the workbench show them.
 * Parsed once against a schema that is also the type; every error names the line and column.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { be200Columns } from '../be200/columns.ts';
import { EngineError } from '../errors.ts';
import { parseYamlFile } from '../yaml-file.ts';
import { SHIPPED_LIBRARY_DIR } from './library-parts.ts';

export interface Quirk {
  readonly kind: 'quirk';
  /** D1, D2 ... */
  readonly code: string;
  /** One short line, shown wherever the code is. */
  readonly title: string;
  /** What Billing Export 200 does, and its effect. */
  readonly legacy: string;
  /** What the consensus variants do instead, or that every variant keeps it. */
  readonly consensus: string;
  readonly evidence: {
    /** Lines or ranges ("639-640") of the legacy SQL (resources/amtelco/BillingExport_200.sql, 1,395 lines). */
    readonly lines: readonly string[];
    /** Billing Export 200 columns named as affected. */
    readonly columns: readonly string[];
    readonly note?: string;
  };
}

/** The quirks in code order: D1 first, no gaps. */
export type QuirkCatalogue = readonly Quirk[];

/** The catalogue sits at the top of the shipped library folder; the library does not read it as a formula. */
export const QUIRKS_FILE_NAME = 'quirks.yaml';
export const QUIRKS_FILE = join(SHIPPED_LIBRARY_DIR, QUIRKS_FILE_NAME);

const LEGACY_SQL_LINES = 1395;
const reportColumns = new Set(be200Columns.map((column) => column.name));

const sqlLines = z
  .union([z.number(), z.string()])
  .transform(String)
  .refine(isLineReference, `a line of the legacy SQL (1-${LEGACY_SQL_LINES}) or a range written low-high, e.g. 639-640`);

const entrySchema = z.strictObject({
  code: z.string().regex(/^D[1-9]\d*$/, 'quirks are named D1, D2 ... (section D of the research note)'),
  title: z.string().min(1).max(80, 'a title is one short line, at most 80 characters'),
  legacy: z.string().min(1),
  consensus: z.string().min(1),
  evidence: z.strictObject({
    lines: z.array(sqlLines).min(1, 'name the legacy SQL lines that show the quirk'),
    columns: z.array(z.string().refine((name) => reportColumns.has(name), 'not a Billing Export 200 column')).default([]),
    note: z.string().min(1).optional(),
  }),
});

const fileSchema = z.strictObject({ quirks: z.array(entrySchema).min(1) });

/**
 * Parses the text of a quirk catalogue: entries run D1, D2 ... in order, so a code is neither
 * repeated nor skipped.
 *
 * @example parseQuirkCatalogue(text, 'formulas/quirks.yaml')[0].code // 'D1'
 */
export function parseQuirkCatalogue(text: string, file: string): QuirkCatalogue {
  const { data, locate } = parseYamlFile(text, file, fileSchema);
  for (const [index, entry] of data.quirks.entries()) {
    const expected = `D${index + 1}`;
    if (entry.code === expected) continue;
    const earlier = data.quirks.findIndex((other) => other.code === entry.code);
    const { line, column } = locate(['quirks', index, 'code']);
    const message =
      earlier < index
        ? `${entry.code} is listed twice (first at line ${locate(['quirks', earlier, 'code']).line})`
        : `expected ${expected} here: quirks run D1, D2 ... in order, without gaps`;
    throw new EngineError('file_field', message, { file, line, column, field: `quirks.${index}.code` });
  }
  return data.quirks.map((entry) => ({ kind: 'quirk', ...entry }));
}

/** The shipped catalogue, or the one at `path`. */
export function loadQuirkCatalogue(path = QUIRKS_FILE): QuirkCatalogue {
  return parseQuirkCatalogue(readFileSync(path, 'utf8'), relative(process.cwd(), path) || path);
}

/** @example findQuirk(catalogue, 'D16')?.title // 'Calls need both a start and an end row; ...' */
export function findQuirk(catalogue: QuirkCatalogue, code: string): Quirk | undefined {
  return catalogue.find((quirk) => quirk.code === code);
}

function isLineReference(reference: string): boolean {
  const match = /^(\d+)(?:-(\d+))?$/.exec(reference);
  if (!match) return false;
  const first = Number(match[1]);
  const last = Number(match[2] ?? match[1]);
  return first >= 1 && first <= last && last <= LEGACY_SQL_LINES;
}
