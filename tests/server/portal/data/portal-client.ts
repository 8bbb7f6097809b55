/**
 * Test support for the portal's data routes: the portal opened with chosen statistics, a client user
 * with a grant and a portal session (made in the store, as an accepted invite and a login would),
 * and an HTTP client that sends that session's cookie.
 */
import type { ClientGrant } from '../../../../engine/portal/client-grant.ts';
import { createClientSession, insertClientUser } from '../../../../server/store/client-users.ts';
import { portalSettings, savePortalSettings } from '../../../../server/services/portal-settings.ts';
import type { TestServer } from '../../support/test-server.ts';

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

/** A client user with `grant` and a portal session; GETs with its cookie. */
export async function portalClient(server: TestServer, name: string, grant: ClientGrant) {
  const ctx = server.context;
  const cookie = await ctx.db.transaction(async (tx) => {
    const user = await insertClientUser(tx, { name, password: 'a long client password', grant }, 'root', ctx.now());
    const session = await createClientSession(tx, user, ctx.now());
    return `ctb_portal=${session.token}`;
  });
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
