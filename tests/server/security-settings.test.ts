import { describe, expect, it } from 'vitest';
import { defaultExecutionLimits } from '../../server/services/execution-pool.ts';
import { securitySettingsFromEnv } from '../../server/security-settings.ts';

describe('the limits billing start reads from its environment', () => {
  it('keeps every default when nothing is set', () => {
    expect(securitySettingsFromEnv({})).toEqual({
      trustedProxies: [],
      memoryBudgetMb: 4096,
      bodyLimits: { json: 1024 * 1024, upload: 48 * 1024 * 1024 },
      execution: defaultExecutionLimits,
    });
  });

  it('reads trusted proxies, the memory budget, body limits and the execution limits', () => {
    const settings = securitySettingsFromEnv({
      BILLING_TRUSTED_PROXIES: '10.0.0.2, 10.0.0.3',
      BILLING_MEMORY_MB: '2048',
      BILLING_UPLOAD_LIMIT_MB: '10',
      BILLING_RUNS_AT_ONCE: '3',
      BILLING_RUNS_PER_USER: '2',
      BILLING_RUN_BUDGET_S: '90',
    });
    expect(settings).toMatchObject({
      trustedProxies: ['10.0.0.2', '10.0.0.3'],
      memoryBudgetMb: 2048,
      bodyLimits: { upload: 10 * 1024 * 1024 },
      execution: { concurrency: 3, perUser: 2, budgetMs: 90_000, queue: defaultExecutionLimits.queue },
    });
  });

  it.each([
    ['BILLING_MEMORY_MB', 'lots'],
    ['BILLING_RUNS_AT_ONCE', '0'],
    ['BILLING_RUN_BUDGET_S', '-5'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => securitySettingsFromEnv({ [name]: value })).toThrow(`${name} must be a positive number, not "${value}"`);
  });
});
