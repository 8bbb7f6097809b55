/**
 * How the portal talks to the server: JSON over fetch with the portal's own session cookie
 * (`ctb_portal`), its CSRF token on writes, and problem documents as {@link Problem}s. It imports
 * nothing of the workbench, so the portal's bundle stays small.
 */
import type { Problem } from '../api/client.ts';
import type { Branding, Drilldown, Invite, Me, Period, PortalInvoice, Statistics, Trend } from './portal-types.ts';

export class PortalProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'PortalProblem';
  }
}

/** Any thrown value as a problem a person can read. */
export function problemOf(error: unknown): Problem {
  if (error instanceof PortalProblem) return error.problem;
  return { status: 0, code: 'client_error', detail: error instanceof Error ? error.message : String(error) };
}

/** Where the page keeps the session's CSRF token for a reload and other tabs (the session itself is the HttpOnly cookie). */
const STORED = 'ctb-portal-csrf';
let csrf = localStorage.getItem(STORED) ?? '';
let onSignedOut: () => void = () => {};

/** Called when the server says the portal session is over (401 on a page's data). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

type Query = Readonly<Record<string, string | number | undefined>>;

/** The address of `path` with the defined values of `query`: for fetches and for download links. */
export function addressOf(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: 'GET' | 'POST', path: string, { query, body }: { query?: Query; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(addressOf(path, query), {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && csrf ? { 'x-csrf-token': csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new PortalProblem({ status: 0, code: 'unreachable', detail: 'The server cannot be reached. Try again in a moment.' });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const found = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
    if (response.status === 401 && !PUBLIC.some((prefix) => path.startsWith(prefix))) {
      forget();
      onSignedOut();
    }
    throw new PortalProblem({
      status: response.status,
      code: typeof found.code === 'string' ? found.code : `http_${response.status}`,
      detail: typeof found.detail === 'string' ? found.detail : `${response.status} ${response.statusText}`,
      ...(typeof found.field === 'string' ? { field: found.field } : {}),
    });
  }
  return json as T;
}

/** Paths a visitor without a session calls: a 401 there is an answer (wrong password), not a session that ended. */
const PUBLIC = ['/api/portal/login', '/api/portal/invites/', '/api/portal/branding'];

export const branding = () => request<Branding>('GET', '/api/portal/branding');

export const invite = (token: string) => request<Invite>('GET', `/api/portal/invites/${encodeURIComponent(token)}`);

export const acceptInvite = (token: string, body: { name: string; password: string }) =>
  request<{ name: string }>('POST', `/api/portal/invites/${encodeURIComponent(token)}/accept`, { body });

function forget(): void {
  csrf = '';
  localStorage.removeItem(STORED);
}

export async function logIn(body: { name: string; password: string }): Promise<{ name: string }> {
  const reply = await request<{ name: string; csrf: string }>('POST', '/api/portal/login', { body });
  csrf = reply.csrf;
  localStorage.setItem(STORED, csrf);
  return reply;
}

export async function logOut(): Promise<void> {
  try {
    await request<undefined>('POST', '/api/portal/logout', { body: {} });
  } finally {
    forget();
  }
}

/** The signed-in client user, or null without a session in this browser (a visitor is not asked about, so no request fails). */
export const me = async (): Promise<Me | null> => (csrf ? request<Me>('GET', '/api/portal/me') : null);

export const periods = async () => (await request<{ periods: Period[] }>('GET', '/api/portal/periods')).periods;

export const statistics = (period: string) => request<Statistics>('GET', '/api/portal/statistics', { query: { period } });

export const trend = (query: { statistic: string; grain: 'day' | 'month'; client?: string; from?: string; to?: string }) =>
  request<Trend>('GET', '/api/portal/trends', { query });

export interface DrilldownQuery {
  readonly statistic: string;
  readonly period: string;
  readonly client?: string;
  readonly kind?: string;
  readonly page?: number;
  readonly pageSize?: number;
}

export const drilldown = (query: DrilldownQuery) => request<Drilldown>('GET', '/api/portal/drilldown', { query: { ...query } });

/** The address of the drill-down's whole set as a file. */
export const drilldownFile = (format: 'csv' | 'xlsx', query: DrilldownQuery) =>
  addressOf(`/api/portal/drilldown.${format}`, { statistic: query.statistic, period: query.period, client: query.client, kind: query.kind });

export const invoices = async () => (await request<{ invoices: PortalInvoice[] }>('GET', '/api/portal/invoices')).invoices;

export const invoicePdf = (number: string) => `/api/portal/invoices/${encodeURIComponent(number)}/pdf`;
