/**
 * A memo of rating results, so that re-rating after a change (a what-if's new price) recomputes
 * only what the change touches. Each result is kept under everything it depends on, so a hit is
 * exactly what rating again would give:
 * - a usage line: the line's definition, the values of the statistics it reads (with those of the
 *   lines sharing its allowance), the modifiers, the rounding policy, whether clients are explained,
 *   and the account (its clients, numbers, names, codes);
 * - a fee line: the line's definition, the days it falls on (its span: the plan's days, the period
 *   it covers, the assignment's start), the period and the rounding policy;
 * - a whole invoice: the account, the plan and the very line results above (when none of them
 *   changed, the invoice is the same object as before, which comparisons use to skip it).
 * Statistic values are identified by their content key (statistics.ts), so values computed again
 * with the same snapshot, formula and parameters are recognised. The memo also keeps what rating
 * derives from its inputs, by content: the accounts of a client list and the parsed statistic values;
 * and what takes no price, so that a new price only re-prices: each account's layout (its clients'
 * billing status and plan segments, under the setup's assignments, status rules, plans and period) and
 * each account quantity's unpriced line (billable units and tier bands, under the line's included
 * units and tier bounds). All of it is this object's own state; nothing is kept between runs without one.
 */
import type { Account } from './accounts.ts';
import type { FeeSpan } from './fees.ts';
import type { Exact } from './money.ts';
import type { AccountRules, BillingSetup, ClientInfo, FeeLine, Invoice, InvoiceLine, RatePlan, Step, UsageLine } from './model.ts';
import type { BillingPeriod } from './period.ts';
import type { Statistics } from './statistics.ts';

/** An account's quantity of a statistic and the steps that made it. */
export interface AccountQuantity {
  readonly value: Exact;
  readonly steps: readonly Step[];
}

export interface RatedLine {
  readonly line: InvoiceLine;
  /** The line's amount as an exact value, so the invoice total does not parse it again. */
  readonly amount: Exact;
}

/** What one rating run shares between its lines (made once per run by `RatingMemo.context`). */
export interface MemoContext {
  readonly statistics: Statistics;
  /** The modifiers, the rounding policy and the explanation mode. */
  readonly setupId: number;
  /** The rounding policy and the period, for fees. */
  readonly feeContextId: number;
  /** The invoice-level rules (adjustments, credits, percentages, tax exemptions) and the period, for invoices. */
  readonly invoiceContextId: number;
  /** The content id of each statistic's values (none without a memo). */
  readonly valueIds: ReadonlyMap<string, number>;
  /** A statistic's values parsed so far, filled as rating reads them: for this run, or kept by content in a memo. */
  parsed(statistic: string): Map<number, Exact>;
  /**
   * An account's quantity of a statistic (its clients' values with their modifiers, summed, then
   * the account's modifiers): the same whatever the prices, so a new price does not sum it again.
   * Undefined when not kept: rating sums it and keeps it.
   */
  findQuantity(statistic: string, account: Account, explain: boolean): AccountQuantity | undefined;
  keepQuantity(statistic: string, account: Account, explain: boolean, quantity: AccountQuantity): void;
  /**
   * What a usage line works out from an account's quantity before any price (its billable units
   * and their split into tiers, usage.ts), kept for this very quantity and a line of the same
   * `shape` (what the line reads besides prices, as text, asked for once per line object).
   */
  findUnpriced<T extends object>(line: UsageLine, quantity: AccountQuantity, shape: (line: UsageLine) => string): T | undefined;
  keepUnpriced<T extends object>(line: UsageLine, quantity: AccountQuantity, shape: (line: UsageLine) => string, unpriced: T): void;
}

/** What rating records on lines: each client's steps, each line's pricing steps (rate.ts `explainClients`, `explainLines`). */
export interface Explained {
  readonly clients: boolean;
  readonly lines: boolean;
}

