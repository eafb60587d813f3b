/** Options of {@link Paginated.toArray}. */
export interface ToArrayOptions {
  /** Stop after this many items. @default no limit */
  limit?: number;
}

/**
 * A lazy, re-iterable sequence that fetches as it is consumed: `for await` over it, or
 * collect it with `toArray()`. Leaving a loop early cancels the requests in flight.
 */
export class Paginated<T> implements AsyncIterable<T> {
  readonly #source: () => AsyncIterator<T>;

  /** @param source starts a fresh iteration each time it is called. */
  constructor(source: () => AsyncIterator<T>) {
    this.#source = source;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.#source();
  }

  /**
   * Collects the items, up to `limit`.
   * @throws {RangeError} when `limit` is not a non-negative whole number.
   */
  async toArray(options: ToArrayOptions = {}): Promise<T[]> {
    const { limit = Number.POSITIVE_INFINITY } = options;
    if (!(limit >= 0) || (Number.isFinite(limit) && !Number.isInteger(limit))) {
      throw new RangeError(`Cannot collect items as the limit is not a whole number: ${limit}`);
    }
    const items: T[] = [];
    if (limit === 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
