/** A seeded pseudo-random source: deterministic for a given seed, in every runtime. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One of `items`, picked with the given relative `weights` (uniform when absent). */
  pick<T>(items: readonly T[], weights?: readonly number[]): T;
}

/** A 32-bit FNV-1a hash of `text`, for deriving seeds from names. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A small, fast generator (mulberry32) seeded from `seed` and any number of labels,
 * so each (account, app, day) gets its own independent, reproducible stream.
 */
export function createRandom(seed: number, ...labels: readonly (string | number)[]): Random {
  let state = hashString(`${seed}:${labels.join(":")}`) || 1;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[], weights?: readonly number[]): T {
      if (weights === undefined) return items[Math.floor(next() * items.length)] as T;
      let total = 0;
      for (const weight of weights) total += weight;
      let roll = next() * total;
      for (let i = 0; i < items.length; i++) {
        roll -= weights[i] ?? 0;
        if (roll < 0) return items[i] as T;
      }
      return items[items.length - 1] as T;
    },
  };
}
