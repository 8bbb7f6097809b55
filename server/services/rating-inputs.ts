/**
 * What a what-if rates from besides prices, kept between calls: a snapshot's client list, the
 * statistics of a snapshot for given formulas and parameters (the whole period's and each date
 * range's), the date ranges a setup splits the period into, and the baseline's rating. A snapshot
 * is immutable and a price takes no part in a statistic, so a rate-only what-if finds all of it
 * here and only rates again (compareRatings in what-if.ts).
 *
 * Every entry is kept under the content it was made from (the snapshot's content hash, each
 * formula's SQL and parameters, the setup's text as JSON), never under a name, so an entry can only
 * be found by inputs that would make the same thing again. Bounded: past `maxEntries` per kind, the
 * oldest entry goes.
 */
import { createHash } from 'node:crypto';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import type { BillingSetup, ClientInfo } from '../../engine/rating/model.ts';
import type { BillingPeriod } from '../../engine/rating/period.ts';
import type { RatingResult } from '../../engine/rating/rate.ts';
import type { StatisticSource, Statistics } from '../../engine/rating/statistics.ts';

export interface RatingInputs {
  /** The snapshot's clients: the same list object for the same snapshot content, so rating recognises it. */
  clients(snapshotHash: string, load: () => Promise<readonly ClientInfo[]>): Promise<readonly ClientInfo[]>;
  /**
   * Statistics computed by `chosen` with `params` on the snapshot: the whole period's, or (with
   * `ranges`, rangeKey each) those of each date range, by range.
   */
  statistics<T extends Statistics | ReadonlyMap<string, Statistics>>(
    snapshotHash: string,
    chosen: ReadonlyMap<string, StatisticSource>,
    params: Readonly<Record<string, ParamValue>>,
    ranges: readonly string[] | undefined,
    compute: () => Promise<T>,
  ): Promise<T>;
  /** The date ranges `setup` rates separately on a client list (rating-ranges.ts). */
  ranges(setup: BillingSetup, clients: readonly ClientInfo[], period: BillingPeriod, find: () => BillingPeriod[]): BillingPeriod[];
  /**
   * A setup's rating for a period of a client list on given statistics (the baseline of a
   * what-if); `inputs` are the very objects rated from (the client list, the statistics, those by
   * range, the rating memo), recognised by identity.
   */
  rating(setup: BillingSetup, period: BillingPeriod, inputs: readonly object[], rate: () => RatingResult): RatingResult;
  /** A billing setup parsed from its text: the same object for the same text and file, so what is kept under it is found again. */
  setup(text: string, file: string, parse: () => BillingSetup): BillingSetup;
  /** Entries held, of every kind. */
  readonly size: number;
}

const DEFAULT_MAX_ENTRIES = 64;

export function createRatingInputs(maxEntries = DEFAULT_MAX_ENTRIES): RatingInputs {
  const clients = bounded<Promise<readonly ClientInfo[]>>(maxEntries);
  const statistics = bounded<Promise<Statistics | ReadonlyMap<string, Statistics>>>(maxEntries);
  const ranges = bounded<BillingPeriod[]>(maxEntries);
  const ratings = bounded<RatingResult>(maxEntries);
  const setups = bounded<BillingSetup>(maxEntries);
  // Identities of objects a caller hands again (the client list, a statistics map), and the
  // content keys of formulas, made once per object.
  const objectIds = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (value: object): number => {
    let id = objectIds.get(value);
    if (id === undefined) {
      id = nextId++;
      objectIds.set(value, id);
    }
    return id;
  };
  const formulaKeys = new WeakMap<Formula, string>();
  const formulaKey = (formula: Formula): string => {
    let key = formulaKeys.get(formula);
    if (key === undefined) {
      key = createHash('sha256').update(formula.id).update('\0').update(formula.sql).digest('hex');
      formulaKeys.set(formula, key);
    }
    return key;
  };
  // A setup parsed again from the same text is a new object with the same content.
  const setupKeys = new WeakMap<BillingSetup, string>();
  const setupKey = (setup: BillingSetup): string => {
    let key = setupKeys.get(setup);
    if (key === undefined) {
      key = createHash('sha256').update(JSON.stringify(setup)).digest('hex');
      setupKeys.set(setup, key);
    }
    return key;
  };

  return {
    clients(snapshotHash, load) {
      return clients.get(snapshotHash, load);
    },
    statistics<T extends Statistics | ReadonlyMap<string, Statistics>>(
      snapshotHash: string,
      chosen: ReadonlyMap<string, StatisticSource>,
      params: Readonly<Record<string, ParamValue>>,
      dated: readonly string[] | undefined,
      compute: () => Promise<T>,
    ): Promise<T> {
      const sources = [...chosen].map(([name, source]) => [name, formulaKey(source.formula), sorted(source.params)]);
      const key = JSON.stringify([snapshotHash, sorted(params), sources, dated ?? null]);
      return statistics.get(key, compute) as Promise<T>;
    },
    ranges(setup, list, period, find) {
      // Only what ranges depend on: accounts, assignments, billing status and which plans read statistics (not prices).
      const plans = setup.plans.map((plan) => [plan.id, plan.lines.some((line) => line.kind === 'usage')]);
      const key = JSON.stringify([setup.accounts, setup.assignments, setup.status ?? null, plans, idOf(list), period]);
      return ranges.get(key, find);
    },
    rating(setup, period, inputs, rate) {
      return ratings.get(`${setupKey(setup)}|${period.start}..${period.end}|${inputs.map(idOf).join(',')}`, rate);
    },
    setup(text, file, parse) {
      return setups.get(`${file}\0${createHash('sha256').update(text).digest('hex')}`, parse);
    },
    get size() {
      return clients.size + statistics.size + ranges.size + ratings.size + setups.size;
    },
  };
}

/** A map that keeps its newest `max` entries; a failed promise is not kept. */
function bounded<V>(max: number) {
  const entries = new Map<string, V>();
  return {
    get(key: string, make: () => V): V {
      const known = entries.get(key);
      if (known !== undefined) {
        entries.delete(key);
        entries.set(key, known);
        return known;
      }
      const made = make();
      entries.set(key, made);
      if (made instanceof Promise) made.catch(() => entries.get(key) === made && entries.delete(key));
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
      return made;
    },
    get size() {
      return entries.size;
    },
  };
}

function sorted(values: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
}
