/**
 * Legacy exports saved as CSV by Crystal Reports or a spreadsheet: UTF-8 with or without a BOM,
 * UTF-16 with a BOM, or Windows-1252 (which Crystal writes on many sites); CRLF or LF line ends;
 * quoted cells; comma, tab or semicolon separated. Rows keep the line they start on, so errors
 * can name it.
 */
import Papa from 'papaparse';
import { EngineError } from '../errors.ts';
import { type LegacyExport, type MappingLookup, readLegacyTable, type RawRow } from './legacy-export.ts';

/** @example readLegacyCsv(readFileSync('october.csv'), 'october.csv').rows[0].values.get('SecCalls') */
export function readLegacyCsv(data: string | Uint8Array, file: string, mappingFor?: MappingLookup): LegacyExport {
  return readLegacyTable({ file, format: 'csv', rows: csvRows(decode(data), file) }, mappingFor);
}

function csvRows(text: string, file: string): RawRow[] {
  const rows: RawRow[] = [];
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', '\t', ';', '|'],
    step: (result) => {
      const quoteError = result.errors.find((error) => error.type === 'Quotes');
      if (quoteError) {
        const at = lineAndColumn(text, quoteError.index ?? cursor);
        throw new EngineError(
          'import_format',
          `line ${at.line}: ${quoteError.message.toLowerCase()} (a quote opened in a cell is not closed, or text follows a closing quote)`,
          { file, ...at },
        );
      }
      rows.push({ row: line, cells: result.data.map((text) => ({ kind: 'text', text })) });
      line += countNewlines(text, cursor, result.meta.cursor);
      cursor = result.meta.cursor;
    },
  });
  return rows;
}

/** Bytes as UTF-16 if they start with its BOM, else UTF-8 unless invalid (then Windows-1252); a BOM is dropped. */
function decode(data: string | Uint8Array): string {
  if (typeof data === 'string') return data.replace(/^\uFEFF/, '');
  if (isUtf16(data)) return new TextDecoder(data[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(data);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

export function isUtf16(data: Uint8Array): boolean {
  return (data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff);
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: countNewlines(before, 0, before.length) + 1, column: offset - before.lastIndexOf('\n') };
}
