/**
 * The result diff of a review made readable: which clients move, by how much, largest first, and
 * the total change. Values are exact decimal strings, so the arithmetic is done on scaled BigInts
 * (a float would lose digits on large second counts). A client absent on one side counts as 0, as
 * every formula result does.
 */
import type { Delta, Side } from '../../../engine/diff/delta.ts';

export interface ClientChange {
  readonly cltID: number;
  /** The value before (the release) and after (the draft); null where the client has no row. */
  readonly before: string | null;
  readonly after: string | null;
  /** after - before, exact. */
  readonly change: string;
  readonly direction: 'up' | 'down';
}

export interface ResultChanges {
  readonly clients: readonly ClientChange[];
  readonly total: string;
}

/**
 * @example resultChanges([{ key: ['7'], before: { kind: 'value', value: '2' }, after: { kind: 'value', value: '5' }, change: '3' }])
 *   // { clients: [{ cltID: 7, before: '2', after: '5', change: '3', direction: 'up' }], total: '3' }
 */
export function resultChanges(deltas: readonly Delta[]): ResultChanges {
  const clients = deltas
    .map((delta): ClientChange => {
      const change = subtract(valueOf(delta.after) ?? '0', valueOf(delta.before) ?? '0');
      return {
        cltID: Number(delta.key[0]),
        before: valueOf(delta.before),
        after: valueOf(delta.after),
        change,
        direction: change.startsWith('-') ? 'down' : 'up',
      };
    })
    .filter((client) => !isZero(client.change))
    .sort((a, b) => compareMagnitude(b.change, a.change) || a.cltID - b.cltID);
  return { clients, total: sum(clients.map((client) => client.change)) };
}

function valueOf(side: Side): string | null {
  return side.kind === 'value' ? side.value : null;
}

interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function parse(text: string): Scaled {
  const match = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`not an exact decimal: ${text}`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2] || '0'}${fraction}`);
  return { units: match[1] === '-' ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

function sum(values: readonly string[]): string {
  const parsed = values.map(parse);
  const scale = Math.max(0, ...parsed.map((value) => value.scale));
  return format(
    parsed.reduce((total, value) => total + rescale(value, scale), 0n),
    scale,
  );
}

function subtract(a: string, b: string): string {
  return sum([a, b.startsWith('-') ? b.slice(1) : `-${b.replace(/^\+/, '')}`]);
}

function isZero(text: string): boolean {
  return parse(text).units === 0n;
}

/** Positive when |a| > |b|. */
function compareMagnitude(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  const scale = Math.max(x.scale, y.scale);
  const [mx, my] = [rescale(x, scale), rescale(y, scale)].map((units) => (units < 0n ? -units : units)) as [bigint, bigint];
  return mx === my ? 0 : mx > my ? 1 : -1;
}
