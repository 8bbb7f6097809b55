/**
 * Which column of a legacy export holds which Billing Export 200 statistic, matched by name with
 * case and spacing ignored ("Sel Sec Duration" is SelSecDuration). Nothing is guessed beyond that:
 * an unknown header is reported, a statistic without a column is reported as missing, and two
 * headers naming the same thing are an error (we cannot know which one the file means).
 */
import { be200Statistics } from '../be200/columns.ts';
import { EngineError, type Location } from '../errors.ts';

/** A cell's place for people ("row 1, column C") and for tools (file, line = row, column). */
export interface CellPosition {
  readonly message: string;
  readonly location: Location;
}

export interface StatisticColumn {
  /** 0-based index among the file's cells. */
  readonly index: number;
  readonly header: string;
  readonly statistic: string;
}

export interface UnknownColumn {
  readonly index: number;
  readonly header: string;
}

export interface ColumnPlan {
  readonly clientNumber: number;
  readonly cltID?: number;
  readonly clientName?: number;
  readonly billingCode?: number;
  /** In file order. */
  readonly statistics: readonly StatisticColumn[];
  readonly unknown: readonly UnknownColumn[];
  /** Statistics of the report that no column holds, in report order. */
  readonly missing: readonly string[];
}

const IDENTITY = ['cltID', 'ClientNumber', 'ClientName', 'BillingCode'] as const;

export const normalizeHeader = (name: string): string => name.replace(/\s+/g, '').toLowerCase();

const KNOWN = new Map<string, string>([...IDENTITY, ...be200Statistics.map((c) => c.name)].map((name) => [normalizeHeader(name), name]));

/**
 * @param headers the header cells in file order
 * @param where the error location of a header cell (row, column, file)
 * @param mapping headers (as the file writes them) read as the statistic named, from a saved column mapping
 * @example matchColumns(['ClientNumber', 'sec calls', 'Notes'], at).statistics // [{ index: 1, header: 'sec calls', statistic: 'SecCalls' }]
 */
export function matchColumns(headers: readonly string[], where: (index: number) => CellPosition, mapping: ReadonlyMap<string, string> = new Map()): ColumnPlan {
  const seen = new Map<string, number>();
  const statistics: StatisticColumn[] = [];
  const unknown: UnknownColumn[] = [];
  const identity: Partial<Record<(typeof IDENTITY)[number], number>> = {};
  headers.forEach((header, index) => {
    // A saved mapping names what a header of this layout holds; otherwise the name itself.
    const mapped = mapping.get(header);
    const name = KNOWN.get(normalizeHeader(mapped ?? header));
    if (!name) {
      if (header.trim() !== '') unknown.push({ index, header });
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      const at = where(index);
      throw new EngineError(
        'import_format',
        `${at.message}: "${header}" names ${name} again (already ${where(first).message}); remove one of the two columns`,
        at.location,
      );
    }
    seen.set(name, index);
    if ((IDENTITY as readonly string[]).includes(name)) identity[name as (typeof IDENTITY)[number]] = index;
    else statistics.push({ index, header, statistic: name });
  });
  if (identity.ClientNumber === undefined) {
    const at = where(0);
    throw new EngineError(
      'import_format',
      `the header row has no ClientNumber column, so rows cannot be matched to clients (${at.message} starts "${headers.slice(0, 3).join(', ')}")`,
      at.location,
    );
  }
  return {
    clientNumber: identity.ClientNumber,
    ...(identity.cltID !== undefined ? { cltID: identity.cltID } : {}),
    ...(identity.ClientName !== undefined ? { clientName: identity.ClientName } : {}),
    ...(identity.BillingCode !== undefined ? { billingCode: identity.BillingCode } : {}),
    statistics,
    unknown,
    missing: be200Statistics.map((c) => c.name).filter((name) => !seen.has(name)),
  };
}
