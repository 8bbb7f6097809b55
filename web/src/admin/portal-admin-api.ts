/** The customer portal's administration over the API (admins only): settings, refresh, invites and client users. */
import type { z } from 'zod';
import type { Output } from '../../../server/api/endpoint.ts';
import {
  adminPortal,
  changeClientUser,
  createClientInvite,
  listClientUsers,
  type portalSettings,
  refreshPortal,
  revokeClientInvite,
  saveAdminPortal,
} from '../../../server/api/portal-access-api.ts';
import { call, endpoints } from '../api/client.ts';

export type PortalSettings = z.input<typeof portalSettings>;
export type PortalAdmin = Output<typeof adminPortal>;
export type ClientUsers = Output<typeof listClientUsers>;
export type ClientUser = ClientUsers['users'][number];
export type ClientInvite = ClientUsers['invites'][number];
export type Grant = ClientUser['grant'];

export const readPortal = () => call(adminPortal);

export const savePortal = (settings: PortalSettings) => call(saveAdminPortal, { body: { settings } });

export const refreshNow = () => call(refreshPortal);

export const listPortalUsers = () => call(listClientUsers);

export const invite = (grant: Grant, expiresInDays: number) => call(createClientInvite, { body: { grant, expiresInDays } });

export const changePortalUser = (id: string, change: { disabled?: boolean; grant?: Grant }) => call(changeClientUser, { params: { id }, body: change });

export const revokeInvite = (id: string) => call(revokeClientInvite, { params: { id } });

/** The statistics of the active release, to publish from. */
export const releaseStatistics = async () => (await call(endpoints.listFormulas)).formulas.map(({ id, title, unit }) => ({ id, title, unit }));

/** "1001, 1002" → ['1001', '1002']: a list typed with commas or spaces. */
export const listOf = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);

/** A grant in words: "clients 1001, 1002; billing code GOLD". */
export function grantText(grant: Grant): string {
  const parts = [
    grant.clientNumbers.length > 0 ? `client${grant.clientNumbers.length > 1 ? 's' : ''} ${grant.clientNumbers.join(', ')}` : '',
    grant.billingCodes.length > 0 ? `billing code${grant.billingCodes.length > 1 ? 's' : ''} ${grant.billingCodes.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** The server's message for a field when its problem names that field or one inside it (`settings.branding.name`, `grant.clientNumbers.1`). */
export function errorAt(problem: { field?: string; detail: string } | null | undefined, field: string): string | null {
  if (!problem?.field) return null;
  return problem.field === field || problem.field.startsWith(`${field}.`) ? problem.detail : null;
}
