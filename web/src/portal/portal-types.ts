/**
 * What the customer portal's endpoints answer, typed from the API contract (server/api/): only
 * types are imported, so none of the contract's schemas is bundled into the portal. Decimal values
 * stay exact text, as the server sends them.
 */
import type { Output } from '../../../server/api/endpoint.ts';
import type { portalBranding, portalInvite, portalMe, portalPeriods } from '../../../server/api/portal-access-api.ts';

export type Branding = Output<typeof portalBranding>;
export type Invite = Output<typeof portalInvite>;
export type Me = Output<typeof portalMe>;
export type Freshness = Me['freshness'];
export type Period = Output<typeof portalPeriods>['periods'][number];

export interface Statistic {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
}

export interface Statistics {
  readonly period: string;
  readonly finalised: boolean;
  readonly source: 'invoice' | 'snapshot';
  readonly statistics: readonly Statistic[];
  readonly clients: readonly { readonly clientNumber: string; readonly name: string; readonly values: Readonly<Record<string, string>> }[];
}

export interface Trend {
  readonly statistic: Statistic;
  readonly grain: 'day' | 'month';
  readonly points: readonly { readonly date: string; readonly value: string }[];
}

export interface DrilldownRow {
  readonly time: string;
  readonly clientNumber: string;
  readonly kind: string;
  readonly durationSeconds: string | null;
  readonly disposition: string | null;
  readonly agent?: string | null;
  readonly value: string;
}

export interface Drilldown {
  readonly statistic: Statistic;
  readonly columns: readonly { readonly key: string; readonly title: string }[];
  readonly rows: readonly DrilldownRow[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly sum: string;
  readonly kinds: readonly string[];
}

export interface PortalInvoice {
  readonly number: string;
  readonly runId: string;
  readonly period: string;
  readonly account: string;
  readonly total: string;
  readonly currency: string;
  readonly issuedAt: string;
}
