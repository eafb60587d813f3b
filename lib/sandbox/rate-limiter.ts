/**
 * A sliding one-second window per key: at most `limit` requests in any 1,000 ms.
 * Also records the most requests it let through in any one-second window per key.
 */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #log = new Map<string, number[]>();
  readonly #peak = new Map<string, number>();

  /** @param limit requests per second per key; `Infinity` disables limiting. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Takes a slot for `key` at `now`; false when the window is full. */
  take(key: string, now: number): boolean {
    const log = this.#log.get(key) ?? [];
    while (log.length > 0 && (log[0] as number) <= now - 1_000) log.shift();
    if (log.length >= this.#limit) {
      this.#log.set(key, log);
      return false;
    }
    log.push(now);
    this.#log.set(key, log);
    if (log.length > (this.#peak.get(key) ?? 0)) this.#peak.set(key, log.length);
    return true;
  }

  /** The most requests let through in any one-second window, per key. */
  peaks(): Record<string, number> {
    return Object.fromEntries(this.#peak);
  }

  /** Forgets the windows and the peaks. */
  reset(): void {
    this.#log.clear();
    this.#peak.clear();
  }
}
