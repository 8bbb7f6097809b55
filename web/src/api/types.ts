/** The shapes of the server's JSON responses that the UI reads (see GET /api/openapi.json). */

export type Role = 'viewer' | 'editor' | 'approver' | 'admin';
export type Unit = 'count' | 'seconds' | 'milliseconds' | 'ticks';

export interface User {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
}

export interface LoginResponse {
  readonly user: User;
  readonly csrfToken: string;
}

export interface SnapshotManifest {
  readonly id: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly source: { readonly kind: string; readonly scale?: string };
  readonly createdAt: string;
  readonly tables: Readonly<Record<string, { readonly rows: number }>>;
}

export interface GridColumn {
  readonly id: string;
  readonly title: string;
  readonly unit: Unit;
  readonly family: string;
  readonly variant: string;
}

export interface GridRow {
  readonly cltID: number;
  readonly clientNumber: string;
  readonly name: string;
  readonly billingCode: string;
  readonly values: Readonly<Record<string, string>>;
}

export interface GridPage {
  readonly snapshot: string;
  readonly release: string;
  readonly columns: readonly GridColumn[];
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly GridRow[];
}

export interface Formula {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly unit: Unit;
  readonly family: string;
  readonly variant: string;
  readonly statistic: string;
  readonly legacy?: { readonly column: string; readonly position: number };
  readonly quirks: { readonly reproduces: readonly string[]; readonly fixes: readonly string[] };
  readonly params: readonly { readonly name: string; readonly type: string; readonly default: string | number | boolean; readonly description: string }[];
  readonly sql: string;
}

export interface FormulaDetail {
  readonly formula: Formula;
  readonly version: string;
  readonly text: string;
}

export interface FormulaSummary {
  readonly id: string;
  readonly title: string;
  readonly family: string;
  readonly variant: string;
  readonly unit: Unit;
}

export interface FormulaVersion {
  readonly versionId: string;
  readonly formulaId: string;
  readonly number: number;
  readonly author: string;
  readonly createdAt: string;
}

export interface CheckError {
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

export interface TestOutcome {
  readonly name: string;
  readonly passed: boolean;
  /** [cltID, expected, actual] */
  readonly mismatches: readonly (readonly [number, string, string])[];
  readonly error?: string;
}

/** A draft as the server stores and returns it (types only: nothing of the server reaches the bundle). */
import type { Draft, DraftStatus } from '../../../server/store/formulas.ts';
export type { Draft, DraftStatus };

export interface DraftSummary {
  readonly draftId: number;
  readonly formulaId: string;
  readonly status: DraftStatus;
  readonly author: string;
  readonly revision: number;
}

export interface SchemaInfo {
  readonly tables: readonly {
    readonly name: string;
    readonly description: string;
    readonly columns: readonly { readonly name: string; readonly type: string; readonly description: string }[];
  }[];
  readonly params: readonly { readonly name: string; readonly type: string; readonly description: string }[];
}