export interface RatingMemo {
  context(
    setup: Pick<BillingSetup, 'modifiers' | 'rounding' | 'adjustments' | 'credits' | 'percentages' | 'taxExempt'>,
    statistics: MemoContext['statistics'],
    period: BillingPeriod,
    explain: Explained,
  ): MemoContext;
  /** The accounts of a client list under the setup's rules: `group` them, or those grouped before from equal inputs. */
  accounts(clients: readonly ClientInfo[], rules: AccountRules, group: () => readonly Account[]): readonly Account[];
  // Each result is asked for with find* and, when undefined, made by rating and handed to keep*:
  // no callback is made for each of the thousands of lines a what-if asks for.
  /** A usage line rated for an account. */
  findUsage(context: MemoContext, line: UsageLine, account: Account): RatedLine | undefined;
  keepUsage(context: MemoContext, line: UsageLine, account: Account, rated: RatedLine): void;
  /** A fee line rated on a span of days: null for a fee kept as not billed on it. */
  findFee(context: MemoContext, line: FeeLine, span: FeeSpan): RatedLine | null | undefined;
  keepFee(context: MemoContext, line: FeeLine, span: FeeSpan, rated: RatedLine | null): void;
  /**
   * What rating works out for an account before any price (its clients' billing status, its plan
   * segments), kept for this very account object under an equal `structure` (the setup's
   * assignments, billing status, plans and the period, as text).
   */
  findLayout<T extends object>(account: Account, structure: string): T | undefined;
  keepLayout<T extends object>(account: Account, structure: string, layout: T): void;
  /** The account's invoice: the one made last time when its plan and line results are the same. */
  findInvoice(context: MemoContext, account: Account, plan: RatePlan, lines: readonly RatedLine[]): Invoice | undefined;
  keepInvoice(context: MemoContext, account: Account, plan: RatePlan, lines: readonly RatedLine[], invoice: Invoice): void;
  /** Line and invoice results held. */
  readonly size: number;
}

/** Rating without a memo: every result is made afresh and nothing is kept beyond the run. */
export const noMemo: RatingMemo = {
  context: (_setup, statistics) => ({
    statistics,
    setupId: 0,
    feeContextId: 0,
    invoiceContextId: 0,
    valueIds: new Map(),
    parsed: parsedPerRun(),
    findQuantity: () => undefined,
    keepQuantity: () => {},
    findUnpriced: () => undefined,
    keepUnpriced: () => {},
  }),
  accounts: (_clients, _rules, group) => group(),
  findUsage: () => undefined,
  keepUsage: () => {},
  findFee: () => undefined,
  keepFee: () => {},
  findLayout: () => undefined,
  keepLayout: () => {},
  findInvoice: () => undefined,
  keepInvoice: () => {},
  size: 0,
};

/** Beyond this many results the memo starts again (a bound on memory, not a cache policy). */
const DEFAULT_MAX_RESULTS = 200_000;
/** Results of lines, fees, quantities and plans found by none of this many latest runs (memo contexts) are dropped. */
const RECENT_RUNS = 8;

