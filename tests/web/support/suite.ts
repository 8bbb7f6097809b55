/**
 * One browser suite: a real server on a tiny demo snapshot, Chromium on it, and after every test
 * the check that no page logged a console error or threw (a test that expects a failed request
 * takes its message out of `browser.errors` itself).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../../server/support/test-server.ts';
import { openBrowser, type Browser } from './browser.ts';
import { ADMIN, logIn } from './workbench.ts';

export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
  /** An API client logged in as the administrator (when the suite created one). */
  readonly api: ReturnType<typeof apiClient>;
}

export function browserSuite({ administrator }: { administrator: 'created and logged in' | 'none yet' }): BrowserSuite {
  const suite = {} as { -readonly [K in keyof BrowserSuite]: BrowserSuite[K] };
  beforeAll(async () => {
    suite.server = await startTestServer();
    suite.api = apiClient(suite.server.url);
    suite.browser = await openBrowser(suite.server.url);
    if (administrator === 'created and logged in') {
      await suite.api.post('/api/setup', ADMIN);
      await logIn(suite.browser.page, suite.server.url);
    }
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  afterEach(() => {
    expect(suite.browser.errors, 'console errors and uncaught exceptions on the page').toEqual([]);
  });
  return suite;
}
