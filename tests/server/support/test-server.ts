/** Test support: a real server on a fresh workspace (with a tiny demo snapshot) and an HTTP client with a cookie jar. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { startServer, type RunningServer, type StartOptions } from '../../../server/start.ts';

export interface TestServer extends RunningServer {
  readonly snapshotId: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** Settings and the clock may be given to test limits; the rest are the server's defaults. */
export async function startTestServer(options: Pick<StartOptions, 'settings' | 'now'> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-server-'));
  const workspace = resolveWorkspace(dir);
  const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 7 });
  const server = await startServer({ workspace, port: 0, host: '127.0.0.1', demoOnFirstStart: false, ...options });
  return {
    ...server,
    snapshotId: manifest.id,
    dir,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely; the contract test checks their shapes
  readonly body: any;
  readonly headers: Headers;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export function apiClient(baseUrl: string, { bearer }: { bearer?: string } = {}) {
  let cookie = '';
  let csrf = '';
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] as string;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) csrf = String((parsed as { csrfToken: string }).csrfToken);
    // The customer portal's login names its token `csrf`.
    if (parsed && typeof parsed === 'object' && 'csrf' in parsed) csrf = String((parsed as { csrf: string }).csrf);
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    request,
    get: (path: string) => request('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => request('POST', path, body ?? {}, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => request('PUT', path, body, headers),
    login: (name: string, password: string) => request('POST', '/api/login', { name, password }),
    /** Forget the CSRF token (to test that writes without it are refused). */
    dropCsrf: () => {
      csrf = '';
    },
  };
}

/** Waits for a job to end and returns it. */
// biome-ignore lint/suspicious/noExplicitAny: a job's result is read freely by each test
export async function waitForJob(client: ReturnType<typeof apiClient>, id: string, timeoutMs = 60_000): Promise<any> {
  const started = Date.now();
  for (;;) {
    const { body } = await client.get(`/api/jobs/${id}`);
    if (body.status !== 'running') return body;
    if (Date.now() - started > timeoutMs) throw new Error(`job ${id} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
