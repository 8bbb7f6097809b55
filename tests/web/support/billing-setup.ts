/** The example billing setup (examples/billing-setup.yaml), as the what-if and billing run tests store it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../../support/project.ts';
import type { BrowserSuite } from './suite.ts';

export const EXAMPLE_SETUP = readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8');

/** Stores `text` (the example setup unless given) as the first version of setup `name`. */
export async function saveSetup(api: BrowserSuite['api'], name: string, text: string = EXAMPLE_SETUP): Promise<void> {
  expect((await api.put(`/api/setups/${name}`, { text }, { 'if-match': '0' })).status).toBe(200);
}
