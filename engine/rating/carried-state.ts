/**
 * State carried between periods where a contract needs it: unused included units rolled over (with
 * a cap and an expiry) and prepaid blocks of units drawn down across periods. Rating takes the
 * previous period's state (`carriedIn`) and gives the next (`carriedOut`); a billing run keeps both,
 * so a run rated again from its inputs gives the same bytes.
 *
 * A usage line's units are drawn, in this order: the period's own included units, then rolled-over
 * units (the oldest first), then prepaid blocks (in the setup's order). After the period: what is
 * left of the period's own included units becomes a new rollover lot (for lines with `rollover`),
 * older lots lose a period of life and expire at zero, units beyond the cap are dropped (the oldest
 * first), and each prepaid block keeps what is left of it.
 */
import { EngineError } from '../errors.ts';
import { Exact, exact, sum } from './money.ts';
import type { BillingSetup, Step, UsageLine } from './model.ts';
import type { BillingPeriod } from './period.ts';

export const CARRIED_FORMAT = 'call-theory-billing/carried@1';

/** Rolled-over units: earned in the period starting `earned`, usable for `periodsLeft` more periods (absent: no expiry). */
export interface RolloverLot {
  readonly units: string;
  readonly earned: string;
  readonly periodsLeft?: number;
}

/** What is left of a prepaid block. */
export interface PrepaidBalance {
  readonly id: string;
  readonly units: string;
}

export interface CarriedLine {
  readonly rollover: readonly RolloverLot[];
  readonly prepaid: readonly PrepaidBalance[];
}

export interface CarriedState {
  readonly format: typeof CARRIED_FORMAT;
  /** The period whose rating left this state. */
  readonly period: BillingPeriod;
  /** Account -> usage line id -> what it carries. */
  readonly accounts: Readonly<Record<string, Readonly<Record<string, CarriedLine>>>>;
  /** Account -> money credit carried forward (credits: carryForward), applied first among the next period's credits (adjustments.ts). */
  readonly credits?: Readonly<Record<string, string>>;
}

