/**
 * What every route needs: the workspace, its database, the job runner, the clock, settings, and the
 * formula library of the active release (parsed once per release).
 */
import { parseFormulaFile } from '../engine/formulas/file-format.ts';
import type { RatingMemo } from '../engine/rating/rating-memo.ts';
import type { RatingInputs } from './services/rating-inputs.ts';
import type { ShownRows } from './services/what-if-delta.ts';
import type { Formula } from '../engine/formulas/definition.ts';
import type { FormulaFile } from '../engine/formulas/package.ts';
import type { ResultCache } from '../engine/formulas/evaluate.ts';
import type { ResultCacheLimits } from '../engine/formulas/result-cache.ts';
import { indexFormulas, type FormulaIndex } from '../engine/formulas/references.ts';
import type { Workspace } from '../snapshots/store/workspace.ts';
import type { LoginLimiter } from './auth/rate-limit.ts';
import type { BodyLimits } from './http/body-limits.ts';
import type { ExecutionLimits, ExecutionPool } from './services/execution-pool.ts';
import type { JobRunner } from './jobs/jobs.ts';
import type { Database } from './store/database.ts';
import { changedFromLegacy, publishActiveRelease, type ReleaseLabel, releaseHash } from './services/release-library.ts';
import type { PoolLimits, SnapshotSessions } from './services/snapshot-sessions.ts';
import { activeRelease, getVersion, type Release } from './store/formulas.ts';

export interface Settings {
  /** Approvals from users other than the author that a draft needs (default 1). */
  readonly approvalsRequired: number;
  /** Mark session cookies Secure (behind https). */
  readonly secureCookies: boolean;
  /** Bounds of the formula result cache (default `defaultResultCacheLimits`: 10,000 results, 256 MiB). */
  readonly resultCache: ResultCacheLimits;
  /** Bounds of the snapshot pool (default `defaultPoolLimits`: 2 instances of 1 GiB, 4 uses each, 5 idle minutes). */
  readonly snapshotPool: PoolLimits;
  /** Check every JSON answer against the API contract (BILLING_CHECK_RESPONSES=1; on in the tests). */
  readonly checkResponses: boolean;
  /** Largest request bodies, in bytes (default `defaultBodyLimits`: 1 MiB of JSON, 48 MiB for a file upload). */
  readonly bodyLimits: BodyLimits;
  /** Proxies whose X-Forwarded-For is believed (their addresses); from anyone else the header is ignored. */
  readonly trustedProxies: readonly string[];
  /** How much user SQL runs at once, per user and in all, and for how long (default `defaultExecutionLimits`). */
  readonly execution: ExecutionLimits;
  /** What all DuckDB instances of the process may hold together, in MiB (default 4096); split by `memoryPlan`. */
  readonly memoryBudgetMb: number;
}

export interface ServerContext {
  readonly workspace: Workspace;
  readonly db: Database;
  readonly jobs: JobRunner;
  readonly limiter: LoginLimiter;
  readonly settings: Settings;
  readonly version: string;
  /** Formula results by snapshot, formula content and parameters, shared by every request. */
  readonly results: ResultCache;
  /** Snapshots opened for formulas, shared by every request (services/snapshot-sessions.ts). */
  readonly snapshots: SnapshotSessions;
  /** Rated invoice lines, so a what-if re-rates only what its change touches (engine/rating/rating-memo.ts). */
  readonly ratings: RatingMemo;
  /** Client lists, statistics and baseline ratings, so a rate-only what-if only rates again (services/rating-inputs.ts). */
  readonly ratingInputs: RatingInputs;
  /** The account rows of recent what-if answers, so the next answer sends only what changed (services/what-if-delta.ts). */
  readonly shownRows: ShownRows;
  /** Where requests that run user SQL take their turn (services/execution-pool.ts). */
  readonly execution: ExecutionPool;
  now(): Date;
  library(): Promise<ActiveLibrary>;
}

export interface ActiveLibrary {
  readonly release: Release;
  /** The release's name and content hash, as every output names the formulas it used. */
  readonly label: ReleaseLabel;
  /** Legacy formulas that no longer reproduce the report, by id, with why. */
  readonly legacyChanged: ReadonlyMap<string, string>;
  readonly formulas: readonly Formula[];
  readonly files: readonly FormulaFile[];
  readonly index: FormulaIndex;
  readonly versionOf: ReadonlyMap<string, string>;
}

/**
 * The active release's formulas, parsed; cached until a new release is made. Each new active
 * release is also published to the workspace for the command line (services/release-library.ts).
 */
export function libraryLoader(db: Database, workspace: Workspace, now: () => Date): () => Promise<ActiveLibrary> {
  let cached: ActiveLibrary | undefined;
  return async () => {
    const release = await activeRelease(db);
    if (cached?.release.releaseId === release.releaseId) return cached;
    const files: FormulaFile[] = [];
    for (const [formulaId, versionId] of release.items) {
      const version = await getVersion(db, versionId);
      files.push({ formula: parseFormulaFile(version.text, `${formulaId}.yaml`), path: `${formulaId}.yaml`, text: version.text });
    }
    files.sort((a, b) => a.formula.id.localeCompare(b.formula.id));
    const formulas = files.map((file) => file.formula);
    publishActiveRelease(workspace, release.name, files, now);
    const label = { name: release.name, contentHash: releaseHash(files), source: 'release' as const };
    const index = indexFormulas(formulas);
    cached = { release, label, formulas, files, index, versionOf: release.items, legacyChanged: changedFromLegacy(formulas, index) };
    return cached;
  };
}
