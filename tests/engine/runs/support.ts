/** Test support: the inputs of a billing run of October 2026 on a fixture snapshot, with the library formulas its setup needs. */
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { createPackage } from '../../../engine/formulas/package.ts';
import { formulasForRun, type RunInputs } from '../../../engine/runs/billing-run.ts';

export const library = loadLibrary();

/** `contentHash` names the fixture rows the run reads (runs of different rows must not share it). */
export function runInputs(setupText: string, contentHash: string, carriedIn?: RunInputs['carriedIn']): RunInputs {
  const wanted = new Set(formulasForRun(library.formulas, setupText, 'billing.yaml', 'legacy').map((f) => f.id));
  return {
    period: { start: '2026-10-01', end: '2026-10-31' },
    stamps: { start: '2026-10-01 00:00:00.000', end: '2026-10-31 23:59:59.997' },
    snapshot: { id: 'fixture', contentHash },
    setup: { file: 'billing.yaml', text: setupText },
    formulas: createPackage(
      'run',
      library.files.filter((file) => wanted.has(file.formula.id)),
      () => new Date('2026-11-01T00:00:00Z'),
    ),
    params: {},
    variant: 'legacy',
    ...(carriedIn ? { carriedIn } : {}),
  };
}
