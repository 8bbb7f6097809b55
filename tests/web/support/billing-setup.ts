/** The example billing setup (examples/billing-setup.yaml), as the what-if and billing run tests store it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../../support/project.ts';
import { approveSetup } from '../../server/support/setup-approval.ts';
import type { BrowserSuite } from './suite.ts';

export const EXAMPLE_SETUP = readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8');

/**
 * Stores `text` (the example setup unless given) as the first version of setup `name`, and has a
 * second person approve it (a billing run uses only an approved version).
 */
export async function saveSetup(suite: BrowserSuite, name: string, text: string = EXAMPLE_SETUP): Promise<void> {
  const saved = await suite.api.put(`/api/setups/${name}`, { text }, { 'if-match': '0' });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  await approveSetup(suite.server.url, suite.api, suite.api, name, 1);
}
