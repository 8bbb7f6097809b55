/** Login attempts per name and address: after 5 failures in 5 minutes, wait (429 with Retry-After). */
export interface LoginLimiter {
  /** Seconds to wait before another attempt, or 0. */
  retryAfter(key: string): number;
  failed(key: string): void;
  succeeded(key: string): void;
}

export function createLoginLimiter({ attempts = 5, windowMs = 300_000, now = () => Date.now() } = {}): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => (failures.get(key) ?? []).filter((t) => now() - t < windowMs);
  return {
    retryAfter(key) {
      const times = recent(key);
      failures.set(key, times);
      return times.length >= attempts ? Math.ceil((windowMs - (now() - (times[0] as number))) / 1000) : 0;
    },
    failed: (key) => failures.set(key, [...recent(key), now()]),
    succeeded: (key) => failures.delete(key),
  };
}
