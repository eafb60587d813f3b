/**
 * Which pass-through credentials LivePerson accepted lately, per account: cached data is served
 * to a pass-through caller only while its own credential is known to work upstream.
 * @module
 */

import { sha256Hex } from "./digest.ts";

/** Options of {@link PassThroughLedger}. */
export interface PassThroughLedgerOptions {
  /** How long after an upstream success cached data may be served, in ms (`PASSTHROUGH_TTL_SECONDS`). */
  ttlMs: number;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
  /** The most (credential, account) pairs remembered; the oldest are forgotten first. @default 10_000 */
  maxEntries?: number;
}

/**
 * Remembers, as SHA-256 digests of (credential, account) and never the credential itself, that
 * a pass-through credential succeeded upstream for an account. Cached data is served to it only
 * within `ttlMs` of that success. In memory, per isolate: a fresh isolate asks upstream again.
 * @example
 * ```ts
 * const ledger = new PassThroughLedger({ ttlMs: 300_000 });
 * await ledger.record("Bearer eyJ...", "10000001");
 * await ledger.recentlySucceeded("Bearer eyJ...", "10000001"); // true
 * await ledger.recentlySucceeded("Bearer eyJ...", "20000002"); // false
 * ```
 */
export class PassThroughLedger {
  // Digest (hex) -> epoch ms of the last upstream success. Insertion order is success order.
  readonly #successes = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #maxEntries: number;

  /**
   * @param options The time to live, the clock and the size bound.
   * @throws {RangeError} When `ttlMs` is negative or not finite, or `maxEntries` is not a
   *   positive integer.
   */
  constructor({ ttlMs, now = Date.now, maxEntries = 10_000 }: PassThroughLedgerOptions) {
    if (!Number.isFinite(ttlMs) || ttlMs < 0) {
      throw new RangeError(
        `Cannot create PassThroughLedger as ttlMs is not a finite ms >= 0: ${ttlMs}`,
      );
    }
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(
        `Cannot create PassThroughLedger as maxEntries is not a positive integer: ${maxEntries}`,
      );
    }
    this.#ttlMs = ttlMs;
    this.#now = now;
    this.#maxEntries = maxEntries;
  }

  /**
   * Notes that `credential` just succeeded upstream for `accountId`.
   * @param credential The caller's `Authorization` header value.
   * @param accountId The account it read.
   */
  async record(credential: string, accountId: string): Promise<void> {
    const key = await ledgerKey(credential, accountId);
    const now = this.#now();
    this.#forgetExpired(now);
    // Re-inserting moves the pair to the end, keeping the map in success order.
    this.#successes.delete(key);
    this.#successes.set(key, now);
    for (const oldest of this.#successes.keys()) {
      if (this.#successes.size <= this.#maxEntries) break;
      this.#successes.delete(oldest);
    }
  }

  /**
   * Whether `credential` succeeded upstream for `accountId` less than `ttlMs` ago.
   * @param credential The caller's `Authorization` header value.
   * @param accountId The account it asks for.
   * @returns True within the time to live of the last recorded success.
   */
  async recentlySucceeded(credential: string, accountId: string): Promise<boolean> {
    const key = await ledgerKey(credential, accountId);
    const succeededAt = this.#successes.get(key);
    if (succeededAt === undefined) return false;
    if (this.#now() - succeededAt < this.#ttlMs) return true;
    this.#successes.delete(key);
    return false;
  }

  #forgetExpired(now: number): void {
    for (const [key, succeededAt] of this.#successes) {
      if (now - succeededAt < this.#ttlMs) break;
      this.#successes.delete(key);
    }
  }
}

/** The digest a pair is remembered by; JSON keeps ("a", "bc") apart from ("ab", "c"). */
function ledgerKey(credential: string, accountId: string): Promise<string> {
  return sha256Hex(JSON.stringify([credential, accountId]));
}
