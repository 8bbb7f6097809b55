/**
 * The check that comes before any timing: the fused report, the naive one-query-per-formula run
 * and PostgreSQL give the same number for every (client, statistic) of the report. A client
 * without a value is 0 on every side (as in the report); decimals compare by value, since
 * PostgreSQL's numeric and DuckDB's integers print the same number differently (`12.000`, `12`).
 */
import type { Report } from '../../engine/be200/report.ts';
import type { Values } from './pg-report.ts';

export interface IdenticalCheck {
  readonly passed: boolean;
  readonly clients: number;
  readonly statistics: number;
  readonly cells: number;
  /** The first differences found (at most 20), for the message. */
  readonly mismatches: readonly {
    readonly clientNumber: string;
    readonly statistic: string;
    readonly fused: string;
    readonly naive: string;
    readonly postgres: string;
  }[];
}

const FIRST_STATISTIC = 4; // cltID, ClientNumber, ClientName, BillingCode

/**
 * @param report the fused report, built with `includeCltId`
 * @param formulaIds the formula of each statistic column, in report order
 */
export function checkIdentical(report: Report, formulaIds: readonly string[], naive: Values, postgres: Values): IdenticalCheck {
  if (report.header[0] !== 'cltID') throw new Error('the report must include cltID to be compared');
  const statistics = report.header.slice(FIRST_STATISTIC);
  const mismatches: IdenticalCheck['mismatches'][number][] = [];
  let cells = 0;
  for (const row of report.rows) {
    const cltID = Number(row[0]);
    statistics.forEach((statistic, i) => {
      const id = formulaIds[i] as string;
      const fused = canonical(row[FIRST_STATISTIC + i] ?? '0');
      const fromNaive = canonical(naive.get(id)?.get(cltID) ?? '0');
      const fromPostgres = canonical(postgres.get(id)?.get(cltID) ?? '0');
      cells++;
      if ((fused !== fromNaive || fused !== fromPostgres) && mismatches.length < 20) {
        mismatches.push({ clientNumber: String(row[1]), statistic, fused, naive: fromNaive, postgres: fromPostgres });
      }
    });
  }
  return { passed: mismatches.length === 0 && cells > 0, clients: report.rows.length, statistics: statistics.length, cells, mismatches };
}

/** `12.500` → `12.5`, `12.000` → `12`, `-0` → `0`; anything else unchanged (and so a mismatch). */
export function canonical(value: string): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  const whole = (match[2] as string).replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return text === '0' ? '0' : `${match[1]}${text}`;
}
