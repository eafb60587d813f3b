import type { App, Transaction } from "../model/canonical.ts";
import { DAY_MS, startOfUtcDay } from "../windows.ts";
import { type DayProfile, generateDay, type SimTransaction } from "./generate.ts";
import { visibleAt } from "./visibility.ts";

/** How the store generates and remembers days. */
export interface StoreOptions {
  seed: number;
  volume: number;
  delayMs: number;
  /** Generated days kept in memory (least recently used are dropped). */
  cacheDays: number;
  describeFailure: DayProfile["describeFailure"];
}

/** The sandbox's ground truth: generated days, cached, filtered to what is visible at a time. */
export class TransactionStore {
  readonly #options: StoreOptions;
  readonly #days = new Map<string, SimTransaction[]>();

  constructor(options: StoreOptions) {
    this.#options = options;
  }

  /** Every transaction of `accountId`/`app` attempted in [from, to), as visible at `now`. */
  visible(accountId: string, app: App, from: number, to: number, now: number): Transaction[] {
    const out: Transaction[] = [];
    for (let day = startOfUtcDay(from); day < to; day += DAY_MS) {
      for (const tx of this.day(accountId, app, day)) {
        const attempted = tx.attemptedTime as number;
        if (attempted < from) continue;
        if (attempted >= to) break;
        const visible = visibleAt(tx, now, this.#options.delayMs);
        if (visible === null) break;
        out.push(visible);
      }
    }
    return out;
  }

  /** The full truth of one UTC day, every event included. */
  day(accountId: string, app: App, dayStart: number): SimTransaction[] {
    const key = `${accountId}:${app}:${dayStart}`;
    const cached = this.#days.get(key);
    if (cached !== undefined) {
      this.#days.delete(key);
      this.#days.set(key, cached);
      return cached;
    }
    const { seed, volume, describeFailure } = this.#options;
    const generated = generateDay({ seed, accountId, app, volume, describeFailure }, dayStart);
    this.#days.set(key, generated);
    if (this.#days.size > this.#options.cacheDays) {
      const oldest = this.#days.keys().next().value;
      if (oldest !== undefined) this.#days.delete(oldest);
    }
    return generated;
  }
}
