/// <reference types="@cloudflare/vitest-pool-workers/types" />
import { env } from "cloudflare:workers";
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SlidingWindowLimiter } from "../../../lib/sandbox/rate-limiter.ts";
import type { Env } from "../../../worker/env.ts";
import type {
  RateScheduler,
  Reservation,
  ReserveOptions,
} from "../../../worker/scheduler/rate-scheduler.ts";

const namespace = (env as Env).SCHEDULER;

/** The fake clock's start; the objects run in the tests' isolate and read the same `Date`. */
const T0 = Date.UTC(2026, 10, 1);

/** The schedule called `name`; each test uses names of its own, as objects outlive tests. */
function stubFor(name: string): DurableObjectStub<RateScheduler> {
  return namespace.get(namespace.idFromName(name));
}

/** Reserves `count` slots one after another through RPC, at a standing clock. */
async function burst(name: string, count: number, options: ReserveOptions): Promise<Reservation[]> {
  const stub = stubFor(name);
  const reservations: Reservation[] = [];
  for (let i = 0; i < count; i++) reservations.push(await stub.reserve(options));
  return reservations;
}

/** The wait of a granted reservation; fails the test on a refusal. */
function waitOf(reservation: Reservation | undefined): number {
  expect(reservation).toMatchObject({ granted: true });
  return (reservation as { waitMs: number }).waitMs;
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, i) => time - (times[i] as number));
}

