/**
 * Who reaches the customer portal: its branding (public), invitations and their acceptance, the
 * portal's own login and logout, and for administrators the portal's settings, its refresh, client
 * users and invites. The portal's data routes are portal-api.ts.
 */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';
import { newPassword, userName } from './session-api.ts';

/** A colour as the portal's pages take it. */
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');

/** The portal's logo: PNG, JPEG, GIF or WebP as a data: URL, at most 256 KiB of image. */
export const PORTAL_LOGO_MAX_BYTES = 256 * 1024;
export const portalLogoUrl = z
  .string()
  .max(40 + Math.ceil(PORTAL_LOGO_MAX_BYTES / 3) * 4, `the logo must be at most ${PORTAL_LOGO_MAX_BYTES / 1024} KiB`)
  .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/, 'a PNG, JPEG, GIF or WebP image as a data:image/…;base64 URL');

/** The IS clients a client user may see: by ClientNumber, and every client of a BillingCode. */
export const clientGrant = z
  .object({
    clientNumbers: z
      .array(
        z
          .string()
          .trim()
          .regex(/^\d{1,18}$/, 'a client number: digits only'),
      )
      .max(500)
      .default([]),
    billingCodes: z.array(z.string().trim().min(1).max(50)).max(100).default([]),
  })
  .refine((grant) => grant.clientNumbers.length + grant.billingCodes.length > 0, 'name at least one client number or billing code');

export const publishedStatistic = z.object({
  /** A statistic (formula id) of the active release. */
  id: z.string().min(1).max(100),
  /** What a client reads instead of the formula's title. */
  title: z.string().trim().min(1, 'a title is required').max(80),
  unit: z.string().trim().min(1, 'a unit is required').max(30),
});

export const portalSettings = z.object({
  enabled: z.boolean(),
  publishedStatistics: z.array(publishedStatistic).max(50),
  showAgentNames: z.boolean(),
  branding: z.object({
    name: z.string().trim().min(1, 'a name is required').max(100),
    logoUrl: portalLogoUrl.nullable(),
    colours: z.object({ primary: colour, accent: colour }),
  }),
  /** How often the current period's snapshot is refreshed (null: only when asked), and from where. */
  refresh: z.object({ everyMinutes: z.number().int().min(5).max(1440).nullable(), source: z.enum(['demo', 'extract']) }),
});

/** How fresh the current period's data is: `stale` once a scheduled refresh is overdue, `failed` when the last one failed. */
export const freshness = z.object({
  period: z.string(),
  refreshedAt: z.string().nullable(),
  status: z.enum(['fresh', 'stale', 'failed']),
  lastError: z.string().nullable(),
});

