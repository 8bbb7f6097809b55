/**
 * Test support for the portal's access: a test server with its first administrator, the tiny
 * snapshot's clients, and a browser-like portal client that keeps the `ctb_portal` cookie and sends
 * the CSRF token the portal login gave on writes.
 */
import { listClients } from '../../../../engine/rating/clients.ts';
import type { ClientInfo } from '../../../../engine/rating/model.ts';
import { type ApiResponse, apiClient, startTestServer, type TestServer } from '../../support/test-server.ts';

export const ADMIN = { name: 'root', password: 'a long admin password' };
export const CLIENT_PASSWORD = 'a long client password';

/** A server on a fresh workspace, its administrator logged in, and the snapshot's clients. */
export async function startPortalServer(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options);
  const admin = apiClient(server.url);
  await admin.post('/api/setup', ADMIN);
  const clients: readonly ClientInfo[] = await server.context.snapshots.use(server.snapshotId, ({ sandbox }) => listClients(sandbox));
  return { server, admin, clients };
}

/** The settings as they are, with `change` applied, saved by the administrator. */
export async function changePortal(admin: ReturnType<typeof apiClient>, change: Record<string, unknown>): Promise<ApiResponse> {
  const { body } = await admin.get('/api/admin/portal');
  return admin.put('/api/admin/portal', { settings: { ...body.settings, ...change } });
}

/** A browser at the portal: the portal cookie, and the CSRF token its login gave (sent on writes). */
export function portalBrowser(server: TestServer) {
  const browser = apiClient(server.url);
  return { ...browser, login: (name: string, password = CLIENT_PASSWORD) => browser.request('POST', '/api/portal/login', { name, password }) };
}

/** An invitation made by the administrator for `grant`, accepted as `name`: the new client user logged in. */
export async function invitedClient(
  server: TestServer,
  admin: ReturnType<typeof apiClient>,
  name: string,
  grant: { clientNumbers?: string[]; billingCodes?: string[] },
) {
  const invite = await admin.post('/api/admin/client-invites', { grant });
  if (invite.status !== 201) throw new Error(`invite: ${invite.status} ${JSON.stringify(invite.body)}`);
  const browser = portalBrowser(server);
  const accepted = await browser.post(`/api/portal/invites/${invite.body.token}/accept`, { name, password: CLIENT_PASSWORD });
  if (accepted.status !== 201) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const login = await browser.login(name);
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  return browser;
}

/** The audit entries of `action`, oldest first. */
// biome-ignore lint/suspicious/noExplicitAny: audit details are read freely
export async function auditOf(admin: ReturnType<typeof apiClient>, action: string): Promise<any[]> {
  const { body } = await admin.get('/api/audit?limit=1000');
  return body.entries.filter((entry: { action: string }) => entry.action === action).reverse();
}