/** The state as a run keeps it (state.json): its exact bytes are what the next run's record hashes. */
export function carriedStateText(state: CarriedState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/**
 * A state.json read back, checked for its format.
 * @example parseCarriedState(readFileSync('runs/2026-09-abc/state.json', 'utf8'), '2026-09-abc').period
 */
export function parseCarriedState(text: string, run: string): CarriedState {
  let state: Partial<CarriedState>;
  try {
    state = JSON.parse(text) as Partial<CarriedState>;
  } catch {
    throw new EngineError('rating_error', `run ${run}: state.json is not valid JSON`, { field: 'carriedIn' });
  }
  if (state?.format !== CARRIED_FORMAT || !state.period || typeof state.accounts !== 'object') {
    throw new EngineError('rating_error', `run ${run}: state.json is not a carried state (${CARRIED_FORMAT})`, { field: 'carriedIn' });
  }
  return state as CarriedState;
}

/** The carried units of every account and line while a period is rated, then the state it leaves. */
export class CarriedUnits {
  private readonly lines = new Map<string, CarriedLine>();

  constructor(
    setup: Pick<BillingSetup, 'prepaid'>,
    private readonly period: BillingPeriod,
    carriedIn: CarriedState | undefined,
  ) {
    if (carriedIn && !(carriedIn.period.end < period.start)) {
      throw new EngineError(
        'rating_error',
        `the carried state comes from the period ${carriedIn.period.start} to ${carriedIn.period.end}, which does not end before ${period.start}`,
        { field: 'carriedIn' },
      );
    }
    for (const [account, lines] of Object.entries(carriedIn?.accounts ?? {}))
      for (const [line, carried] of Object.entries(lines)) this.lines.set(key(account, line), carried);
    // Blocks bought in this period join what the account carries.
    for (const block of setup.prepaid ?? []) {
      if (block.from < period.start || block.from > period.end) continue;
      const known = this.lines.get(key(block.account, block.line)) ?? { rollover: [], prepaid: [] };
      if (known.prepaid.some((balance) => balance.id === block.id)) continue;
      this.lines.set(key(block.account, block.line), { ...known, prepaid: [...known.prepaid, { id: block.id, units: block.units.toFixed() }] });
    }
  }

  /** The units an account's line may draw besides its own included units (none for most lines). */
  available(account: string, line: UsageLine): Exact {
    const carried = this.lines.get(key(account, line.id));
    if (!carried) return exact(0);
    return sum([...carried.rollover.map((lot) => exact(lot.units)), ...carried.prepaid.map((balance) => exact(balance.units))]);
  }

  /** Whether the line takes part (it rolls over, or carries units). */
  concerns(account: string, line: UsageLine): boolean {
    // Most periods carry nothing: no key to build then.
    return line.rollover !== undefined || (this.lines.size > 0 && this.lines.has(key(account, line.id)));
  }

  /**
   * Draws `quantity` units from the line's own `included` units, then its carried units; records
   * what is left. Returns the step that shows the draw-down.
   */
  draw(account: string, line: UsageLine, quantity: Exact, included: Exact): Step {
    const id = key(account, line.id);
    const carried = this.lines.get(id) ?? { rollover: [], prepaid: [] };
    let wanted = Exact.max(quantity, exact(0));
    const take = (units: Exact) => {
      const taken = Exact.min(units, wanted);
      wanted = wanted.minus(taken);
      return units.minus(taken);
    };
    const ownLeft = take(included);
    const lots = carried.rollover.map((lot) => ({ ...lot, left: take(exact(lot.units)) }));
    const blocks = carried.prepaid.map((balance) => ({ id: balance.id, left: take(exact(balance.units)) }));
    const drawnRollover = sum(carried.rollover.map((lot) => exact(lot.units))).minus(sum(lots.map((lot) => lot.left)));
    const drawnPrepaid = sum(carried.prepaid.map((b) => exact(b.units))).minus(sum(blocks.map((b) => b.left)));
    const kept: RolloverLot[] = [];
    for (const lot of lots) {
      if (lot.left.lte(0)) continue;
      const periodsLeft = lot.periodsLeft === undefined ? undefined : lot.periodsLeft - 1;
      if (periodsLeft !== undefined && periodsLeft <= 0) continue;
      kept.push({ units: lot.left.toFixed(), earned: lot.earned, ...(periodsLeft === undefined ? {} : { periodsLeft }) });
    }
    if (line.rollover && ownLeft.gt(0)) {
      kept.push({
        units: ownLeft.toFixed(),
        earned: this.period.start,
        ...(line.rollover.expiresAfter === undefined ? {} : { periodsLeft: line.rollover.expiresAfter }),
      });
    }
    const capped = line.rollover?.cap === undefined ? kept : capLots(kept, line.rollover.cap);
    this.lines.set(id, { rollover: capped, prepaid: blocks.filter((b) => b.left.gt(0)).map((b) => ({ id: b.id, units: b.left.toFixed() })) });
    return {
      kind: 'carried',
      rolledOver: sum(carried.rollover.map((lot) => exact(lot.units))).toFixed(),
      prepaid: sum(carried.prepaid.map((b) => exact(b.units))).toFixed(),
      drawn: drawnRollover.plus(drawnPrepaid).toFixed(),
      carriedOut: sum([...capped.map((lot) => exact(lot.units)), ...blocks.map((b) => b.left)]).toFixed(),
    };
  }

  /** The state the period leaves (accounts and lines in a stable order), or undefined when nothing is carried. */
  out(): CarriedState | undefined {
    const accounts: Record<string, Record<string, CarriedLine>> = {};
    for (const [id, carried] of [...this.lines].sort(([a], [b]) => a.localeCompare(b))) {
      if (carried.rollover.length === 0 && carried.prepaid.length === 0) continue;
      const [account, line] = JSON.parse(id) as [string, string];
      accounts[account] = { ...(accounts[account] ?? {}), [line]: carried };
    }
    return Object.keys(accounts).length === 0 ? undefined : { format: CARRIED_FORMAT, period: this.period, accounts };
  }
}

function key(account: string, line: string): string {
  return JSON.stringify([account, line]);
}

/** At most `cap` units in all, dropping the oldest first. */
function capLots(lots: readonly RolloverLot[], cap: Exact): RolloverLot[] {
  let room = cap;
  const kept: RolloverLot[] = [];
  for (const lot of [...lots].reverse()) {
    const units = Exact.min(exact(lot.units), room);
    room = room.minus(units);
    if (units.gt(0)) kept.unshift({ ...lot, units: units.toFixed() });
  }
  return kept;
}
