/**
 * A legacy Billing Export 200 file, read: one row per client line with its statistics as exact
 * decimals, plus what the file has that the report does not (unknown columns) and what it lacks
 * (missing statistics). Every importer (CSV, XLSX) turns its file into a `RawTable` of cells and
 * hands it to `readLegacyTable`, so all formats obey the same rules and errors.
 */
import { EngineError } from '../errors.ts';
import { parseLegacyNumber } from './legacy-number.ts';
import { matchColumns, type CellPosition, type ColumnPlan } from './match-columns.ts';

export type FileFormat = 'csv' | 'xlsx';

/** A cell as the file stores it: text (CSV, or text in a workbook), a stored number, or unreadable. */
export type RawCell =
  | { readonly kind: 'text'; readonly text: string }
  /** `displayed`: the text a spreadsheet shows, when its number format shows a different number. */
  | { readonly kind: 'number'; readonly value: string; readonly displayed?: string }
  | { readonly kind: 'unreadable'; readonly reason: string };

export interface RawRow {
  /** 1-based: the line of a CSV file where the row starts, the row of a worksheet. */
  readonly row: number;
  readonly cells: readonly (RawCell | undefined)[];
}

export interface RawTable {
  readonly file: string;
  readonly format: FileFormat;
  /** Rows in file order; the first non-blank one is the header. */
  readonly rows: readonly RawRow[];
  /** When the file says it was made (workbook properties); CSV files do not say. */
  readonly exportedAt?: string;
}

export interface LegacyRow {
  readonly row: number;
  /** Canonical decimal text, e.g. "1234" for "1,234". */
  readonly clientNumber: string;
  readonly cltID?: string;
  readonly clientName?: string;
  /** Statistic name → exact decimal text. */
  readonly values: ReadonlyMap<string, string>;
}

/** A workbook cell whose number format shows another number than it stores (e.g. 12 for 12.4). */
export interface DisplayDifference {
  readonly row: number;
  readonly column: string;
  readonly statistic: string;
  readonly stored: string;
  readonly displayed: string;
}

export interface LegacyExport {
  readonly kind: 'legacy-export';
  readonly file: string;
  readonly format: FileFormat;
  readonly exportedAt?: string;
  readonly statistics: readonly string[];
  readonly unknownColumns: readonly { readonly header: string; readonly column: string }[];
  readonly missingStatistics: readonly string[];
  readonly rows: readonly LegacyRow[];
  readonly displayDifferences: readonly DisplayDifference[];
  /** The header row as the file writes it: its layout, for a saved column mapping. */
  readonly headers?: readonly string[];
  /** Headers read as a statistic through a column mapping. */
  readonly mappedColumns?: readonly { readonly header: string; readonly statistic: string }[];
}

/** Headers of a file layout read as statistics: the file's header (as written) → the statistic. */
export type ColumnMapping = ReadonlyMap<string, string>;

/** The mapping saved for a layout, found by its header row (e.g. by headerSignature). */
export type MappingLookup = (headers: readonly string[]) => ColumnMapping;

/** A layout's identity: its header cells, trimmed, in order. Files of the same layout share it. */
export const headerSignature = (headers: readonly string[]): string => headers.map((header) => header.trim()).join('\u001f');

/** How many problems are collected before giving up; the first is thrown, the count is told. */
const MAX_PROBLEMS = 100;

/** Reads the cells of a legacy export; throws an EngineError ('import_format') at the first bad cell. */
export function readLegacyTable(table: RawTable, mappingFor: MappingLookup = () => new Map()): LegacyExport {
  const [header, ...body] = table.rows.filter((row) => !isBlank(row.cells));
  if (!header) throw new EngineError('import_format', 'the file is empty: expected a header row with ClientNumber and the statistics', { file: table.file });
  const headers = header.cells.map((cell) => (cell ? cellText(cell) : ''));
  const mapping = mappingFor(headers);
  const plan = matchColumns(headers, (index) => position(table, header.row, index, headers), mapping);
  const reader: RowReader = { table, headers, plan, problems: [], displayDifferences: [] };
  const rows: LegacyRow[] = [];
  for (const raw of body) {
    if (reader.problems.length >= MAX_PROBLEMS) break;
    rows.push(readRow(raw, reader));
  }
  const { problems } = reader;
  const [first] = problems;
  if (first)
    throw problems.length > 1
      ? new EngineError(first.code, `${first.message} (and ${problems.length - 1}${problems.length >= MAX_PROBLEMS ? '+' : ''} more problems)`, first.location)
      : first;
  return {
    kind: 'legacy-export',
    file: table.file,
    format: table.format,
    ...(table.exportedAt ? { exportedAt: table.exportedAt } : {}),
    statistics: plan.statistics.map((column) => column.statistic),
    unknownColumns: plan.unknown.map((column) => ({ header: column.header, column: columnLabel(table.format, column.index) })),
    missingStatistics: plan.missing,
    rows,
    displayDifferences: reader.displayDifferences,
    headers,
    mappedColumns: plan.statistics.filter((column) => mapping.has(column.header)).map((column) => ({ header: column.header, statistic: column.statistic })),
  };
}

