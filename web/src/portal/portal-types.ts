/**
 * What the customer portal's endpoints answer, typed from the API contract (server/api/): only
 * types are imported, so none of the contract's schemas is bundled into the portal. Decimal values
 * stay exact text, as the server sends them.
 */
import type { Output } from '../../../server/api/endpoint.ts';
import type { portalBranding, portalInvite, portalMe, portalPeriods } from '../../../server/api/portal-access-api.ts';
import type { portalDrilldown, portalInvoices, portalStatistics, portalTrends } from '../../../server/api/portal-api.ts';

export type Branding = Output<typeof portalBranding>;
export type Invite = Output<typeof portalInvite>;
export type Me = Output<typeof portalMe>;
export type Freshness = Me['freshness'];
export type Period = Output<typeof portalPeriods>['periods'][number];

export type Statistics = Output<typeof portalStatistics>;
export type Statistic = Statistics['statistics'][number];
export type Trend = Output<typeof portalTrends>;
export type Drilldown = Output<typeof portalDrilldown>;
export type DrilldownRow = Drilldown['rows'][number];
export type PortalInvoice = Output<typeof portalInvoices>['invoices'][number];
