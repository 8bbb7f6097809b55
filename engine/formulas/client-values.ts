/**
 * A formula's values by client, read as the ReadonlyMap every caller uses (get, has, size,
 * iteration in the order the values came, a client given twice keeping its first place and its
 * last value, as a Map does), but kept as an array of client ids and one of texts. A full report
 * holds 264 results with some 275,000 values: grown as Maps, they allocated about 20 MB per report,
 * which the garbage collector copied while the report was being built. The report's rows are
 * found by client the same way.
 */

/** The values of `clients[i]` in `texts[i]` (a formula's texts, a report's rows), in that order. */
export function clientValues<T = string>(clients: ClientIds, texts: readonly T[]): ReadonlyMap<number, T> {
  const index = indexOf(clients);
  if (index) return new ClientValues(clients, texts, index);
  // Rare: a client given twice. A Map keeps it as every caller expects.
  const map = new Map<number, T>();
  clients.forEach((client, i) => {
    map.set(client, texts[i] as T);
  });
  return map;
}

/** Client ids: an array, or a typed array that keeps them outside the JavaScript heap. */
type ClientIds = readonly number[] | Float64Array;

/** Where each client's value is: an array indexed by the client id (less `lowest`) when ids are dense enough, else a Map. */
interface PositionIndex {
  readonly positions: Int32Array | Map<number, number>;
  readonly lowest: number;
}

class ClientValues<T> implements ReadonlyMap<number, T> {
  readonly #clients: ClientIds;
  readonly #texts: readonly T[];
  readonly #index: PositionIndex;

  constructor(clients: ClientIds, texts: readonly T[], index: PositionIndex) {
    this.#clients = clients;
    this.#texts = texts;
    this.#index = index;
  }

  get size(): number {
    return this.#clients.length;
  }

  get(client: number): T | undefined {
    const at = this.#positionOf(client);
    return at < 0 ? undefined : this.#texts[at];
  }

  has(client: number): boolean {
    return this.#positionOf(client) >= 0;
  }

  forEach(callback: (value: T, client: number, map: ReadonlyMap<number, T>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.#clients.length; i++) callback.call(thisArg, this.#texts[i] as T, this.#clients[i] as number, this);
  }

  *entries(): MapIterator<[number, T]> {
    for (let i = 0; i < this.#clients.length; i++) yield [this.#clients[i] as number, this.#texts[i] as T];
  }

  keys(): MapIterator<number> {
    return this.#clients.values();
  }

  values(): MapIterator<T> {
    return this.#texts.values();
  }

  [Symbol.iterator](): MapIterator<[number, T]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'ClientValues';
  }

  #positionOf(client: number): number {
    const { positions, lowest } = this.#index;
    if (positions instanceof Map) return positions.get(client) ?? -1;
    if (!Number.isInteger(client)) return -1;
    return positions[client - lowest] ?? -1;
  }
}

/** The index of `clients`, or undefined when one repeats. */
function indexOf(clients: ClientIds): PositionIndex | undefined {
  const { lowest, highest } = range(clients);
  const dense =
    clients.length > 0 &&
    Number.isSafeInteger(lowest) &&
    Number.isSafeInteger(highest) &&
    highest - lowest < DENSE_SLOTS_PER_VALUE * clients.length + DENSE_SLOTS_FREE;
  if (dense) {
    const positions = new Int32Array(highest - lowest + 1).fill(-1);
    for (let i = 0; i < clients.length; i++) {
      const slot = (clients[i] as number) - lowest;
      if ((positions[slot] as number) >= 0) return undefined;
      positions[slot] = i;
    }
    return { positions, lowest };
  }
  const positions = new Map<number, number>();
  for (let i = 0; i < clients.length; i++) {
    if (positions.has(clients[i] as number)) return undefined;
    positions.set(clients[i] as number, i);
  }
  return { positions, lowest: 0 };
}

/** An array of positions may hold this many slots per value, plus a few, before a Map is used instead. */
const DENSE_SLOTS_PER_VALUE = 8;
const DENSE_SLOTS_FREE = 4096;

function range(clients: ClientIds): { lowest: number; highest: number } {
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const client of clients) {
    if (client < lowest) lowest = client;
    if (client > highest) highest = client;
  }
  return { lowest, highest };
}