export function createRatingMemo(maxResults = DEFAULT_MAX_RESULTS): RatingMemo {
  // Long fingerprints (a line's JSON, the modifiers' JSON, an account's clients) become short
  // numbers once, so that keys are cheap to build and to hash.
  // Ids are never reused, even after the memo starts again: a key made just before (by a run in
  // progress) can then never meet a key meaning something else.
  const interned = new Map<string, number>();
  let nextId = 0;
  const intern = (fingerprint: string): number => {
    let id = interned.get(fingerprint);
    if (id === undefined) {
      id = nextId++;
      interned.set(fingerprint, id);
    }
    return id;
  };
  let objectIds = new WeakMap<object, number>();
  const idOf = (value: object, fingerprint: () => string): number => {
    let id = objectIds.get(value);
    if (id === undefined) {
      id = intern(fingerprint());
      objectIds.set(value, id);
    }
    return id;
  };
  // Asked for several times per account and run: no callback made for each ask.
  const accountId = (account: Account): number => {
    let id = objectIds.get(account);
    if (id === undefined) {
      id = intern(`account ${account.id}:${JSON.stringify(account.clients)}`);
      objectIds.set(account, id);
    }
    return id;
  };

  // usage: "values|setup|line" -> account -> result; fees: "line|context" -> span -> result;
  // invoices: "plan|setup" -> account -> the lines it was made of and the invoice.
  const usage = new Map<string, Map<number, RatedLine>>();
  const fees = new Map<string, Map<string, RatedLine | null>>();
  // quantities: "values|setup|statistic|explain" -> account -> quantity.
  const quantities = new Map<string, Map<number, AccountQuantity>>();
  const invoices = new Map<string, Map<number, { lines: readonly RatedLine[]; invoice: Invoice }>>();
  // Derived inputs: accounts by "clients|rules", parsed values by the values' id.
  const accounts = new Map<string, readonly Account[]>();
  const parsed = new Map<number, Map<number, Exact>>();
  // Layouts by the structure (its text), then by the account object (its clients are compared by
  // identity); unpriced usage by the line's shape id, then by the quantity object it was worked out
  // from. The outer table is found once per run, so an account costs one lookup, not two.
  const layouts = new Map<string, WeakMap<Account, object>>();
  const unpricedByShape = new Map<number, WeakMap<AccountQuantity, object>>();
  let size = 0;
  const counted = (): void => {
    if (++size <= maxResults) return;
    usage.clear();
    fees.clear();
    quantities.clear();
    invoices.clear();
    accounts.clear();
    parsed.clear();
    // The ids start again too, so the table of fingerprints (plans, lines, setups) cannot grow without end.
    interned.clear();
    objectIds = new WeakMap();
    layouts.clear();
    unpricedByShape.clear();
    size = 1;
  };

  // Result tables no run has found for a while (those of a price tried and left) are dropped with
  // their results: a what-if trying price after price keeps the recent ones, not every one.
  let runs = 0;
  const lastFound = new WeakMap<Map<unknown, unknown>, number>();
  const recent = <K, V>(tables: Map<string, Map<K, V>>, key: string): Map<K, V> => {
    const table = innerMap(tables, key);
    lastFound.set(table, runs);
    return table;
  };
  const dropStale = <K, V>(tables: Map<string, Map<K, V>>): void => {
    for (const [key, table] of tables) {
      if ((lastFound.get(table) ?? 0) >= runs - RECENT_RUNS) continue;
      tables.delete(key);
      size = Math.max(0, size - table.size);
    }
  };
  const newRun = (): void => {
    runs++;
    dropStale(usage);
    dropStale(fees);
    dropStale(quantities);
    dropStale(invoices);
  };

  const keepIn = <O extends object>(table: WeakMap<O, object>, owner: O, value: object): void => {
    table.set(owner, value);
    counted();
  };

  // A run's context and a line (or plan) always find the same table, whichever account asks: it is
  // looked up once per run by the objects, not by a key built for every account.
  const usageTables = new WeakMap<MemoContext, Map<UsageLine, Map<number, RatedLine> | undefined>>();
  const feeTables = new WeakMap<MemoContext, Map<FeeLine, Map<string, RatedLine | null>>>();
  const invoiceTables = new WeakMap<MemoContext, Map<RatePlan, Map<number, { lines: readonly RatedLine[]; invoice: Invoice }>>>();
  const findUsageTable = (context: MemoContext, line: UsageLine) => {
    const valuesId = context.valueIds.get(line.statistic);
    if (valuesId === undefined) return undefined;
    // A line sharing an allowance draws what the lines before it leave: their values count too.
    const shared = line.allowance ? line.allowance.lines.map((member) => context.valueIds.get(member.statistic) ?? 'none').join(',') : '';
    return recent(usage, `${valuesId}|${shared}|${context.setupId}|${idOf(line, () => `usage ${JSON.stringify(line)}`)}`);
  };
  const findFeeTable = (context: MemoContext, line: FeeLine) => recent(fees, `${idOf(line, () => `fee ${JSON.stringify(line)}`)}|${context.feeContextId}`);
  const findInvoiceTable = (context: MemoContext, plan: RatePlan) =>
    recent(invoices, `${idOf(plan, () => `plan ${JSON.stringify(plan)}`)}|${context.setupId}|${context.feeContextId}|${context.invoiceContextId}`);

  const lastUsage = lastAsked<UsageLine, Map<number, RatedLine> | undefined>();
  const lastInvoice = lastAsked<RatePlan, Map<number, { lines: readonly RatedLine[]; invoice: Invoice }>>();

  // The same structure text for every account of a run: its table is found by the string itself, kept from the last ask.
  let lastStructure: string | undefined;
  let lastLayouts: WeakMap<Account, object> | undefined;
  const layoutTable = (structure: string): WeakMap<Account, object> => {
    if (structure !== lastStructure || !lastLayouts) {
      lastLayouts = innerWeakMap(layouts, structure);
      lastStructure = structure;
    }
    return lastLayouts;
  };

  return {
    context(setup, statistics, period, explain) {
      newRun();
      // Each statistic's values by the content key they carry.
      const ids = new Map([...statistics].map(([statistic, values]) => [statistic, intern(`values ${values.key}`)] as const));
      const added = setup.modifiers.flatMap((m) =>
        m.operation.op === 'addStatistic' ? [`${m.operation.statistic}=${ids.get(m.operation.statistic) ?? 'none'}`] : [],
      );
      const setupId = intern(`setup ${JSON.stringify([setup.modifiers, setup.rounding, added, explain.clients, explain.lines])}`);
      // A line's table of unpriced usage: by its shape's id, found once per line object and run.
      const unpricedTables = new Map<UsageLine, WeakMap<AccountQuantity, object>>();
      const unpricedTable = (line: UsageLine, shape: (line: UsageLine) => string): WeakMap<AccountQuantity, object> => {
        let table = unpricedTables.get(line);
        if (!table) {
          table = innerWeakMap(unpricedByShape, intern(`unpriced ${shape(line)}`));
          unpricedTables.set(line, table);
        }
        return table;
      };
      const explainedTables = new Map<string, Map<number, AccountQuantity>>();
      const plainTables = new Map<string, Map<number, AccountQuantity>>();
      // Found once per run and statistic, not by a key built for every account; none for a statistic not computed.
      const quantityTable = (statistic: string, explain: boolean): Map<number, AccountQuantity> | undefined => {
        const valuesId = ids.get(statistic);
        if (valuesId === undefined) return undefined; // rating reports the missing statistic itself
        const byStatistic = explain ? explainedTables : plainTables;
        let table = byStatistic.get(statistic);
        if (!table) {
          table = recent(quantities, `${valuesId}|${setupId}|${statistic}|${explain}`);
          byStatistic.set(statistic, table);
        }
        return table;
      };
      return {
        statistics,
        setupId,
        feeContextId: intern(`fees ${JSON.stringify([setup.rounding, period])}`),
        invoiceContextId: intern(`invoice ${JSON.stringify([setup.adjustments, setup.credits, setup.percentages, setup.taxExempt, period])}`),
        valueIds: ids,
        parsed: (statistic) => innerMap(parsed, ids.get(statistic) ?? -1),
        findQuantity: (statistic, account, explain) => quantityTable(statistic, explain)?.get(accountId(account)),
        keepQuantity(statistic, account, explain, quantity) {
          const table = quantityTable(statistic, explain);
          if (!table) return;
          table.set(accountId(account), quantity);
          counted();
        },
        findUnpriced: <T extends object>(line: UsageLine, quantity: AccountQuantity, shape: (line: UsageLine) => string) =>
          unpricedTable(line, shape).get(quantity) as T | undefined,
        keepUnpriced(line, quantity, shape, unpriced) {
          keepIn(unpricedTable(line, shape), quantity, unpriced);
        },
      };
    },
    accounts(clients, rules, group) {
      // By the list's content, read once per list object (a what-if passes the same list again and again).
      const key = `${idOf(clients, () => `clients ${JSON.stringify(clients)}`)}|${intern(`rules ${JSON.stringify(rules)}`)}`;
      let known = accounts.get(key);
      if (!known) {
        known = group();
        accounts.set(key, known);
        counted();
      }
      return known;
    },
    // A statistic not computed has no table: rating reports it itself.
    findUsage(context, line, account) {
      const table = perContext(usageTables, context, line, findUsageTable);
      const id = accountId(account);
      lastUsage.ask(context, line, account, table, id);
      return table?.get(id);
    },
    keepUsage(context, line, account, rated) {
      // Kept where it was just asked for, as rating does; else looked up again.
      const [table, id] = lastUsage.asked(context, line, account) ?? [perContext(usageTables, context, line, findUsageTable), accountId(account)];
      if (!table) return;
      table.set(id, rated);
      counted();
    },
    // Found once per run and line; then by the span's text, written once per span object.
    findFee: (context, line, span) => perContext(feeTables, context, line, findFeeTable).get(spanKeyOf(span)),
    keepFee(context, line, span, rated) {
      perContext(feeTables, context, line, findFeeTable).set(spanKeyOf(span), rated);
      counted();
    },
    findLayout: <T extends object>(account: Account, structure: string) => layoutTable(structure).get(account) as T | undefined,
    keepLayout(account, structure, layout) {
      keepIn(layoutTable(structure), account, layout);
    },
    findInvoice(context, account, plan, lines) {
      const table = perContext(invoiceTables, context, plan, findInvoiceTable);
      const id = accountId(account);
      lastInvoice.ask(context, plan, account, table, id);
      const known = table.get(id);
      return known && sameLines(known.lines, lines) ? known.invoice : undefined;
    },
    keepInvoice(context, account, plan, lines, invoice) {
      const [table, id] = lastInvoice.asked(context, plan, account) ?? [perContext(invoiceTables, context, plan, findInvoiceTable), accountId(account)];
      table.set(id, { lines, invoice });
      counted();
    },
    get size() {
      return size;
    },
  };
}

