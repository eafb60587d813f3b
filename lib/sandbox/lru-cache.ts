/**
 * A least-recently-used map bounded by the total weight of its values (a count, or the
 * transactions a value holds). A value heavier than the bound alone is not kept.
 */
export class LruCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #capacity: number;
  readonly #weigh: (value: V) => number;
  #weight = 0;

  /**
   * @param capacity The largest total weight held.
   * @param weigh The weight of a value.
   */
  constructor(capacity: number, weigh: (value: V) => number) {
    this.#capacity = capacity;
    this.#weigh = weigh;
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Total weight held. */
  get weight(): number {
    return this.#weight;
  }

  /** The value of `key`, now the most recently used, or undefined. */
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Stores `value` as the most recently used, dropping the least recently used over capacity. */
  set(key: string, value: V): void {
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#weight -= this.#weigh(previous);
    }
    const weight = this.#weigh(value);
    if (weight > this.#capacity) return;
    this.#entries.set(key, value);
    this.#weight += weight;
    for (const [oldest, old] of this.#entries) {
      if (this.#weight <= this.#capacity) break;
      this.#entries.delete(oldest);
      this.#weight -= this.#weigh(old);
    }
  }
}
