/**
 * Writes a report as CSV: RFC 4180 quoting, CRLF line ends as spreadsheet tools expect, text cells
 * safe to open (engine/csv-cell.ts).
 *
 * The bytes are those Papa Parse writes (`quotes: false`), which billing runs have always stored
 * (tests/engine/be200/csv.test.ts compares the two): a cell is quoted when it holds a quote, comma,
 * line break or byte-order mark, or starts or ends with a space. Written here rather than by Papa
 * Parse because a report has half a million cells and Papa Parse's checks per cell took longer than
 * computing the statistics; written as bytes, a cell's digits copied as they are checked, because
 * joining half a million strings took as long again.
 */
import { csvCell } from '../csv-cell.ts';
import type { Report } from './report.ts';

export function reportToCsv(report: Report): string {
  return decoder.decode(reportCsvBytes(report));
}

/** The CSV as UTF-8 bytes, for a file or a response: the same text, without decoding it only to encode it again. */
export function reportCsvBytes(report: Report): Uint8Array {
  const out = new CsvBytes();
  out.line(report.header);
  for (let row = 0; row < report.rows.length; row++) out.line(report.rows[row] as readonly string[]);
  return out.bytes();
}

const COMMA = 44;
const CR = 13;
const LF = 10;
const encoder = new TextEncoder();
// A leading byte-order mark is text of the report's, kept (a decoder drops it by default).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A growing buffer of UTF-8 CSV text. */
class CsvBytes {
  #bytes = new Uint8Array(1 << 16);
  #length = 0;

  line(cells: readonly string[]): void {
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) this.#byte(COMMA);
      this.#cell(cells[i] as string);
    }
    this.#byte(CR);
    this.#byte(LF);
  }

  bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }

  #cell(cell: string): void {
    // Most cells are statistics: digits and a point, starting with a digit, which csvCell and
    // quoting leave as they are. Copied while checked; anything else is written again below.
    this.#reserve(cell.length);
    const bytes = this.#bytes;
    const start = this.#length;
    let plain = cell.length > 0;
    for (let i = 0; i < cell.length; i++) {
      const code = cell.charCodeAt(i);
      if ((code < 48 || code > 57) && (code !== 46 || i === 0)) {
        plain = false;
        break;
      }
      bytes[start + i] = code;
    }
    if (plain) this.#length = start + cell.length;
    else this.#text(quoted(csvCell(cell)));
  }

  #text(text: string): void {
    this.#reserve(text.length * 3);
    this.#length += encoder.encodeInto(text, this.#bytes.subarray(this.#length)).written;
  }

  #byte(code: number): void {
    this.#reserve(1);
    this.#bytes[this.#length++] = code;
  }

  #reserve(more: number): void {
    if (this.#length + more <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + more));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}

const NEEDS_QUOTES = /["\r\n,\uFEFF]|^ | $/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
