import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileDocuments, saveBillingDocument, storedDocuments } from '../../../server/services/documents.ts';
import { PROJECT_ROOT } from '../../support/project.ts';
import { example, NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
beforeAll(async () => {
  ws = await serviceWorkspace();
});
afterAll(() => ws.close());

describe('setups and scenarios', () => {
  const deps = () => ({ db: ws.db, now: () => NOW });

  it('saves versions of a setup and reads the latest back as the services read it', async () => {
    await saveBillingDocument(deps(), 'alice', { kind: 'setup', name: 'main', text: example('billing-setup.yaml'), expected: 0 });
    const second = await saveBillingDocument(deps(), 'alice', { kind: 'setup', name: 'main', text: `${example('billing-setup.yaml')}\n`, expected: 1 });
    expect(second).toMatchObject({ kind: 'setup', name: 'main', version: 2, author: 'alice' });
    expect(await storedDocuments(ws.db)('setup', 'main')).toEqual({ text: `${example('billing-setup.yaml')}\n`, file: 'main.yaml', label: 'main@2' });
  });

  it('refuses a scenario that does not parse, naming its line and field, and a version edited from a stale one', async () => {
    await expect(
      saveBillingDocument(deps(), 'alice', { kind: 'scenario', name: 'bad', text: 'name: bad\nparams: { TimeCap: 5 }\n', expected: 0 }),
    ).rejects.toMatchObject({
      code: 'file_field',
      location: { file: 'bad.yaml', line: 2, field: 'params.TimeCap' },
    });
    await saveBillingDocument(deps(), 'alice', { kind: 'scenario', name: 'live', text: example('scenario-live-rate.yaml'), expected: 0 });
    await expect(
      saveBillingDocument(deps(), 'bob', { kind: 'scenario', name: 'live', text: example('scenario-live-rate.yaml'), expected: 0 }),
    ).rejects.toMatchObject({
      code: 'edit_conflict',
    });
  });

  it('reads a file named on the command line, and says so in one line when there is none', async () => {
    const path = join(PROJECT_ROOT, 'examples', 'billing-setup.yaml');
    expect(await fileDocuments('setup', path)).toEqual({ text: example('billing-setup.yaml'), file: path, label: path });
    await expect(fileDocuments('scenario', '/no/such/scenario.yaml')).rejects.toMatchObject({
      code: 'bad_param_value',
      message: '--scenario /no/such/scenario.yaml: no such file',
    });
  });
});
