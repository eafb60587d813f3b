/**
 * The caller's side of the rate schedule: which {@linkcode RateScheduler} an upstream call
 * belongs to, waiting for its slot, and pausing the schedule after an upstream 429.
 *
 * @module
 */

import { sleep } from "../../lib/client/abort.ts";
import type { Operation } from "../../lib/windows.ts";
import type { RateScheduler } from "./rate-scheduler.ts";

/** The operations, one rate-limited API each (LP: 10 TPS each, liveperson-api-notes.md §4). */
const OPERATIONS: ReadonlySet<string> = new Set<Operation>([
  "accountAnalytics",
  "transactions",
  "campaignReport",
  "campaignAnalytics",
]);

/**
 * Names the schedule of one (region, account, API): regions, accounts and APIs each get
 * their own Durable Object, so they never slow each other down. Both dialects' hosts of a
 * region count against the same schedule.
 *
 * @param host The region (e.g. `va`), or a regional host.
 * @param accountId The LivePerson account.
 * @param operation The API called.
 * @returns A name for `DurableObjectNamespace.idFromName`; different inputs never share one.
 * @throws {TypeError} when `host` or `accountId` is empty or `operation` is unknown.
 * @example
 * ```ts
 * schedulerName("va", "12345678", "transactions");
 * // "va|12345678|transactions"
 * ```
 */
export function schedulerName(host: string, accountId: string, operation: Operation): string {
  if (typeof host !== "string" || host === "") {
    throw new TypeError(`Cannot name a rate schedule as the host is empty: ${String(host)}`);
  }
  if (typeof accountId !== "string" || accountId === "") {
    throw new TypeError(
      `Cannot name a rate schedule as the account id is empty: ${String(accountId)}`,
    );
  }
  if (!OPERATIONS.has(operation)) {
    throw new TypeError(`Cannot name a rate schedule as the operation is unknown: ${operation}`);
  }
  // Encoded so that a "|" inside a component cannot make two names collide.
  return `${encodeURIComponent(host.toLowerCase())}|${encodeURIComponent(accountId)}|${operation}`;
}

/** Thrown by {@linkcode waitForSlot} when the slot is further away than the caller's budget. */
export class WaitBudgetExceeded extends Error {
  override name = "WaitBudgetExceeded";
  /** How long until a slot would fit within the budget; `Retry-After` = ceil(ms / 1000). */
  readonly retryAfterMs: number;

