/**
 * The bulk path of extraction: a chunk that the source wrote as CSV (PostgreSQL's COPY … TO
 * STDOUT) is loaded by DuckDB's own CSV reader in one INSERT, instead of row by row through the
 * driver and the appender. The values must come out exactly as the row path (values.ts) makes
 * them: stamps to the millisecond, numeric as its exact text, missing optional columns filled.
 */
import { quoteIdent } from '../schema/index.ts';
import { neutralValue, type ResolvedTable } from './discovery.ts';

/**
 * `INSERT INTO <table> SELECT … FROM read_csv(<file>)` for a CSV of the present columns in schema
 * order: RFC 4180 quoting, no header, an empty unquoted field is NULL and `""` is the empty text.
 */
export function loadCsvSql(table: ResolvedTable, file: string): string {
  const present = table.def.columns.filter((_, index) => table.liveColumns[index] !== undefined);
  const csvColumns = present.map((column, i) => `${sqlText(`c${i}`)}: ${sqlText(column.duckdbType)}`).join(', ');
  let next = 0;
  const values = table.def.columns.map((column, index) => {
    if (table.liveColumns[index] === undefined) return `${fillLiteral(neutralValue(column), column.duckdbType)} AS ${quoteIdent(column.name)}`;
    const field = quoteIdent(`c${next++}`);
    // The row path keeps whole milliseconds of a stamp (SQL Server's datetime has no finer ticks).
    const value = column.duckdbType === 'TIMESTAMP' ? `date_trunc('millisecond', ${field})` : field;
    return `${value} AS ${quoteIdent(column.name)}`;
  });
  const options = [
    `columns = {${csvColumns}}`,
    'header = false',
    'auto_detect = false',
    "delim = ','",
    "quote = '\"'",
    "escape = '\"'",
    "nullstr = ''",
    'allow_quoted_nulls = false',
  ].join(', ');
  return `INSERT INTO ${quoteIdent(table.def.name)} SELECT ${values.join(', ')} FROM read_csv(${sqlText(file)}, ${options})`;
}

function fillLiteral(value: unknown, duckdbType: string): string {
  if (value === null) return `CAST(NULL AS ${duckdbType})`;
  if (duckdbType === 'TIMESTAMP') return `make_timestamp(${Number(value) * 1000})`;
  if (typeof value === 'string') return `CAST(${sqlText(value)} AS ${duckdbType})`;
  return `CAST(${String(value)} AS ${duckdbType})`;
}

function sqlText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
