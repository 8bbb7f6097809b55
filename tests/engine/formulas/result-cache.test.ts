/**
 * The result cache keeps the most recently used results within a number of entries and an estimate
 * of bytes, and the evaluator works the same on it: a kept result is served, a dropped one computed again.
 */
import { describe, expect, it } from 'vitest';
import { createEvaluator, type Arrival } from '../../../engine/formulas/evaluate.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { createResultCache, estimateResultBytes } from '../../../engine/formulas/result-cache.ts';
import { forEachRow, type FormulaResult } from '../../../engine/formulas/run.ts';
import { openScratchSandbox } from '../../../engine/formulas/sandbox.ts';

/** A result with `clients` clients, each valued `value`. */
function result(formulaId: string, clients = 1, value = '1'): FormulaResult {
  return { formulaId, values: new Map(Array.from({ length: clients }, (_, i) => [i + 1, value] as const)) };
}

describe('the result cache', () => {
  it('drops the least recently set result beyond its entry bound', () => {
    const cache = createResultCache({ maxEntries: 2, maxBytes: 1e9 });
    cache.set('a', result('A'));
    cache.set('b', result('B'));
    cache.set('c', result('C'));
    expect([cache.get('a'), cache.get('b')?.formulaId, cache.get('c')?.formulaId]).toEqual([undefined, 'B', 'C']);
    expect(cache.size).toBe(2);
  });

  it('counts a hit as a use: the result read last survives the next insertion', () => {
    const cache = createResultCache({ maxEntries: 2, maxBytes: 1e9 });
    cache.set('a', result('A'));
    cache.set('b', result('B'));
    cache.get('a');
    cache.set('c', result('C'));
    expect([cache.get('a')?.formulaId, cache.get('b'), cache.get('c')?.formulaId]).toEqual(['A', undefined, 'C']);
  });

  it('drops the least recent results until the estimated bytes fit', () => {
    const big = (id: string) => result(id, 1_000, '123456.78');
    const one = estimateResultBytes('a', big('A'));
    const cache = createResultCache({ maxEntries: 100, maxBytes: 2.5 * one });
    for (const key of ['a', 'b', 'c']) cache.set(key, big(key.toUpperCase()));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(2 * one);
    // One small result still fits beside the two big ones; it costs far less than a big one.
    cache.set('d', result('D'));
    expect([cache.get('b')?.formulaId, cache.get('c')?.formulaId, cache.get('d')?.formulaId]).toEqual(['B', 'C', 'D']);
  });

  it('estimates bytes by clients and the length of their values', () => {
    const short = estimateResultBytes('k', result('A', 100, '1'));
    expect(estimateResultBytes('k', result('A', 200, '1')) - short).toBe(short - estimateResultBytes('k', result('A', 0)));
    expect(estimateResultBytes('k', result('A', 100, '1234567890.12'))).toBe(short + 100 * 12);
  });

  it('does not keep a result larger than the whole bound, and keeps what it held', () => {
    const cache = createResultCache({ maxEntries: 10, maxBytes: estimateResultBytes('a', result('A', 10)) });
    cache.set('a', result('A', 10));
    cache.set('huge', result('H', 1_000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')?.formulaId).toBe('A');
  });

  it('replaces a result set again under the same key, counting its bytes once', () => {
    const cache = createResultCache({ maxEntries: 10, maxBytes: 1e9 });
    cache.set('a', result('A', 10));
    cache.set('a', result('A2', 10));
    expect(cache.get('a')?.formulaId).toBe('A2');
    expect([cache.size, cache.bytes]).toEqual([1, estimateResultBytes('a', result('A2', 10))]);
  });
});

/** A formula that values client 1 at `value`, reading no table. */
function constant(id: string, value: number) {
  const text = [`id: ${id}`, "title: 'A constant'", "description: 'For a cache test.'", 'unit: count', 'family: calls', 'variant: custom', 'sql: |'];
  return parseFormulaFile(`${[...text, `  SELECT 1 AS cltID, ${value} AS value`].join('\n')}\n`, `formulas/test/${id}.yaml`);
}

describe('evaluating on a bounded cache', () => {
  it('serves the results it kept and computes the dropped ones again, with the same values and keys', async () => {
    const sandbox = await openScratchSandbox();
    try {
      const formulas = [constant('One', 1), constant('Two', 2), constant('Three', 3)];
      const cache = createResultCache({ maxEntries: 2, maxBytes: 1e9 });
      const evaluator = createEvaluator({ sandbox, snapshotKey: 'snapshot-1', index: indexFormulas(formulas), cache, fuse: false });
      const first = await evaluator.evaluate(formulas, {});
      const second = await evaluator.evaluate(formulas, {});
      expect(first.computed).toEqual(['One', 'Two', 'Three']);
      // 'One' was dropped when 'Three' came in: only it is computed again.
      expect(second.computed).toEqual(['One']);
      expect(second.cached).toEqual(['Two', 'Three']);
      const values = formulas.map((f) => Object.fromEntries(second.results.get(f.id)?.values ?? []));
      expect(values).toEqual([{ 1: '1' }, { 1: '2' }, { 1: '3' }]);
      expect(second.keys).toEqual(first.keys);
      expect(new Set(first.keys.values()).size).toBe(3);
    } finally {
      sandbox.close();
    }
  });

  it('tells of every result as it arrives, kept and computed alike, each the one the evaluation returns', async () => {
    const sandbox = await openScratchSandbox();
    try {
      const formulas = [constant('One', 1), constant('Two', 2), constant('Three', 3)];
      const cache = createResultCache({ maxEntries: 2, maxBytes: 1e9 });
      for (const fuse of [false, true]) {
        const evaluator = createEvaluator({ sandbox, snapshotKey: `snapshot-${fuse}`, index: indexFormulas(formulas), cache, fuse });
        for (let run = 0; run < 2; run++) {
          const told: FormulaResult[] = [];
          const evaluation = await evaluator.evaluate(formulas, {}, (arrival) => {
            told.push(...arrival.results);
            if (arrival.query) expect(valuesByRow(arrival)).toEqual(arrival.results.map((result) => new Map(result.values)));
          });
          expect(told.map((r) => r.formulaId).sort()).toEqual(['One', 'Three', 'Two']);
          for (const arrived of told) expect(evaluation.results.get(arrived.formulaId)).toBe(arrived);
        }
      }
    } finally {
      sandbox.close();
    }
  });
});

/** Each result's values as the arrival's query reads them in one pass (forEachRow). */
function valuesByRow({ results, query }: Arrival): Map<number, string>[] {
  const byRow = results.map(() => new Map<number, string>());
  forEachRow(query?.result ?? { names: [], columns: [] }, query?.columns ?? [], (client, values) => {
    values.forEach((text, i) => {
      if (text !== undefined) byRow[i]?.set(client, text);
    });
  });
  return byRow;
}