  /**
   * @param name The schedule's name (from {@linkcode schedulerName}).
   * @param budgetMs The budget that was exceeded.
   * @param retryAfterMs How long until a slot would fit within the budget.
   */
  constructor(name: string, budgetMs: number, retryAfterMs: number) {
    super(
      `Cannot wait for an upstream slot of ${name} as the wait exceeds the budget of ${budgetMs} ms: retry after ${retryAfterMs} ms`,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** Whether `error` is a {@linkcode WaitBudgetExceeded}, also across realms. */
export function isWaitBudgetExceeded(error: unknown): error is WaitBudgetExceeded {
  return error instanceof WaitBudgetExceeded ||
    (error instanceof Error && error.name === "WaitBudgetExceeded" &&
      typeof (error as { retryAfterMs?: unknown }).retryAfterMs === "number");
}

/** Options of {@linkcode waitForSlot}. */
export interface WaitForSlotOptions {
  /** Upstream calls allowed in any sliding 1 s window (the `RATE_LIMIT` setting). */
  ratePerSecond: number;
  /** The longest the caller will wait (the `WAIT_BUDGET_MS` setting). */
  budgetMs: number;
  /** Lateness of a call to absorb (see `ReserveOptions.toleranceMs`). @default 0 */
  toleranceMs?: number;
  /** Cancels the wait; the slot, once reserved, stays taken. */
  signal?: AbortSignal;
  /**
   * Take only a slot that is free now (no live caller waits for it), and wait for the next
   * free one otherwise: background fills never delay a live caller by more than one interval.
   * @default false
   */
  background?: boolean;
  /**
   * Background callers only: the share of `ratePerSecond` they may take at most (warming and
   * backfill). They first wait in a schedule of their own at that rate (`{name}|share`), then
   * take a free slot of the shared one. @default 1
   */
  share?: number;
}

/**
 * Reserves a slot in the named schedule and sleeps until it comes; call upstream right after.
 *
 * @param namespace The `SCHEDULER` binding.
 * @param name The schedule (from {@linkcode schedulerName}).
 * @param options The rate, the wait budget and a cancelling signal.
 * @returns A promise that resolves when the upstream call may start.
 * @throws {WaitBudgetExceeded} (as a rejection) when the wait would exceed `budgetMs`.
 * @throws {RangeError} (as a rejection) when an option is out of range.
 * @throws The signal's `reason` (as a rejection) when it aborts.
 * @example
 * ```ts
 * const name = schedulerName(host, accountId, "transactions");
 * await waitForSlot(env.SCHEDULER, name, { ratePerSecond: 10, budgetMs: 10_000 });
 * const response = await fetch(upstreamRequest);
 * if (response.status === 429) await pauseSchedule(env.SCHEDULER, name, 1_000);
 * ```
 */
export async function waitForSlot(
  namespace: DurableObjectNamespace<RateScheduler>,
  name: string,
  options: WaitForSlotOptions,
): Promise<void> {
  const { ratePerSecond, budgetMs, toleranceMs, signal, background = false, share = 1 } = options;
  signal?.throwIfAborted();
  const stub = namespace.get(namespace.idFromName(name));
  const reserve = {
    ratePerSecond,
    budgetMs: background ? 0 : budgetMs,
    ...(toleranceMs === undefined ? {} : { toleranceMs }),
  };
  if (background) {
    if (share < 1) {
      // Never refused (no budget to exceed): the share's own spacing is the wait.
      await waitForSlot(namespace, `${name}|share`, {
        ratePerSecond: ratePerSecond * share,
        budgetMs: Infinity,
        ...(toleranceMs === undefined ? {} : { toleranceMs }),
        ...(signal === undefined ? {} : { signal }),
      });
    }
    return await idleSlot(stub, reserve, signal);
  }
  for (let late = 0;; late++) {
    const reservation = await stub.reserve(reserve);
    if (!reservation.granted) {
      throw new WaitBudgetExceeded(name, budgetMs, reservation.retryAfterMs);
    }
    const slotAt = Date.now() + reservation.waitMs;
    if (reservation.waitMs > 0) await sleep(reservation.waitMs, signal);
    else signal?.throwIfAborted();
    // A caller that wakes well after its slot could put rate + 1 calls in one second
    // upstream: it leaves the late slot unused (it stays spent, never handed back) and
    // reserves a new one, a few times at most. Only with a tolerance: it is the lateness
    // the spacing absorbs.
    if (toleranceMs === undefined || Date.now() - slotAt <= toleranceMs) return;
    if (late >= MAX_LATE_RESERVATIONS) return;
  }
}

/**
 * Waits until the schedule has a slot free now and takes it (a reservation with no wait
 * budget succeeds only then), yielding every busy slot to live callers.
 */
async function idleSlot(
  stub: DurableObjectStub<RateScheduler>,
  reserve: { ratePerSecond: number; budgetMs: number; toleranceMs?: number },
  signal: AbortSignal | undefined,
): Promise<void> {
  for (;;) {
    const reservation = await stub.reserve(reserve);
    if (reservation.granted) return;
    await sleep(Math.max(1, reservation.retryAfterMs), signal);
  }
}

/** How many times a late caller takes a new slot before it calls anyway. */
const MAX_LATE_RESERVATIONS = 3;

/**
 * Holds the named schedule for `ms` from now, e.g. for an upstream 429's `Retry-After`.
 *
 * @param namespace The `SCHEDULER` binding.
 * @param name The schedule (from {@linkcode schedulerName}).
 * @param ms Milliseconds to hold off.
 * @returns A promise that resolves once the pause is recorded.
 * @throws {RangeError} (as a rejection) when `ms` is negative or not finite.
 */
export async function pauseSchedule(
  namespace: DurableObjectNamespace<RateScheduler>,
  name: string,
  ms: number,
): Promise<void> {
  await namespace.get(namespace.idFromName(name)).pause(ms);
}