const clientUserView = z.object({
  id: z.string(),
  name: z.string(),
  grant: z.object({ clientNumbers: z.array(z.string()), billingCodes: z.array(z.string()) }),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

const inviteView = z.object({
  id: z.string(),
  grant: z.object({ clientNumbers: z.array(z.string()), billingCodes: z.array(z.string()) }),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdBy: z.string(),
});

const proxyHeaders = z.object({ 'x-forwarded-for': z.string().optional(), 'x-forwarded-proto': z.string().optional() });

export const portalBranding = endpoint({
  method: 'get',
  path: '/api/portal/branding',
  summary: "The portal's name, logo and colours, and whether it is open",
  access: 'public',
  tag: 'portal',
  reply: {
    json: z.object({ name: z.string(), logoUrl: z.string().nullable(), colours: z.object({ primary: z.string(), accent: z.string() }), enabled: z.boolean() }),
  },
});

export const portalInvite = endpoint({
  method: 'get',
  path: '/api/portal/invites/{token}',
  summary: 'An invitation to the portal: who invites, which clients, until when (404 invite_unknown; 410 invite_expired, invite_used, invite_revoked)',
  access: 'public',
  tag: 'portal',
  reply: { json: z.object({ serviceName: z.string(), scope: z.string(), expiresAt: z.string() }) },
});

export const acceptPortalInvite = endpoint({
  method: 'post',
  path: '/api/portal/invites/{token}/accept',
  summary: 'Accept an invitation: choose a name and password (the invitation is then used); log in afterwards',
  access: 'public',
  tag: 'portal',
  body: z.object({ name: userName, password: newPassword }),
  reply: { json: z.object({ name: z.string() }), status: 201 },
});

export const portalLogin = endpoint({
  method: 'post',
  path: '/api/portal/login',
  summary: 'Log in to the portal; sets the HttpOnly SameSite=Strict cookie ctb_portal and returns the CSRF token (429 after too many failures)',
  access: 'public',
  tag: 'portal',
  headers: proxyHeaders,
  body: z.object({ name: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
  reply: { json: z.object({ name: z.string(), csrf: z.string() }) },
});

export const portalLogout = endpoint({
  method: 'post',
  path: '/api/portal/logout',
  summary: 'End the portal session (204); like every portal write, it needs the X-CSRF-Token of the login',
  access: 'client',
  tag: 'portal',
  reply: { file: 'nothing: 204 No Content' },
});

export const portalMe = endpoint({
  method: 'get',
  path: '/api/portal/me',
  summary: 'The client user, the clients they see (in the newest period) and how fresh the current period is',
  access: 'client',
  tag: 'portal',
  reply: { json: z.object({ name: z.string(), clients: z.array(z.object({ clientNumber: z.string(), name: z.string() })), freshness }) },
});

export const portalPeriods = endpoint({
  method: 'get',
  path: '/api/portal/periods',
  summary: 'The periods the portal reads, newest first: the current one (refreshed on a schedule) and one snapshot per past period',
  access: 'client',
  tag: 'portal',
  reply: {
    json: z.object({
      periods: z.array(
        z.object({
          period: z.string(),
          from: z.string(),
          to: z.string(),
          kind: z.enum(['current', 'past']),
          finalised: z.boolean(),
          snapshotId: z.string(),
          refreshedAt: z.string().nullable(),
        }),
      ),
    }),
  },
});

const adminPortalView = z.object({ settings: portalSettings, freshness });

export const adminPortal = endpoint({
  method: 'get',
  path: '/api/admin/portal',
  summary: "The customer portal's settings (published statistics, branding, refresh schedule) and freshness",
  access: 'admin',
  tag: 'portal admin',
  reply: { json: adminPortalView },
});

export const saveAdminPortal = endpoint({
  method: 'put',
  path: '/api/admin/portal',
  summary: "Save the portal's settings (published statistics must be of the active release), audited",
  access: 'admin',
  tag: 'portal admin',
  body: z.object({ settings: portalSettings }),
  reply: { json: adminPortalView },
});

export const refreshPortal = endpoint({
  method: 'post',
  path: '/api/admin/portal/refresh',
  summary: "Refresh the current period's snapshot now (409 while one is running)",
  access: 'admin',
  tag: 'portal admin',
  reply: { json: z.object({ jobId: z.string() }), status: 202 },
});

export const listClientUsers = endpoint({
  method: 'get',
  path: '/api/admin/client-users',
  summary: 'Client users of the portal and invitations, with their scopes',
  access: 'admin',
  tag: 'portal admin',
  reply: { json: z.object({ users: z.array(clientUserView), invites: z.array(inviteView) }) },
});

export const createClientInvite = endpoint({
  method: 'post',
  path: '/api/admin/client-invites',
  summary: 'Invite a client user, scoped to client numbers or billing codes of the active snapshot; the link is shown once',
  access: 'admin',
  tag: 'portal admin',
  body: z.object({ grant: clientGrant, expiresInDays: z.number().int().min(1).max(30).default(7) }),
  reply: { json: z.object({ id: z.string(), url: z.string(), token: z.string(), expiresAt: z.string() }), status: 201 },
});

export const changeClientUser = endpoint({
  method: 'patch',
  path: '/api/admin/client-users/{id}',
  summary: 'Disable or enable a client user (disabling ends their sessions), or change their scope',
  access: 'admin',
  tag: 'portal admin',
  body: z
    .object({ disabled: z.boolean().optional(), grant: clientGrant.optional() })
    .refine((change) => change.disabled !== undefined || change.grant !== undefined, 'send disabled, grant, or both'),
  reply: { json: clientUserView },
});

export const revokeClientInvite = endpoint({
  method: 'delete',
  path: '/api/admin/client-invites/{id}',
  summary: 'Revoke an invitation that is not used yet (204)',
  access: 'admin',
  tag: 'portal admin',
  reply: { file: 'nothing: 204 No Content' },
});
