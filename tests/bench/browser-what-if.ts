/**
 * Benchmark: what-if as the user sees it. The workbench server runs on a copy of the snapshot,
 * Chromium (Debian's, as in the browser tests) opens the what-if view with the example setup, and
 * each run sets a new per-message price and times, in the page, how long until the view shows the
 * new totals (request, rating of every account, comparison, rendering).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureWebBuild } from '../../server/web-build.ts';
import { startServer } from '../../server/start.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { apiClient } from '../server/support/test-server.ts';
import { EXAMPLE_SETUP } from '../web/support/billing-setup.ts';
import { openBrowser } from '../web/support/browser.ts';
import { timeRateEdit } from '../web/support/rate-edit-timing.ts';
import { ADMIN, logIn } from '../web/support/workbench.ts';
import { median } from './stats.ts';

export interface BrowserWhatIfResult {
  readonly accounts: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
}

const RATE = 'standard-250 Messages delivered: price';

export async function benchBrowserWhatIf(dataFile: string, manifest: Manifest, runs: number): Promise<BrowserWhatIfResult> {
  if ((await ensureWebBuild()) === 'unavailable') throw new Error('the workbench UI cannot be built (is Vite installed?)');
  const dir = mkdtempSync(join(tmpdir(), 'billing-bench-browser-'));
  const workspace = resolveWorkspace(dir);
  cpSync(dirname(dataFile), join(dir, 'snapshots', manifest.id), { recursive: true });
  const server = await startServer({ workspace, port: 0, host: '127.0.0.1', demoOnFirstStart: false });
  const browser = await openBrowser(server.url).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  try {
    const api = apiClient(server.url);
    await api.post('/api/setup', ADMIN);
    const saved = await api.put('/api/setups/standard', { text: EXAMPLE_SETUP }, { 'if-match': '0' });
    if (saved.status !== 200) throw new Error(`the example setup was refused: ${JSON.stringify(saved.body)}`);
    const { page } = browser;
    await logIn(page, server.url);
    await page.getByRole('link', { name: 'What-if' }).click();
    await page.getByLabel('New scenario name').fill('bench');
    await page.getByRole('button', { name: 'Create scenario' }).click();
    await page.locator('.whatif-totals').waitFor({ timeout: 120_000 });
    const accounts = await page.locator('tr[data-account]').count();
    const runsMs: number[] = [];
    // The first price is the warm-up (statistics computed, rating memo filled); each later one is new.
    for (let run = 0; run <= runs; run++) {
      const elapsed = await timeRateEdit(page, RATE, `0.${30 + run}`, 120_000);
      if (run > 0) runsMs.push(elapsed);
      await page.getByRole('status').filter({ hasText: 'Scenario bench' }).waitFor();
    }
    if (browser.errors.length > 0) throw new Error(`the page logged errors: ${browser.errors.join('; ')}`);
    return { accounts, runsMs, medianMs: median(runsMs) };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
