import { describe, expect, it } from "vitest";
import { RateLimiter, RateLimiters } from "../../../lib/client/rate-limiter.ts";
import type { Sleep } from "../../../lib/client/types.ts";
import { SlidingWindowLimiter } from "../../../lib/sandbox/rate-limiter.ts";

/** Lets pending promise continuations run: far more microtask turns than any chain here takes. */
async function flush(): Promise<void> {
  for (let turn = 0; turn < 50; turn += 1) await Promise.resolve();
}

/** A virtual clock: `sleep` registers a timer that fires only when `advance` passes it. */
function virtualClock(start = 0): {
  now: () => number;
  sleep: Sleep;
  advance(ms: number): Promise<void>;
  readonly timers: number;
} {
  let time = start;
  let sequence = 0;
  const timers = new Set<{ at: number; order: number; fire(): void }>();
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = {
        at: time + Math.max(0, ms),
        order: sequence++,
        fire: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        timers.delete(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      timers.add(timer);
    });
  return {
    now: () => time,
    sleep,
    async advance(ms) {
      const end = time + ms;
      for (;;) {
        await flush();
        const due = [...timers].filter((timer) => timer.at <= end)
          .sort((a, b) => a.at - b.at || a.order - b.order)[0];
        if (!due) break;
        timers.delete(due);
        time = due.at;
        due.fire();
      }
      time = end;
      await flush();
    },
    get timers() {
      return timers.size;
    },
  };
}

/** A small seeded PRNG (mulberry32), so "random" schedules are reproducible. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Starts `count` acquisitions now and records the virtual time each is granted. */
function acquireMany(limiter: RateLimiter, clock: { now(): number }, count: number): number[] {
  const granted: number[] = [];
  for (let i = 0; i < count; i += 1) void limiter.acquire().then(() => granted.push(clock.now()));
  return granted;
}

