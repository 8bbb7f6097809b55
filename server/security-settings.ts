/**
 * The server's limits as `billing start` reads them from its environment, each over its default
 * (docs/server.md, Security model). A value that is not a positive number is an error, not ignored.
 */
import type { Settings } from './context.ts';
import { ApiError } from './errors.ts';
import { defaultBodyLimits } from './http/body-limits.ts';
import { defaultExecutionLimits } from './services/execution-pool.ts';

type Env = Readonly<Record<string, string | undefined>>;

const MIB = 1024 * 1024;

/**
 * @example securitySettingsFromEnv({ BILLING_TRUSTED_PROXIES: '10.0.0.2', BILLING_RUNS_AT_ONCE: '3' }) // { trustedProxies: ['10.0.0.2'], execution: { concurrency: 3, … }, … }
 */
export function securitySettingsFromEnv(env: Env): Partial<Settings> {
  const number = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new ApiError(400, 'bad_setting', `${name} must be a positive number, not "${text.slice(0, 40)}"`, name);
    return value;
  };
  return {
    trustedProxies: (env.BILLING_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter((address) => address.length > 0),
    memoryBudgetMb: number('BILLING_MEMORY_MB', 4096),
    bodyLimits: {
      json: number('BILLING_JSON_LIMIT_MB', defaultBodyLimits.json / MIB) * MIB,
      upload: number('BILLING_UPLOAD_LIMIT_MB', defaultBodyLimits.upload / MIB) * MIB,
    },
    execution: {
      ...defaultExecutionLimits,
      concurrency: Math.floor(number('BILLING_RUNS_AT_ONCE', defaultExecutionLimits.concurrency)),
      perUser: Math.floor(number('BILLING_RUNS_PER_USER', defaultExecutionLimits.perUser)),
      budgetMs: number('BILLING_RUN_BUDGET_S', defaultExecutionLimits.budgetMs / 1000) * 1000,
    },
  };
}
