/**
 * Test support for the portal's data routes: the portal opened with chosen statistics, a client user
 * invited by an administrator with a grant, who accepts the invite and logs in to the portal, and an
 * HTTP client that sends that portal session's cookie.
 */
import { expect } from 'vitest';
import type { ClientGrant } from '../../../../engine/portal/client-grant.ts';
import { portalSettings, savePortalSettings } from '../../../../server/services/portal-settings.ts';
import type { apiClient, TestServer } from '../../support/test-server.ts';

export interface PortalResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely; the server checks answers against the contract
  readonly body: any;
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly headers: Headers;
}

/** Opens the portal publishing `statistics` (ids of the active release, titled as themselves). */
export async function openPortal(server: TestServer, statistics: readonly string[], { showAgentNames = false } = {}): Promise<void> {
  const ctx = server.context;
  const settings = await portalSettings(ctx);
  await savePortalSettings(ctx, 'root', {
    ...settings,
    enabled: true,
    showAgentNames,
    publishedStatistics: statistics.map((id) => ({ id, title: `${id} title`, unit: 'units' })),
  });
}

/** A client user invited by `admin` with `grant`, logged in to the portal; GETs with its session cookie. */
export async function portalClient(server: TestServer, admin: ReturnType<typeof apiClient>, name: string, grant: ClientGrant) {
  const invite = await admin.post('/api/admin/client-invites', { grant });
  expect(invite.status, JSON.stringify(invite.body)).toBe(201);
  const post = (path: string, body: unknown) =>
    fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const account = { name, password: 'a long client password' };
  expect((await post(`/api/portal/invites/${invite.body.token}/accept`, account)).status).toBe(201);
  const login = await post('/api/portal/login', account);
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  expect(cookie).toMatch(/^ctb_portal=/);
  return {
    cookie,
    async get(path: string): Promise<PortalResponse> {
      const response = await fetch(new URL(path, server.url), { headers: { cookie } });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* a file */
      }
      return { status: response.status, body, text, bytes, headers: response.headers };
    },
  };
}
