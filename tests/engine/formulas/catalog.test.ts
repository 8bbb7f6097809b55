import { describe, expect, it } from 'vitest';
import { renderCatalog } from '../../../engine/formulas/catalog.ts';
import type { Formula } from '../../../engine/formulas/definition.ts';
import type { Quirk } from '../../../engine/formulas/quirks.ts';

const formula = (id: string, variant: Formula['variant'], quirks: Partial<Formula['quirks']>): Formula => ({
  kind: 'formula',
  id,
  title: 'All calls',
  description: 'All calls.',
  unit: 'count',
  family: 'calls',
  variant,
  ...(variant === 'legacy' ? { legacy: { column: 'Calls', position: 118 } } : {}),
  statistic: 'Calls',
  quirks: { reproduces: [], fixes: [], ...quirks },
  params: [],
  sql: 'SELECT 1',
  tests: [],
});

const quirk = (code: string, title: string, note?: string): Quirk => ({
  kind: 'quirk',
  code,
  title,
  legacy: `What the report does (${code}).`,
  consensus: 'What the consensus does; see D16.',
  evidence: { lines: ['820-821', '1041'], columns: ['Calls'], ...(note ? { note } : {}) },
});

describe('the catalogue', () => {
  const text = renderCatalog(
    [formula('Calls', 'legacy', { reproduces: ['D6', 'D16'] }), formula('CallsConsensus', 'consensus', { fixes: ['D16'] })],
    [quirk('D6', 'Ranges are inclusive'), quirk('D16', 'Calls need a start and an end row', 'every Sel<Kind>Duration column, *all* of them')],
  );

  it("links each code in a statistic's row to the quirk's entry", () => {
    expect(text).toContain('| 118 | Calls | All calls | count | Calls ([D6](#d6), [D16](#d16)) | CallsConsensus ([D16](#d16)) |');
  });

  it('gives each quirk an entry headed by its code alone (so #d16 finds it): title, legacy, consensus, evidence, and who reproduces and fixes it', () => {
    const entry = text.slice(text.indexOf('### D16'));
    expect(entry.split('\n').slice(0, 9)).toEqual([
      '### D16',
      '',
      '**Calls need a start and an end row**',
      '',
      '- **Legacy report**: What the report does ([D16](#d16)).',
      '- **Consensus**: What the consensus does; see [D16](#d16).',
      '- **Evidence**: lines 820-821, 1041; columns Calls; every Sel\\<Kind\\>Duration column, \\*all\\* of them',
      '- **Reproduced by** (1): Calls',
      '- **Fixed by** (1): CallsConsensus',
    ]);
  });

  it('lists the quirks after the statistics, in catalogue order, and says when no formula reproduces or fixes one', () => {
    expect(text.indexOf('## Quirks')).toBeGreaterThan(text.indexOf('## calls'));
    expect(text.indexOf('### D6')).toBeLessThan(text.indexOf('### D16'));
    expect(text.slice(text.indexOf('### D6'), text.indexOf('### D16'))).toContain('- **Fixed by** (0): -');
  });
});
