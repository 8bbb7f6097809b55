import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientValues } from '../../../engine/formulas/client-values.ts';

/** Everything a caller can read of a ReadonlyMap, in order. */
function readAll(values: ReadonlyMap<number, string>, probes: readonly number[]) {
  const seen: [number, string][] = [];
  values.forEach((value, client, map) => {
    expect(map).toBe(values);
    seen.push([client, value]);
  });
  return {
    size: values.size,
    pairs: [...values],
    entries: [...values.entries()],
    keys: [...values.keys()],
    values: [...values.values()],
    forEach: seen,
    object: Object.fromEntries(values),
    copy: [...new Map(values)],
    gets: probes.map((client) => [values.get(client), values.has(client)]),
  };
}

const asMap = (clients: number[], texts: string[]) => {
  const map = new Map<number, string>();
  clients.forEach((client, i) => {
    map.set(client, texts[i] as string);
  });
  return map;
};

describe('client values', () => {
  it('reads as the Map of the same pairs would, for dense, sparse and repeated client ids', () => {
    const ids = fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: -5, max: 2_000_000_000 }), fc.constantFrom(0, 1, 2));
    fc.assert(
      fc.property(fc.array(fc.tuple(ids, fc.string({ maxLength: 6 })), { maxLength: 300 }), fc.array(ids, { maxLength: 20 }), (pairs, extra) => {
        const clients = pairs.map(([client]) => client);
        const texts = pairs.map(([, text]) => text);
        const probes = [...clients, ...extra, 0.5, -1, Number.NaN];
        const expected = readAll(asMap(clients, texts), probes);
        expect(readAll(clientValues([...clients], [...texts]), probes)).toEqual(expected);
        expect(readAll(clientValues(Float64Array.from(clients), [...texts]), probes)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a repeated client at its first place with its last value, as a Map does', () => {
    const values = clientValues([7, 3, 7], ['a', 'b', 'c']);
    expect([...values]).toEqual([
      [7, 'c'],
      [3, 'b'],
    ]);
    expect(values.size).toBe(2);
  });

  it('answers for a client it was never given, also between and beyond the ids it holds', () => {
    const values = clientValues([10, 12, 5000], ['1', '2', '3']);
    expect([values.get(11), values.get(9), values.get(5001), values.get(10.5), values.has(12)]).toEqual([undefined, undefined, undefined, undefined, true]);
    expect(clientValues([], []).size).toBe(0);
    expect(clientValues([], []).get(1)).toBeUndefined();
  });
});
