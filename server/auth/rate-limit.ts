/**
 * Failed logins, counted per account and per client address: after 5 failures for one account (or
 * 20 from one address, over any accounts) within 5 minutes, every attempt waits, the right password
 * too (429 with Retry-After). Counting per account is what an attacker cannot dodge by changing
 * address; the address count stops one client trying one password on many accounts.
 */
export interface LoginAttempt {
  /** The account name as sent. */
  readonly name: string;
  /** The client's address (routes/session.ts: the socket's, or a trusted proxy's X-Forwarded-For). */
  readonly address: string;
}

export interface LoginLimiter {
  /** Seconds to wait before another attempt, or 0. */
  retryAfter(attempt: LoginAttempt): number;
  failed(attempt: LoginAttempt): void;
  /** Clears the account's failures (not the address's: one good account must not reset them). */
  succeeded(attempt: LoginAttempt): void;
}

export interface LoginLimits {
  readonly perAccount: number;
  readonly perAddress: number;
  readonly windowMs: number;
}

export const defaultLoginLimits: LoginLimits = { perAccount: 5, perAddress: 20, windowMs: 300_000 };

/** Keys remembered at most, so a flood of made-up names cannot grow the map without end. */
const MAX_KEYS = 10_000;

export function createLoginLimiter({ limits = defaultLoginLimits, now = () => Date.now() }: { limits?: LoginLimits; now?: () => number } = {}): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => (failures.get(key) ?? []).filter((t) => now() - t < limits.windowMs);
  const keysOf = (attempt: LoginAttempt): [string, number][] => [
    [`account:${attempt.name.toLowerCase()}`, limits.perAccount],
    [`address:${attempt.address}`, limits.perAddress],
  ];
  const wait = (key: string, allowed: number) => {
    const times = recent(key);
    return times.length >= allowed ? Math.ceil((limits.windowMs - (now() - (times[times.length - allowed] as number))) / 1000) : 0;
  };
  const forgetOldest = () => {
    for (const [key] of failures) {
      if (failures.size < MAX_KEYS) return;
      failures.delete(key);
    }
  };
  return {
    retryAfter: (attempt) => Math.max(...keysOf(attempt).map(([key, allowed]) => wait(key, allowed))),
    failed(attempt) {
      for (const [key] of keysOf(attempt)) {
        const times = [...recent(key), now()];
        failures.delete(key); // re-inserted last: the map's order is the order of last failure
        failures.set(key, times);
      }
      forgetOldest();
    },
    succeeded: (attempt) => failures.delete(keysOf(attempt)[0]?.[0] as string),
  };
}