describe("RateScheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reserve() spaces a burst so that no 1 s window exceeds the rate", async () => {
    const reservations = await burst("burst", 20, { ratePerSecond: 5, budgetMs: Infinity });
    const slots = reservations.map((reservation) => T0 + waitOf(reservation));
    expect(slots[0]).toBe(T0);
    expect(gaps(slots)).toEqual(Array(19).fill(200));
    // The sandbox's own limiter, applied at the slot times, never refuses and is filled exactly.
    const limiter = new SlidingWindowLimiter(5);
    expect(slots.map((slot) => limiter.take("api", slot))).toEqual(Array(20).fill(true));
    expect(limiter.peaks()).toEqual({ api: 5 });
  });

  it("reserve() gives concurrent callers distinct slots", async () => {
    const stub = stubFor("concurrent");
    const options = { ratePerSecond: 10, budgetMs: Infinity };
    const reservations = await Promise.all(Array.from({ length: 8 }, () => stub.reserve(options)));
    const waits = reservations.map(waitOf).sort((a, b) => a - b);
    expect(waits).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
  });

  it("reserve() lets the backlog drain as the clock moves on", async () => {
    const options = { ratePerSecond: 10, budgetMs: Infinity };
    await burst("drain", 3, options); // slots at +0, +100, +200
    vi.setSystemTime(T0 + 250);
    expect(waitOf(await stubFor("drain").reserve(options))).toBe(50);
    vi.setSystemTime(T0 + 1_000);
    expect(waitOf(await stubFor("drain").reserve(options))).toBe(0);
  });

  it("reserve() rounds a fractional rate above 1 down and spaces a rate below 1 by 1000 / rate", async () => {
    const fractional = await burst("fractional", 4, { ratePerSecond: 2.5, budgetMs: Infinity });
    expect(fractional.map(waitOf)).toEqual([0, 500, 1_000, 1_500]);
    const slow = await burst("slow", 3, { ratePerSecond: 0.5, budgetMs: Infinity });
    expect(slow.map(waitOf)).toEqual([0, 2_000, 4_000]);
    const thirds = await burst("thirds", 4, { ratePerSecond: 3, budgetMs: Infinity });
    expect(thirds.map(waitOf)).toEqual([0, 334, 668, 1_002]); // whole ms, never early
  });

  it("reserve() widens the spacing by toleranceMs", async () => {
    const reservations = await burst("tolerance", 4, {
      ratePerSecond: 10,
      budgetMs: Infinity,
      toleranceMs: 50,
    });
    expect(reservations.map(waitOf)).toEqual([0, 105, 210, 315]);
  });

  it("reserve() with an infinite rate never waits", async () => {
    const reservations = await burst("unlimited", 3, { ratePerSecond: Infinity, budgetMs: 0 });
    expect(reservations.map(waitOf)).toEqual([0, 0, 0]);
  });

  it("reserve() refuses a wait beyond the budget with retryAfterMs and reserves nothing", async () => {
    const reservations = await burst("budget", 5, { ratePerSecond: 10, budgetMs: 250 });
    expect(reservations).toEqual([
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 100 },
      { granted: true, waitMs: 200 },
      { granted: false, retryAfterMs: 50 },
      { granted: false, retryAfterMs: 50 },
    ]);
    // Neither refusal took the slot at +300.
    const wider = await stubFor("budget").reserve({ ratePerSecond: 10, budgetMs: 300 });
    expect(wider).toEqual({ granted: true, waitMs: 300 });
  });

  it("reserve() rejects out-of-range options with a RangeError", async () => {
    const bad: ReserveOptions[] = [
      { ratePerSecond: 0, budgetMs: 1 },
      { ratePerSecond: Number.NaN, budgetMs: 1 },
      { ratePerSecond: 10, budgetMs: -1 },
      { ratePerSecond: 10, budgetMs: 1, toleranceMs: -5 },
    ];
    const errors = await runInDurableObject(stubFor("invalid"), async (instance) => {
      const caught: unknown[] = [];
      for (const options of bad) {
        try {
          await instance.reserve(options);
        } catch (error) {
          caught.push(error);
        }
      }
      return caught.map((e) => e instanceof RangeError && e.message.startsWith("Cannot reserve"));
    });
    expect(errors).toEqual([true, true, true, true]);
  });

  it("pause() pushes later slots out and never brings them forward", async () => {
    const stub = stubFor("pause");
    const options = { ratePerSecond: 10, budgetMs: Infinity };
    await stub.pause(300);
    expect(waitOf(await stub.reserve(options))).toBe(300);
    expect(waitOf(await stub.reserve(options))).toBe(400);
    await stub.pause(10); // shorter than the backlog: no effect
    expect(waitOf(await stub.reserve(options))).toBe(500);
    const error = await runInDurableObject(stub, async (instance) => {
      try {
        await instance.pause(-1);
      } catch (caught) {
        return caught;
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(
      "Cannot pause the schedule as ms is not a finite, non-negative number: -1",
    );
  });

  it("pause() and a backlog of reservations both survive an eviction", async () => {
    const options = { ratePerSecond: 1, budgetMs: Infinity };
    await stubFor("evicted-paused").pause(5_000);
    const queued = await burst("evicted-backlog", 6, options);
    expect(waitOf(queued[5])).toBe(5_000);
    await abortAllDurableObjects();
    expect(await stubFor("evicted-paused").reserve(options)).toEqual({
      granted: true,
      waitMs: 5_000,
    });
    expect(await stubFor("evicted-backlog").reserve(options)).toEqual({
      granted: true,
      waitMs: 6_000,
    });
  });

  it("reserve() keeps the rate across a restart mid-burst: no second holds more than the rate", async () => {
    const options = { ratePerSecond: 5, budgetMs: Infinity };
    const slots: number[] = [];
    const reserveAt = async (count: number): Promise<void> => {
      for (const reservation of await burst("restart", count, options)) {
        slots.push(Date.now() + waitOf(reservation));
      }
    };
    await reserveAt(8); // a backlog of 1.6 s
    vi.setSystemTime(T0 + 300);
    await abortAllDurableObjects(); // the object restarts with slots still to come
    await reserveAt(8);
    const limiter = new SlidingWindowLimiter(5);
    expect(slots.map((slot) => limiter.take("api", slot))).toEqual(Array(16).fill(true));
    expect(limiter.peaks()).toEqual({ api: 5 });
  });

  it("reserve() deletes a stored pause once it has passed", async () => {
    const stub = stubFor("forget");
    await stub.pause(100);
    const stored = () =>
      runInDurableObject(stub, (_, state) => state.storage.kv.get("pausedUntil"));
    expect(await stored()).toBe(T0 + 100);
    await stub.reserve({ ratePerSecond: 10, budgetMs: Infinity });
    expect(await stored()).toBe(T0 + 100); // still paused: kept
    vi.setSystemTime(T0 + 1_000);
    await stub.reserve({ ratePerSecond: 10, budgetMs: Infinity });
    expect(await stored()).toBeUndefined();
  });
});
