/** What the snapshots view asks the server: a manifest in full, extraction from a live IS database, deletion. */
import type { Input } from '../../../server/api/endpoint.ts';
import { call, endpoints } from '../api/client.ts';
import type { SnapshotManifest } from '../api/types.ts';

/** mssql://user@host:1433/IS or postgres://user@host:5432/db, a period, a password only when typed, an optional client range. */
export type ExtractRequest = Input<typeof endpoints.extractSnapshot>['body'];

export const snapshotDetail = (id: string) => call(endpoints.showSnapshot, { params: { id } });

export const startExtraction = (body: ExtractRequest) => call(endpoints.extractSnapshot, { body });

export const createDemo = (body: Input<typeof endpoints.createDemoSnapshot>['body']) => call(endpoints.createDemoSnapshot, { body });

export const deleteSnapshot = (id: string) => call(endpoints.deleteSnapshot, { params: { id } });

/** Rows over every table of a snapshot. */
export const rowsOf = (snapshot: SnapshotManifest): number => Object.values(snapshot.tables).reduce((sum, table) => sum + table.rows, 0);

/** The period a month ago, as the default of the period inputs ("2026-09"). */
export const lastMonth = (): string => new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 7);