/** What reading the rows shares: the layout, and the problems and display differences found so far. */
interface RowReader {
  readonly table: RawTable;
  readonly headers: readonly string[];
  readonly plan: ColumnPlan;
  readonly problems: EngineError[];
  readonly displayDifferences: DisplayDifference[];
}

function readRow(raw: RawRow, reader: RowReader): LegacyRow {
  const { table, headers, plan } = reader;
  const at = (index: number) => position(table, raw.row, index, headers);
  const problem = (index: number, message: string) => {
    const where = at(index);
    reader.problems.push(new EngineError('import_format', `${where.message}: ${message}`, where.location));
  };
  const extra = raw.cells.findIndex((cell, index) => index >= headers.length && cell !== undefined && cellText(cell).trim() !== '');
  if (extra >= 0)
    problem(
      extra,
      `the row has ${raw.cells.length} cells, the header ${headers.length}: this cell has no column (a thousands separator in an unquoted number?)`,
    );
  // A CSV line with fewer fields than the header is cut off; said once, not as a blank cell per column.
  let short = table.format === 'csv' && raw.cells.length < headers.length;
  const number = (index: number): string | undefined => {
    const cell = raw.cells[index];
    if (table.format === 'csv' && index >= raw.cells.length) {
      if (short) problem(index, `the row has ${raw.cells.length} of ${headers.length} fields (a short row: cut off, or a line break inside a cell?)`);
      short = false;
      return undefined;
    }
    const parsed =
      cell?.kind === 'number'
        ? { ok: true as const, value: cell.value }
        : cell?.kind === 'unreadable'
          ? { ok: false as const, reason: cell.reason }
          : parseLegacyNumber(cell?.text ?? '');
    if (parsed.ok) return parsed.value;
    problem(index, `cannot read "${cell ? cellText(cell) : ''}" as a number: ${parsed.reason}`);
    return undefined;
  };
  const clientNumber = number(plan.clientNumber);
  if (clientNumber !== undefined && !/^\d+$/.test(clientNumber)) problem(plan.clientNumber, `a client number is a whole number, not ${clientNumber}`);
  const values = new Map<string, string>();
  for (const column of plan.statistics) {
    const value = number(column.index);
    if (value !== undefined) values.set(column.statistic, value);
    const cell = raw.cells[column.index];
    if (cell?.kind === 'number' && cell.displayed !== undefined) {
      reader.displayDifferences.push({
        row: raw.row,
        column: columnLabel(table.format, column.index),
        statistic: column.statistic,
        stored: cell.value,
        displayed: cell.displayed,
      });
    }
  }
  // cltID and ClientName only identify the row for people: a blank one is no problem.
  const cell = (index: number | undefined) => (index === undefined ? undefined : raw.cells[index]);
  const cltID = cell(plan.cltID) && !isBlank([cell(plan.cltID)]) ? number(plan.cltID as number) : undefined;
  const name = cell(plan.clientName);
  return { row: raw.row, clientNumber: clientNumber ?? '', ...(cltID !== undefined ? { cltID } : {}), ...(name ? { clientName: cellText(name) } : {}), values };
}

export function cellText(cell: RawCell): string {
  return cell.kind === 'text' ? cell.text : cell.kind === 'number' ? cell.value : `(${cell.reason})`;
}

function isBlank(cells: readonly (RawCell | undefined)[]): boolean {
  return cells.every((cell) => cell === undefined || (cell.kind === 'text' && cell.text.trim() === ''));
}

/** Spreadsheets name columns by letter (A, ..., Z, AA, ...); CSV files by number. */
export function columnLabel(format: FileFormat, index: number): string {
  if (format === 'csv') return String(index + 1);
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return label;
}

function position(table: RawTable, row: number, index: number, headers: readonly string[]): CellPosition {
  const header = headers[index]?.trim();
  return {
    message: `row ${row}, column ${columnLabel(table.format, index)}${header ? ` (${header})` : ''}`,
    location: { file: table.file, line: row, column: index + 1, ...(header ? { field: header } : {}) },
  };
}
