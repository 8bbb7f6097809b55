/**
 * A plan's shared allowance: units included once for several usage lines (priced at their own
 * rates), drawn down per account in the allowance's line order: the first line takes what it uses
 * up to the allowance, the next what is left, and so on. A line never draws more than it uses.
 */
import { exact, type Exact } from './money.ts';
import type { SharedAllowance } from './model.ts';

/**
 * What `line` draws from the allowance, given each line's quantity for the account.
 *
 * @example drawn({ units: 500, lines: [day (400), night (300)] }, 'night', q) // available 100, drawn 100, billable 200
 */
export function drawn(allowance: SharedAllowance, line: string, quantityOf: (statistic: string) => Exact): { available: Exact; drawn: Exact; billable: Exact } {
  let available = allowance.units;
  for (const member of allowance.lines) {
    const quantity = quantityOf(member.statistic);
    const used = quantity.lte(0) ? ZERO : quantity.lt(available) ? quantity : available;
    if (member.line === line) return { available, drawn: used, billable: quantity.minus(used).gt(0) ? quantity.minus(used) : ZERO };
    available = available.minus(used);
  }
  // Lines name their allowance only when it lists them (setup-file.ts): not reached.
  return { available, drawn: ZERO, billable: ZERO };
}

const ZERO = exact(0);
