import { describe, expect, it } from 'vitest';
import { documentPath, formulaOfRoute, formulaPath, LIBRARY_PACKAGES_PATH, libraryOfRoute, libraryPath, runsOfRoute } from '../../web/src/shell/paths.ts';
import { hrefOf, parseRoute, pathOf } from '../../web/src/shell/route.ts';

describe('reading an address', () => {
  const check = (hash: string, view: string, segments: string[]) => expect(parseRoute(hash), hash).toEqual({ view, segments });

  it('takes the view and the decoded segments, the grid when the address names none', () => {
    check('', 'grid', []);
    check('#', 'grid', []);
    check('#runs', 'runs', []);
    check('#/runs/R1', 'runs', ['R1']);
    check('#runs/R1/invoices/A%20B', 'runs', ['R1', 'invoices', 'A B']);
    check('#runs/R1/invoices/A%2FB', 'runs', ['R1', 'invoices', 'A/B']);
    check('#runs//R1/', 'runs', ['R1']);
    check('#grid/formula/%E0%A4%A', 'grid', ['formula', '%E0%A4%A']); // a malformed escape stays as typed
  });

  it('writes a path back so that reading it gives the same segments', () => {
    const path = pathOf('runs', '2026-10-ab', 'invoices', 'Acme / North #2');
    expect(path).toBe('runs/2026-10-ab/invoices/Acme%20%2F%20North%20%232');
    expect(parseRoute(`#${path}`).segments).toEqual(['2026-10-ab', 'invoices', 'Acme / North #2']);
    expect(hrefOf('/runs/R1/')).toBe('#runs/R1');
  });
});

describe('the objects an address names', () => {
  it('finds the formula and draft open in the editor, also under #library', () => {
    expect(formulaOfRoute(parseRoute(`#${formulaPath('AnsweredCalls')}`))).toEqual({ formulaId: 'AnsweredCalls' });
    expect(formulaOfRoute(parseRoute(`#${formulaPath('AnsweredCalls', 12)}`))).toEqual({ formulaId: 'AnsweredCalls', draftId: 12 });
    expect(formulaOfRoute(parseRoute('#library/formula/Calls'))).toEqual({ formulaId: 'Calls' });
    expect(formulaOfRoute(parseRoute('#grid/formula/Calls/draft/x'))).toEqual({ formulaId: 'Calls' });
    expect(formulaOfRoute(parseRoute('#grid'))).toBeNull();
    expect(formulaOfRoute(parseRoute('#runs/formula/Calls'))).toBeNull();
  });

  it('finds the runs list, a run, an invoice, a credit note and the company profile', () => {
    expect(runsOfRoute(parseRoute('#runs'))).toEqual({ page: 'list' });
    expect(runsOfRoute(parseRoute('#grid/R1'))).toEqual({ page: 'list' });
    expect(runsOfRoute(parseRoute('#runs/company-profile'))).toEqual({ page: 'company-profile' });
    expect(runsOfRoute(parseRoute('#runs/2026-10-ab'))).toEqual({ page: 'run', runId: '2026-10-ab' });
    expect(runsOfRoute(parseRoute('#runs/2026-10-ab/invoices'))).toEqual({ page: 'run', runId: '2026-10-ab' });
    expect(runsOfRoute(parseRoute(`#${documentPath('2026-10-ab', 'A/B')}`))).toEqual({
      page: 'document',
      runId: '2026-10-ab',
      kind: 'invoice',
      account: 'A/B',
    });
    expect(runsOfRoute(parseRoute(`#${documentPath('2026-10-ab', 'C', 'creditNote')}`))).toEqual({
      page: 'document',
      runId: '2026-10-ab',
      kind: 'creditNote',
      account: 'C',
    });
  });

  it('finds the library page an address names: the followed libraries, one of them (any name), or packages', () => {
    expect(libraryOfRoute(parseRoute('#library'))).toEqual({ page: 'followed' });
    expect(libraryOfRoute(parseRoute(`#${libraryPath('north-community')}`))).toEqual({ page: 'library', name: 'north-community' });
    expect(libraryPath('north-community')).toBe('library/followed/north-community');
    expect(libraryOfRoute(parseRoute(`#${LIBRARY_PACKAGES_PATH}`))).toEqual({ page: 'packages' });
    expect(libraryOfRoute(parseRoute('#library/followed'))).toEqual({ page: 'followed' }); // no name: the list
    expect(libraryOfRoute(parseRoute('#grid/followed/x'))).toEqual({ page: 'followed' });
  });
});
