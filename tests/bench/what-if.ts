/**
 * Benchmarks: what-if for every client of a snapshot through `compareScenario`, the one what-if of
 * the route, the CLI and the workbench (server/services/what-if.ts), on a snapshot held open with
 * the result cache, the rating memo and the rating inputs (clients, statistics, baseline rating)
 * kept between runs, as the server keeps them.
 * - rate-only: the scenario changes the live-minute price (a line of every plan); its statistics
 *   are the baseline's, kept from the first compare, so nothing is queried and rating re-rates only
 *   the lines the new price touches, and every invoice holding one. Each run asks for a price not
 *   asked before. The result names what was re-rated (accounts rated again, statistics computed).
 *   It is timed at least 30 times: the first few compares after start run before V8 has optimised
 *   the rating code and sized its heap, and a user edits prices many times; the first timed compare
 *   is reported beside the median.
 * - `billing scenario compare` as a whole process, the same scenario: a command keeps nothing
 *   between runs, so it computes the baseline's statistics, then re-rates (what a server's first
 *   compare costs, plus starting up).
 * - TimeCap: the example setup billing live minutes as SelSecDurationCap; the scenario changes
 *   the TimeCap parameter, so the capped statistic must be queried again, then everything re-rated.
 *   Each run asks for a cap not asked before, so the result cache never answers it.
 * The first compare (the baseline the workbench showed first) is not timed.
 */
import { readFileSync } from 'node:fs';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import type { ResultCache } from '../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { listClients } from '../../engine/rating/clients.ts';
import { createRatingMemo } from '../../engine/rating/rating-memo.ts';
import type { DocumentSource } from '../../server/services/documents.ts';
import { librarySwaps } from '../../server/services/scenario-formulas.ts';
import { execFileSync } from 'node:child_process';
import { createRatingInputs } from '../../server/services/rating-inputs.ts';
import { compareScenario, type WhatIf, type WhatIfWork } from '../../server/services/what-if.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { PROJECT_ROOT } from '../support/project.ts';
import { withSnapshotWorkspace } from './cold-export.ts';
import { heldOpen } from './sessions.ts';
import { median, timeRuns } from './stats.ts';

export interface WhatIfResult {
  readonly clients: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  /** What the last timed compare did: statistics computed or kept, accounts rated again. */
  readonly work: WhatIfWork;
}

export interface CliWhatIfResult {
  readonly runsMs: readonly number[];
  readonly medianMs: number;
}

const example = (file: string) => readFileSync(`${PROJECT_ROOT}examples/${file}`, 'utf8');

/** The live-minute price of the example scenario, which each run changes. */
const LIVE_PRICE = 'price: "1.2075"';

/** The fewest timed rate-only compares (see above). */
export const RATE_ONLY_RUNS = 30;

export async function benchWhatIf(dataFile: string, manifest: Manifest, runs: number): Promise<WhatIfResult> {
  const scenario = example('scenario-live-rate.yaml');
  if (!scenario.includes(LIVE_PRICE)) throw new Error(`scenario-live-rate.yaml no longer prices live minutes at ${LIVE_PRICE}`);
  let run = 0;
  return timeWhatIf(dataFile, manifest, Math.max(runs, RATE_ONLY_RUNS), {
    setup: example('billing-setup.yaml'),
    params: {},
    scenario: (first) => (first ? scenario : scenario.replace(LIVE_PRICE, `price: "1.2${String(++run).padStart(3, '0')}"`)),
  });
}

export async function benchTimeCapWhatIf(dataFile: string, manifest: Manifest, runs: number): Promise<WhatIfResult> {
  const baseCap = 10;
  let cap = baseCap;
  return timeWhatIf(dataFile, manifest, runs, {
    // The example setup with live minutes capped per call: its line and modifiers on SelSecDurationCap.
    setup: example('billing-setup.yaml').replace(/\bSelSecDuration\b/g, 'SelSecDurationCap'),
    params: { time_cap_minutes: baseCap },
    scenario: (first) => {
      const minutes = first ? baseCap : ++cap;
      return `name: TimeCap ${minutes} minutes\nparams: { time_cap_minutes: ${minutes} }\n`;
    },
  });
}

interface WhatIfCase {
  readonly setup: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The scenario text of the next compare; `first` for the untimed one. */
  readonly scenario: (first: boolean) => string;
}

/** Compares once untimed, then `runs` timed compares, each with the case's next scenario. */
async function timeWhatIf(dataFile: string, manifest: Manifest, runs: number, whatIf: WhatIfCase): Promise<WhatIfResult> {
  const library = loadLibrary();
  const formulas = { formulas: library.formulas, index: indexFormulas(library.formulas) };
  const sandbox = await openSnapshotSandbox(dataFile);
  try {
    let first = true;
    let scenario = '';
    const documents: DocumentSource = async (kind, name) => ({ text: kind === 'setup' ? whatIf.setup : scenario, file: name, label: name });
    const results: ResultCache = new Map();
    const deps = {
      snapshots: heldOpen(manifest, sandbox),
      documents,
      resolveSwaps: librarySwaps,
      results,
      ratings: createRatingMemo(),
      inputs: createRatingInputs(),
    };
    const request = { snapshot: manifest.id, setup: 'billing-setup.yaml', scenario: 'scenario.yaml', params: whatIf.params };
    let last: WhatIf | undefined;
    const runsMs = await timeRuns(
      runs,
      async () => {
        scenario = whatIf.scenario(first);
        first = false;
        last = await compareScenario(deps, formulas, request);
      },
      1,
    );
    return { clients: (await listClients(sandbox)).length, runsMs, medianMs: median(runsMs), work: (last as WhatIf).work };
  } finally {
    sandbox.close();
  }
}

/** `billing scenario compare` with the example setup and scenario, each run a new process on a workspace holding the snapshot. */
export function benchCliWhatIf(dataFile: string, manifest: Manifest, runs: number): CliWhatIfResult {
  return withSnapshotWorkspace(dataFile, manifest, (workspace) => {
    const runsMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          `${PROJECT_ROOT}server/cli/billing.ts`,
          'scenario',
          'compare',
          '--snapshot',
          manifest.id,
          '--setup',
          `${PROJECT_ROOT}examples/billing-setup.yaml`,
          '--scenario',
          `${PROJECT_ROOT}examples/scenario-live-rate.yaml`,
        ],
        { cwd: PROJECT_ROOT, env: { ...process.env, BILLING_WORKSPACE: workspace }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      runsMs.push(performance.now() - started);
    }
    return { runsMs, medianMs: median(runsMs) };
  });
}
