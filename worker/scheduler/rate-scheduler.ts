/**
 * The Durable Object that smooths upstream calls: one object per (region, account, API),
 * each holding a next-allowed-time schedule (GCRA with a burst of 1, as in Cloudflare's Durable
 * Object rate-limiter example, client-and-edge-anchors.md §3). Callers reserve a slot, sleep until
 * it comes and then call, so bursts queue instead of drawing 429s from LivePerson.
 *
 * @module
 */

import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

/** What a caller asks of {@linkcode RateScheduler.reserve}. */
export interface ReserveOptions {
  /**
   * Upstream calls allowed in any sliding 1 s window. A fractional rate above 1 is rounded
   * down (a window cannot hold part of a call); below 1 it spaces calls `1000 / rate` ms apart.
   * `Infinity` disables spacing.
   */
  ratePerSecond: number;
  /** The longest wait granted; a slot further away is refused and nothing is reserved. */
  budgetMs: number;
  /**
   * How late a call may start (timer delay, network jitter) without the upstream seeing more
   * than `ratePerSecond` in any 1 s: slots are spaced as if the window were `1000 + toleranceMs`
   * long. @default 0
   */
  toleranceMs?: number;
}

/** A granted slot (wait `waitMs`, then call) or a refusal (answer 429, retry later). */
export type Reservation =
  | { granted: true; waitMs: number }
  | { granted: false; retryAfterMs: number };

/** Storage key of the end of the latest pause; kept so that a pause outlives an eviction. */
const PAUSED_UNTIL_KEY = "pausedUntil";
/** Storage key of the next free slot; kept so that granted slots outlive a restart. */
const NEXT_AT_KEY = "nextAt";

/** Milliseconds between two slots, after checking the options. */
function intervalOf(options: ReserveOptions): number {
  const { ratePerSecond, budgetMs, toleranceMs = 0 } = options;
  if (typeof ratePerSecond !== "number" || Number.isNaN(ratePerSecond) || ratePerSecond <= 0) {
    throw new RangeError(
      `Cannot reserve a slot as ratePerSecond is not a positive number: ${ratePerSecond}`,
    );
  }
  if (typeof budgetMs !== "number" || Number.isNaN(budgetMs) || budgetMs < 0) {
    throw new RangeError(
      `Cannot reserve a slot as budgetMs is not a non-negative number: ${budgetMs}`,
    );
  }
  if (typeof toleranceMs !== "number" || !Number.isFinite(toleranceMs) || toleranceMs < 0) {
    throw new RangeError(
      `Cannot reserve a slot as toleranceMs is not a finite, non-negative number: ${toleranceMs}`,
    );
  }
  if (ratePerSecond === Infinity) return 0;
  return (1000 + toleranceMs) / (ratePerSecond >= 1 ? Math.floor(ratePerSecond) : ratePerSecond);
}

/**
 * One upstream rate schedule. Slots are handed out first come, first served (a Durable Object
 * runs one call at a time), each at least `1000 / rate` ms after the previous one, so at most
 * `ratePerSecond` calls start in any sliding 1 s window. Granted slots are persisted: every
 * grant stores the next free slot in the object's SQLite storage (synchronously, behind the
 * output gate, so no caller hears of a slot that is not stored), and a restarted or evicted
 * object starts from it, so a restart mid-burst never lets more than the rate through. Pauses
 * are stored too.
 *
 * @example Reserve through a stub (schedule.ts `waitForSlot` does this and sleeps)
 * ```ts
 * const stub = env.SCHEDULER.getByName("va|12345678|transactions");
 * const slot = await stub.reserve({ ratePerSecond: 10, budgetMs: 10_000 });
 * if (!slot.granted) return tooManyRequests(Math.ceil(slot.retryAfterMs / 1000));
 * await sleep(slot.waitMs); // then call upstream
 * ```
 */
export class RateScheduler extends DurableObject<Env> {
  /** Earliest time (epoch ms) of the next slot. */
  #nextAt = 0;
  /** End of the latest stored pause, while it is still stored. */
  #pausedUntil: number | undefined;

  /**
   * @param ctx The object's state; its SQLite-backed storage holds the next slot and the pause.
   * @param env The Worker's bindings (unused).
   */
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const pausedUntil = ctx.storage.kv.get<number>(PAUSED_UNTIL_KEY);
    if (typeof pausedUntil === "number") {
      this.#pausedUntil = pausedUntil;
      this.#nextAt = pausedUntil;
    }
    const nextAt = ctx.storage.kv.get<number>(NEXT_AT_KEY);
    if (typeof nextAt === "number") this.#nextAt = Math.max(this.#nextAt, nextAt);
  }

  /**
   * Reserves the next slot: at most `ratePerSecond` upstream calls in any sliding 1 s window.
   *
   * @param options The rate, the caller's wait budget and the lateness to tolerate.
   * @returns `{ granted: true, waitMs }`: wait `waitMs`, then call. `{ granted: false,
   *   retryAfterMs }` when the wait would exceed `budgetMs`; nothing is reserved, and
   *   `retryAfterMs` is how long until a reservation would fit within the budget if nobody else
   *   reserved meanwhile (answer 429 with `Retry-After: ceil(retryAfterMs / 1000)`).
   * @throws {RangeError} (as a rejection) when an option is out of range.
   */
  reserve(options: ReserveOptions): Promise<Reservation> {
    let interval: number;
    try {
      interval = intervalOf(options);
    } catch (error) {
      return Promise.reject(error);
    }
    const now = Date.now();
    this.#forgetPastPause(now);
    const slot = Math.max(now, this.#nextAt);
    const waitMs = slot - now;
    if (waitMs > options.budgetMs) {
      return Promise.resolve({
        granted: false,
        retryAfterMs: Math.ceil(waitMs - options.budgetMs),
      });
    }
    // Whole milliseconds keep the window arithmetic exact (as lib/client/rate-limiter.ts does).
    this.#nextAt = Math.ceil(slot + interval);
    // Durable Objects: the output gate holds the reply until this write is committed.
    this.ctx.storage.kv.put(NEXT_AT_KEY, this.#nextAt);
    return Promise.resolve({ granted: true, waitMs });
  }

  /**
   * Holds every later slot until `ms` from now, e.g. after an upstream 429 (LP: "Retry after at
   * least 1 second; avoid bursts", liveperson-api-notes.md §4). Slots already granted stand; a
   * pause never brings the next slot forward. The pause is stored, so it survives an eviction.
   *
   * @param ms Milliseconds to hold off.
   * @returns A promise that resolves once the pause is recorded.
   * @throws {RangeError} (as a rejection) when `ms` is negative or not finite.
   */
  pause(ms: number): Promise<void> {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      return Promise.reject(
        new RangeError(
          `Cannot pause the schedule as ms is not a finite, non-negative number: ${ms}`,
        ),
      );
    }
    const until = Math.ceil(Date.now() + ms);
    if (until > this.#nextAt) {
      this.#nextAt = until;
      this.#pausedUntil = until;
      // Durable Objects: the output gate holds the reply until this write is committed.
      this.ctx.storage.kv.put(PAUSED_UNTIL_KEY, until);
    }
    return Promise.resolve();
  }

  /** Deletes a stored pause once it has passed, so an idle object keeps no state. */
  #forgetPastPause(now: number): void {
    if (this.#pausedUntil !== undefined && now >= this.#pausedUntil) {
      this.#pausedUntil = undefined;
      this.ctx.storage.kv.delete(PAUSED_UNTIL_KEY);
    }
  }
}
