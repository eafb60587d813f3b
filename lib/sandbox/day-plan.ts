import type { App } from "../model/canonical.ts";
import { DAY_MS, MINUTE_MS } from "../windows.ts";
import { createRandom } from "./random.ts";

/**
 * A day is generated in independent blocks of this length: 15 minutes, so a block lies in one
 * day of every time zone in use (their offsets are whole quarter hours).
 */
export const BLOCK_MS = 15 * MINUTE_MS;
/** Blocks in a UTC day. */
export const BLOCKS_PER_DAY = DAY_MS / BLOCK_MS;

/** How many transactions a UTC day holds and how they split into blocks, known without generating them. */
export interface DayPlan {
  dayStart: number;
  /** Transactions attempted on the day. */
  total: number;
  /** `starts[b]` is the day index of block b's first transaction; `starts[BLOCKS_PER_DAY]` is `total`. */
  starts: Int32Array;
}

/**
 * Plans the UTC day starting at `dayStart`: its count (volume ± 15 %) and each block's share
 * (a weight of 0.75..1.25 per block, apportioned by largest remainder). Deterministic.
 */
export function planDay(
  key: { seed: number; accountId: string; app: App; volume: number },
  dayStart: number,
): DayPlan {
  const random = createRandom(key.seed, key.accountId, key.app, dayStart);
  const total = Math.max(0, Math.round(key.volume * (0.85 + 0.3 * random.next())));
  const weights = Array.from({ length: BLOCKS_PER_DAY }, () => 0.75 + 0.5 * random.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((weight) => Math.floor((total * weight) / sum));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = weights
    .map((weight, block) => ({ block, rest: (total * weight) / sum - (counts[block] ?? 0) }))
    .sort((a, b) => b.rest - a.rest || a.block - b.block);
  for (const { block } of byRemainder) {
    if (left <= 0) break;
    counts[block] = (counts[block] ?? 0) + 1;
    left -= 1;
  }
  const starts = new Int32Array(BLOCKS_PER_DAY + 1);
  for (let block = 0; block < BLOCKS_PER_DAY; block++) {
    starts[block + 1] = (starts[block] ?? 0) + (counts[block] ?? 0);
  }
  return { dayStart, total, starts };
}