describe("RateLimiter", () => {
  it("acquire() grants the first call at once and spaces the rest 1000 / rate ms apart", async () => {
    const clock = virtualClock(1_000_000);
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    const granted = acquireMany(limiter, clock, 5);
    await clock.advance(0);
    expect(granted).toEqual([1_000_000]);
    expect(limiter.pending).toBe(4);
    await clock.advance(1000);
    expect(granted).toEqual([1_000_000, 1_000_100, 1_000_200, 1_000_300, 1_000_400]);
    expect(limiter.pending).toBe(0);
  });

  it("acquire() keeps throughput at the rate: 300 queued calls take (300 - 1) / rate s", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    const granted = acquireMany(limiter, clock, 300);
    await clock.advance(40_000);
    expect(granted).toHaveLength(300);
    expect(granted.at(-1)).toBe(29_900);
  });

  it("acquire() rounds a rate that does not divide 1000 up to whole milliseconds", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 3, ...clock });
    const granted = acquireMany(limiter, clock, 4);
    await clock.advance(2000);
    expect(granted).toEqual([0, 334, 668, 1002]);
  });

  for (const rate of [10, 3, 7, 2.5, 0.5]) {
    it(`acquire() never lets more than ${rate} through in any sliding 1,000 ms window`, async () => {
      const clock = virtualClock();
      const random = seeded(rate * 1000);
      const limiter = new RateLimiter({ ratePerSecond: rate, ...clock });
      const granted: number[] = [];
      let requests = 0;
      // Bursty arrivals, with pauses (as after a 429) and abandoned waiters mixed in.
      for (let step = 0; step < 200; step += 1) {
        const burst = Math.floor(random() * 4);
        for (let i = 0; i < burst; i += 1) {
          requests += 1;
          const controller = new AbortController();
          void limiter.acquire(controller.signal).then(() => granted.push(clock.now()), () => {});
          if (random() < 0.1) controller.abort();
        }
        if (random() < 0.02) limiter.pause(Math.floor(random() * 3000));
        await clock.advance(Math.floor(random() * 400));
      }
      await clock.advance(1_000_000);
      expect(granted.length).toBeGreaterThan(requests * 0.8);
      // The sandbox's own limiter (which counts a request while its time > now - 1000) must
      // accept every grant: that is what LivePerson's 429s would be.
      const allowed = rate >= 1 ? Math.floor(rate) : 1;
      const window = new SlidingWindowLimiter(allowed);
      for (const time of granted) expect(window.take("api", time)).toBe(true);
      const spacing = 1000 / (rate >= 1 ? Math.floor(rate) : rate);
      for (let i = 1; i < granted.length; i += 1) {
        expect(granted[i]! - granted[i - 1]!).toBeGreaterThanOrEqual(spacing);
      }
    });
  }

  it("acquire() lets a real sandbox limit of 10 TPS accept every request it grants", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    const window = new SlidingWindowLimiter(10);
    const accepted: boolean[] = [];
    for (let i = 0; i < 100; i += 1) {
      void limiter.acquire().then(() => accepted.push(window.take("api", clock.now())));
    }
    await clock.advance(10_000);
    expect(accepted).toHaveLength(100);
    expect(accepted.every(Boolean)).toBe(true);
    expect(window.peaks()).toEqual({ api: 10 });
  });

  it("acquire() serves waiters first come, first served", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    const order: number[] = [];
    for (let i = 0; i < 6; i += 1) void limiter.acquire().then(() => order.push(i));
    await clock.advance(1000);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("acquire() with an aborted signal rejects with its reason and gives its slot to the next", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    const granted = acquireMany(limiter, clock, 1);
    const controller = new AbortController();
    const abandoned = limiter.acquire(controller.signal);
    const third: number[] = [];
    void limiter.acquire().then(() => third.push(clock.now()));
    expect(limiter.pending).toBe(2);
    await clock.advance(50);
    const reason = new Error("gave up");
    controller.abort(reason);
    await expect(abandoned).rejects.toBe(reason);
    expect(limiter.pending).toBe(1);
    await clock.advance(1000);
    expect(granted).toEqual([0]);
    expect(third).toEqual([100]);
  });

  it("acquire() rejects at once when the signal is already aborted, taking no slot", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    const reason = new Error("already");
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    const granted = acquireMany(limiter, clock, 2);
    await clock.advance(0);
    expect(granted).toEqual([0]);
    expect(limiter.pending).toBe(1);
  });

  it("acquire() drops its timer when every waiter has aborted", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 1, ...clock });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    await clock.advance(10);
    expect(clock.timers).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(DOMException);
    await clock.advance(0);
    expect(clock.timers).toBe(0);
    const granted = acquireMany(limiter, clock, 1);
    await clock.advance(989);
    expect(granted).toEqual([]);
    await clock.advance(1);
    expect(granted).toEqual([1000]);
  });

  it("acquire() rejects every waiter when the injected sleep fails", async () => {
    const clock = virtualClock();
    const failure = new Error("no timers");
    const limiter = new RateLimiter({
      ratePerSecond: 10,
      now: clock.now,
      sleep: () => Promise.reject(failure),
    });
    await limiter.acquire();
    const waiters = [limiter.acquire(), limiter.acquire()];
    for (const waiter of waiters) await expect(waiter).rejects.toBe(failure);
    expect(limiter.pending).toBe(0);
  });

  it("acquire() spaces grants from when they happened, so a late timer cannot cause a burst", async () => {
    const clock = virtualClock();
    // A sleep whose timers always fire 30 ms late.
    const late: Sleep = (ms, signal) => clock.sleep(ms + 30, signal);
    const limiter = new RateLimiter({ ratePerSecond: 10, now: clock.now, sleep: late });
    const granted = acquireMany(limiter, clock, 3);
    await clock.advance(1000);
    expect(granted).toEqual([0, 130, 260]);
  });

  it("pause() holds every caller until now + ms", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    await limiter.acquire();
    limiter.pause(5000);
    const granted = acquireMany(limiter, clock, 2);
    await clock.advance(4999);
    expect(granted).toEqual([]);
    await clock.advance(1000);
    expect(granted).toEqual([5000, 5100]);
  });

  it("pause() during a wait pushes the queued waiters back", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, ...clock });
    const granted = acquireMany(limiter, clock, 3);
    await clock.advance(50);
    limiter.pause(1000);
    await clock.advance(2000);
    expect(granted).toEqual([0, 1050, 1150]);
  });

  it("pause() never brings the next grant forward", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 1, ...clock });
    await limiter.acquire();
    limiter.pause(10);
    const granted = acquireMany(limiter, clock, 1);
    await clock.advance(2000);
    expect(granted).toEqual([1000]);
  });

  it("pause() rejects a negative or non-finite duration", () => {
    const limiter = new RateLimiter({ ratePerSecond: 10 });
    expect(() => limiter.pause(-1)).toThrow(
      "Cannot pause the rate limiter as ms is not a finite, non-negative number: -1",
    );
    expect(() => limiter.pause(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("new RateLimiter() rejects a rate that is not a positive number", () => {
    for (const rate of [0, -1, Number.NaN]) {
      expect(() => new RateLimiter({ ratePerSecond: rate })).toThrow(RangeError);
    }
    expect(() => new RateLimiter({ ratePerSecond: 0 })).toThrow(
      "Cannot limit requests as ratePerSecond is not a positive number: 0",
    );
  });

  it("acquire() does not limit at an infinite rate", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: Number.POSITIVE_INFINITY, ...clock });
    const granted = acquireMany(limiter, clock, 5);
    await clock.advance(0);
    expect(granted).toEqual([0, 0, 0, 0, 0]);
  });

  it("acquire() uses the real clock and timers by default", async () => {
    const limiter = new RateLimiter({ ratePerSecond: 500 });
    const started = Date.now();
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4);
  });
});

describe("RateLimiters", () => {
  it("RateLimiters.get() returns one limiter per key", () => {
    const limiters = new RateLimiters({ ratePerSecond: 10 });
    expect(limiters.get("a")).toBe(limiters.get("a"));
    expect(limiters.get("a")).not.toBe(limiters.get("b"));
  });

  it("RateLimiters.get() limits each key on its own", async () => {
    const clock = virtualClock();
    const limiters = new RateLimiters({ ratePerSecond: 10, ...clock });
    const a = acquireMany(limiters.get("transactions"), clock, 3);
    const b = acquireMany(limiters.get("analytics"), clock, 3);
    await clock.advance(1000);
    expect(a).toEqual([0, 100, 200]);
    expect(b).toEqual([0, 100, 200]);
  });

  it("new RateLimiters() validates the shared rate at once", () => {
    expect(() => new RateLimiters({ ratePerSecond: -5 })).toThrow(RangeError);
  });
});