/**
 * The table and account id a find* just looked up, for the keep* that follows it when nothing was
 * found: the lookups (weak maps by object) are a good part of re-rating an account.
 */
function lastAsked<K extends object, T>(): {
  ask(context: MemoContext, key: K, account: Account, table: T, id: number): void;
  asked(context: MemoContext, key: K, account: Account): readonly [T, number] | undefined;
} {
  let context: MemoContext | undefined;
  let key: K | undefined;
  let account: Account | undefined;
  let found: [T, number] | undefined;
  return {
    ask(askedContext, askedKey, askedAccount, table, id) {
      context = askedContext;
      key = askedKey;
      account = askedAccount;
      if (found) {
        found[0] = table;
        found[1] = id;
      } else found = [table, id];
    },
    asked: (askedContext, askedKey, askedAccount) => (askedContext === context && askedKey === key && askedAccount === account ? found : undefined),
  };
}

/** Whether two lists hold the very same line results, in order. */
function sameLines(a: readonly RatedLine[], b: readonly RatedLine[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A fee span as text, written once per span object (rating keeps one per segment's days). */
const spanKeys = new WeakMap<FeeSpan, string>();
function spanKeyOf(span: FeeSpan): string {
  let key = spanKeys.get(span);
  if (key === undefined) {
    const { range, covered } = span;
    key = `${range.start}..${range.end}|${covered.start}..${covered.end}|${span.assignmentFrom}|${span.plan}|${span.dated}|${span.split}`;
    spanKeys.set(span, key);
  }
  return key;
}

/** Parsed values for one run: a map per statistic, dropped with the run. */
function parsedPerRun(): MemoContext['parsed'] {
  const byStatistic = new Map<string, Map<number, Exact>>();
  return (statistic) => innerMap(byStatistic, statistic);
}

/**
 * What `find` gives for `key` in `context`, found once per context. A table found before the memo
 * started again stays with the run that found it (its account ids are never given again), so a
 * hit there is still exact.
 */
function perContext<K extends object, V>(
  byContext: WeakMap<MemoContext, Map<K, V>>,
  context: MemoContext,
  key: K,
  find: (context: MemoContext, key: K) => V,
): V {
  let found = byContext.get(context);
  if (!found) {
    found = new Map();
    byContext.set(context, found);
  }
  const known = found.get(key);
  if (known !== undefined || found.has(key)) return known as V;
  const value = find(context, key);
  found.set(key, value);
  return value;
}

/** The table kept under `key` in `outer`, made by `create` when absent. */
function innerTable<K, T>(outer: Map<K, T>, key: K, create: () => T): T {
  let inner = outer.get(key);
  if (!inner) {
    inner = create();
    outer.set(key, inner);
  }
  return inner;
}

function innerMap<K, IK, IV>(outer: Map<K, Map<IK, IV>>, key: K): Map<IK, IV> {
  return innerTable(outer, key, () => new Map<IK, IV>());
}

function innerWeakMap<K, IK extends object, IV>(outer: Map<K, WeakMap<IK, IV>>, key: K): WeakMap<IK, IV> {
  return innerTable(outer, key, () => new WeakMap<IK, IV>());
}
