import { describe, expect, it } from 'vitest';
import type { AdoptionRecord } from '../../../engine/library/adoption.ts';
import { consensusView, type LibraryFormula } from '../../../engine/library/consensus.ts';

const file = (id: string, lines: string[], sha256: string): LibraryFormula => ({
  package: 'amtelco-be200',
  path: `amtelco-be200/formulas/${id}.yaml`,
  text: [`id: ${id}`, ...lines, 'sql: SELECT 1'].join('\n'),
  sha256: sha256.repeat(64),
});
const record = (site: string, formulas: [string, string][]): AdoptionRecord => ({
  site,
  recorded: '2026-12-05',
  release: 'r',
  formulas: formulas.map(([formula, sha]) => ({ package: 'amtelco-be200', version: '1.0.0', formula, sha256: sha.repeat(64) })),
});

describe('the consensus view of a library', () => {
  const formulas = [
    file('AnsweredCallsConsensus', ['variant: consensus', 'statistic: AnsweredCalls'], 'b'),
    file('AnsweredCalls', ['variant: legacy', 'legacy: { column: AnsweredCalls, position: 240 }'], 'a'),
    file('ShortCalls', ['variant: custom'], 'c'),
  ];

  it('groups the variants of each statistic, legacy first, with the sites that run each text', () => {
    const view = consensusView(formulas, [
      record('north', [['AnsweredCallsConsensus', 'b']]),
      record('south', [
        ['AnsweredCalls', 'a'],
        ['ShortCalls', 'c'],
      ]),
    ]);
    expect(view.map((row) => [row.statistic, row.variants.map((v) => [v.formulaId, v.variant, v.sites])])).toEqual([
      [
        'AnsweredCalls',
        [
          ['AnsweredCalls', 'legacy', ['south']],
          ['AnsweredCallsConsensus', 'consensus', ['north']],
        ],
      ],
      ['ShortCalls', [['ShortCalls', 'custom', ['south']]]],
    ]);
  });

  it('does not count a site that runs another text of the same formula', () => {
    const view = consensusView(formulas, [record('east', [['AnsweredCalls', 'f']])]);
    expect(view[0]?.variants[0]?.sites).toEqual([]);
  });

  it('leaves out a file that does not read', () => {
    expect(consensusView([{ ...formulas[2], text: 'id: [' } as LibraryFormula], [])).toEqual([]);
  });
});
