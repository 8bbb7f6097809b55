/**
 * How far our value may be from the legacy one and still count as "within tolerance": per
 * statistic (falling back to a default), an absolute amount and a fraction of the legacy value.
 * A difference is within when it is at most the absolute amount OR at most the relative share;
 * with both 0 (the default) only equal values pass.
 */
import { Decimal } from 'decimal.js';
import { be200Statistics } from '../be200/columns.ts';
import { EngineError } from '../errors.ts';
import { normalizeHeader } from './match-columns.ts';

export interface Tolerance {
  readonly absolute: Decimal;
  /** A fraction of |legacy value|: 0.01 is 1 %. */
  readonly relative: Decimal;
}

export interface Tolerances {
  readonly fallback: Tolerance;
  readonly byStatistic: ReadonlyMap<string, Tolerance>;
}

export const exactTolerance: Tolerance = { absolute: new Decimal(0), relative: new Decimal(0) };
export const exactTolerances: Tolerances = { fallback: exactTolerance, byStatistic: new Map() };

export function toleranceFor(tolerances: Tolerances, statistic: string): Tolerance {
  return tolerances.byStatistic.get(statistic) ?? tolerances.fallback;
}

/** @example isWithin(new Decimal(100), new Decimal(101), { absolute: new Decimal(0), relative: new Decimal('0.01') }) // true */
export function isWithin(legacy: Decimal, ours: Decimal, tolerance: Tolerance): boolean {
  const difference = ours.minus(legacy).abs();
  return difference.lte(tolerance.absolute) || difference.lte(legacy.abs().times(tolerance.relative));
}

const STATISTICS = new Map(be200Statistics.map((column) => [normalizeHeader(column.name), column.name]));

/**
 * Reads `--tolerance` options: `0` or `abs:1,rel:0.01` set the default; `SecCalls=abs:1`,
 * `CallDuration=rel:1%` or `SecCalls=2` set one statistic's. Later options win.
 *
 * @example parseTolerances(['abs:1', 'CallDuration=abs:5,rel:0.01'])
 */
export function parseTolerances(specs: readonly string[]): Tolerances {
  let fallback = exactTolerance;
  const byStatistic = new Map<string, Tolerance>();
  for (const spec of specs) {
    const [, column, body] = /^(?:([^=]+)=)?(.*)$/.exec(spec.trim()) as RegExpExecArray;
    const tolerance = parseTolerance(body as string, spec);
    if (column === undefined) {
      fallback = tolerance;
      continue;
    }
    const statistic = STATISTICS.get(normalizeHeader(column));
    if (!statistic) throw new EngineError('unknown_statistic', `--tolerance ${spec}: "${column}" is not a Billing Export 200 statistic`);
    byStatistic.set(statistic, tolerance);
  }
  return { fallback, byStatistic };
}

function parseTolerance(body: string, spec: string): Tolerance {
  const bad = (why: string): never => {
    throw new EngineError(
      'bad_param_value',
      `--tolerance ${spec}: ${why}; write 0, abs:1, rel:0.01 (or rel:1%), abs:1,rel:0.01, or Statistic=… for one statistic`,
    );
  };
  if (/^\d+(\.\d+)?$/.test(body)) return { absolute: new Decimal(body), relative: new Decimal(0) };
  let tolerance = exactTolerance;
  for (const part of body.split(',')) {
    const match = /^\s*(abs|rel):\s*(\d+(?:\.\d+)?)(%?)\s*$/.exec(part);
    if (!match) return bad(`cannot read "${part}"`);
    const amount = new Decimal(match[2] as string).dividedBy(match[3] ? 100 : 1);
    if (match[1] === 'abs') tolerance = { ...tolerance, absolute: amount };
    else tolerance = { ...tolerance, relative: amount };
  }
  return tolerance;
}
