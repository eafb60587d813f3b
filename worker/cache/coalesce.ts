/**
 * Request coalescing: identical concurrent cache misses share one upstream call. Scope is one
 * isolate (a `Map` of in-flight promises, as @unkey/cache's de-duplication); a global single
 * flight would need a Durable Object per key.
 *
 * @module
 */

/** The outcome of {@link Coalescer.run}. */
export interface CoalescedResult<T> {
  /** The loaded value, shared by every caller of the same flight. */
  value: T;
  /** `true` when this caller joined a flight another caller started (RFC 9211 `collapsed`). */
  collapsed: boolean;
}

/**
 * Runs at most one load per key at a time; callers arriving while it is in flight wait for
 * and share its result. The key is released as soon as the load settles, so results and
 * errors are never cached here: an error reaches every caller of that flight, and the next
 * call starts a new load.
 *
 * Workers: share plain data only. A `Response` or stream is bound to the request whose
 * handler created it and cannot be read from another request.
 *
 * @example
 * ```ts
 * const coalescer = new Coalescer();
 * const { value, collapsed } = await coalescer.run(key, () => fetchWindow());
 * ```
 */
export class Coalescer {
  readonly #inFlight = new Map<string, Promise<unknown>>();

  /** How many loads are in flight now. */
  get size(): number {
    return this.#inFlight.size;
  }

  /**
   * Returns the in-flight result for `key`, or starts `load` and shares its result.
   *
   * @param key Identifies identical requests (e.g. the cache key).
   * @param load Produces the value; called only when no load for `key` is in flight. A
   * synchronous throw is treated as a rejection.
   * @returns The value and whether this caller was collapsed onto another's load.
   * @throws Whatever `load` throws or rejects with, to every caller of that flight.
   */
  async run<T>(key: string, load: () => Promise<T>): Promise<CoalescedResult<T>> {
    const existing = this.#inFlight.get(key) as Promise<T> | undefined;
    if (existing !== undefined) return { value: await existing, collapsed: true };
    const flight = (async () => await load())();
    this.#inFlight.set(key, flight);
    // Registered before any caller awaits, so the key is free before they resume; both
    // handlers, so a rejection here is not reported as unhandled.
    const release = (): void => {
      if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
    };
    flight.then(release, release);
    return { value: await flight, collapsed: false };
  }
}
