/** What the snapshots view asks the server: a manifest in full, extraction from a live IS database, deletion. */
import { api, request } from '../api/client.ts';
import type { SnapshotManifest } from '../api/types.ts';
import type { JobView } from '../jobs/follow-job.ts';

/** The whole manifest (GET /api/snapshots/{id}); see snapshots/store/manifest.ts. */
export interface SnapshotDetail extends SnapshotManifest {
  readonly source:
    | { readonly kind: 'demo'; readonly scale: string; readonly seed: number; readonly generator: string }
    | { readonly kind: 'sqlserver' | 'postgresql'; readonly server: string; readonly database: string };
  readonly clients: { readonly from: string; readonly to: string } | null;
  readonly tables: Readonly<Record<string, { readonly rows: number; readonly checksum: string }>>;
  readonly contentHash: string;
  readonly edgeCases?: Readonly<Record<string, number>>;
  readonly warnings?: readonly string[];
  readonly elapsedMs: number;
}

export interface ExtractRequest {
  /** mssql://user@host:1433/IS or postgres://user@host:5432/db */
  readonly source: string;
  /** Sent only when typed; the server otherwise uses its BILLING_SOURCE_PASSWORD. */
  readonly password?: string;
  readonly period: string;
  readonly clients?: { readonly from: string; readonly to: string };
}

export const snapshotDetail = (id: string) => api.get<SnapshotDetail>(`/api/snapshots/${encodeURIComponent(id)}`);

export const startExtraction = (body: ExtractRequest) => api.post<JobView>('/api/snapshots/extract', body);

export const deleteSnapshot = (id: string) => request<{ deleted: string }>('DELETE', `/api/snapshots/${encodeURIComponent(id)}`);

/** Rows over every table of a snapshot. */
export const rowsOf = (snapshot: SnapshotManifest): number => Object.values(snapshot.tables).reduce((sum, table) => sum + table.rows, 0);

/** The period a month ago, as the default of the period inputs ("2026-09"). */
export const lastMonth = (): string => new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 7);
