import { describe, expect, it } from "vitest";
import { orderedPool } from "../../../lib/client/ordered-pool.ts";

/** Lets pending promise continuations run. */
async function flush(): Promise<void> {
  for (let turn = 0; turn < 50; turn += 1) await Promise.resolve();
}

/** A small seeded PRNG (mulberry32), so "random" completion orders are reproducible. */
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

interface Running {
  input: number;
  signal: AbortSignal;
  resolve(value: string): void;
  reject(error: unknown): void;
}

/**
 * A task whose every call waits to be settled by the test. Tracks what is running, the most
 * that ever ran at once, and rejects with the signal's reason when aborted.
 */
function controllableTask(): {
  task: (input: number, signal: AbortSignal) => Promise<string>;
  running: Running[];
  started: number[];
  signals: AbortSignal[];
  settled: number[];
  readonly maxRunning: number;
} {
  const running: Running[] = [];
  const started: number[] = [];
  const signals: AbortSignal[] = [];
  const settled: number[] = [];
  let maxRunning = 0;
  const task = (input: number, signal: AbortSignal): Promise<string> => {
    started.push(input);
    signals.push(signal);
    return new Promise<string>((resolve, reject) => {
      const entry: Running = {
        input,
        signal,
        resolve: (value) => finish(() => resolve(value)),
        reject: (error) => finish(() => reject(error)),
      };
      const finish = (settle: () => void): void => {
        const index = running.indexOf(entry);
        if (index < 0) return;
        running.splice(index, 1);
        settled.push(input);
        settle();
      };
      running.push(entry);
      maxRunning = Math.max(maxRunning, running.length);
      signal.addEventListener("abort", () => entry.reject(signal.reason), { once: true });
    });
  };
  return {
    task,
    running,
    started,
    signals,
    settled,
    get maxRunning() {
      return maxRunning;
    },
  };
}

/** Settles the running task for `input`. */
function settle(
  running: Running[],
  input: number,
  outcome: "resolve" | "reject" = "resolve",
): void {
  const entry = running.find((candidate) => candidate.input === input);
  if (!entry) throw new Error(`task ${input} is not running`);
  if (outcome === "resolve") entry.resolve(`r${input}`);
  else entry.reject(new Error(`failed ${input}`));
}

const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

describe("orderedPool()", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`orderedPool() yields results in input order whatever order tasks finish in (seed ${seed})`, async () => {
      const random = seeded(seed);
      const { task, running, settled } = controllableTask();
      const results: string[] = [];
      let done = false;
      const consumer = (async () => {
        for await (const value of orderedPool(range(30), task, { concurrency: 5 })) {
          results.push(value);
        }
        done = true;
      })();
      while (!done) {
        await flush();
        if (running.length === 0) continue;
        const pick = running[Math.floor(random() * running.length)]!;
        pick.resolve(`r${pick.input}`);
      }
      await consumer;
      expect(settled).not.toEqual(range(30));
      expect(results).toEqual(range(30).map((input) => `r${input}`));
    });
  }

  it("orderedPool() never has more than concurrency tasks started and not yet yielded", async () => {
    const random = seeded(42);
    const control = controllableTask();
    const pool = orderedPool(range(40), control.task, { concurrency: 4 });
    let yielded = 0;
    let done = false;
    const consumer = (async () => {
      for await (const _ of pool) yielded += 1;
      done = true;
    })();
    while (!done) {
      await flush();
      expect(control.started.length - yielded).toBeLessThanOrEqual(4);
      const pick = control.running[Math.floor(random() * control.running.length)];
      pick?.resolve("x");
    }
    await consumer;
    expect(yielded).toBe(40);
    expect(control.maxRunning).toBe(4);
  });

  it("orderedPool() starts nothing, nor reads its inputs, until the first next()", async () => {
    const control = controllableTask();
    let read = false;
    function* inputs(): Generator<number> {
      read = true;
      yield* range(10);
    }
    const pool = orderedPool(inputs(), control.task, { concurrency: 3 });
    await flush();
    expect(read).toBe(false);
    expect(control.started).toEqual([]);
    const first = pool.next();
    await flush();
    expect(read).toBe(true);
    expect(control.started).toEqual([0, 1, 2]);
    settle(control.running, 0);
    expect(await first).toEqual({ done: false, value: "r0" });
    // Refilled before yielding: three tasks run while the consumer holds r0.
    expect(control.started).toEqual([0, 1, 2, 3]);
    await pool.return?.(undefined);
  });

  it("orderedPool() aborts in-flight tasks and waits for them when the consumer breaks early", async () => {
    const control = controllableTask();
    let closed = false;
    function* inputs(): Generator<number> {
      try {
        yield* range(100);
      } finally {
        closed = true;
      }
    }
    const signals: AbortSignal[] = [];
    const stopped: number[] = [];
    const slowToStop = (input: number, signal: AbortSignal): Promise<string> => {
      signals.push(signal);
      if (input === 0) return Promise.resolve("first");
      // Finishes a few turns after its abort, as a real fetch would.
      return control.task(input, signal).catch(async (error: unknown) => {
        await flush();
        stopped.push(input);
        throw error;
      });
    };
    const seen: string[] = [];
    for await (const value of orderedPool(inputs(), slowToStop, { concurrency: 4 })) {
      seen.push(value);
      break;
    }
    expect(seen).toEqual(["first"]);
    expect(signals).toHaveLength(5);
    expect(signals.slice(1).every((signal) => signal.aborted)).toBe(true);
    expect((signals[1]!.reason as DOMException).name).toBe("AbortError");
    // Every task had finished stopping by the time the loop was left.
    expect(stopped.sort()).toEqual([1, 2, 3, 4]);
    expect(closed).toBe(true);
  });

  it("orderedPool() yields the results before a failure, then throws it, aborting later tasks", async () => {
    const control = controllableTask();
    const pool = orderedPool(range(10), control.task, { concurrency: 4 });
    const first = pool.next();
    await flush();
    expect(control.started).toEqual([0, 1, 2, 3]);
    settle(control.running, 2, "reject");
    await flush();
    // Task 3 comes after the failure: its result would never be used.
    expect(control.running.map((entry) => entry.input)).toEqual([0, 1]);
    settle(control.running, 0);
    expect(await first).toEqual({ done: false, value: "r0" });
    settle(control.running, 1);
    expect(await pool.next()).toEqual({ done: false, value: "r1" });
    await expect(pool.next()).rejects.toThrow("failed 2");
    expect(await pool.next()).toEqual({ done: true, value: undefined });
    // No task started after the failure was seen.
    expect(control.started).toEqual([0, 1, 2, 3]);
  });

  it("orderedPool() throws the first error in input order, not the first in time", async () => {
    const control = controllableTask();
    const pool = orderedPool(range(5), control.task, { concurrency: 3 });
    const first = pool.next();
    await flush();
    settle(control.running, 1, "reject");
    settle(control.running, 0, "reject");
    await expect(first).rejects.toThrow("failed 0");
  });

  it("orderedPool() rejects the pending next() with the pool signal's reason", async () => {
    const control = controllableTask();
    const controller = new AbortController();
    const pool = orderedPool(range(10), control.task, {
      concurrency: 3,
      signal: controller.signal,
    });
    const pending = pool.next();
    await flush();
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(control.signals.map((signal) => signal.reason)).toEqual([reason, reason, reason]);
    expect(control.running).toEqual([]);
    expect(control.settled.sort()).toEqual([0, 1, 2]);
    expect(control.started).toEqual([0, 1, 2]);
  });

  it("orderedPool() rejects next() with the reason when the signal aborts between results", async () => {
    const controller = new AbortController();
    const pool = orderedPool(range(10), (input) => Promise.resolve(input), {
      concurrency: 2,
      signal: controller.signal,
    });
    expect(await pool.next()).toEqual({ done: false, value: 0 });
    controller.abort(new Error("stop"));
    await expect(pool.next()).rejects.toThrow("stop");
  });

  it("orderedPool() starts nothing when the signal is already aborted", async () => {
    const control = controllableTask();
    const reason = new Error("too late");
    const pool = orderedPool(range(3), control.task, {
      concurrency: 2,
      signal: AbortSignal.abort(reason),
    });
    await expect(pool.next()).rejects.toBe(reason);
    expect(control.started).toEqual([]);
  });

  it("orderedPool() fails in order when a task throws synchronously", async () => {
    const task = (input: number): Promise<number> => {
      if (input === 1) throw new Error("sync");
      return Promise.resolve(input);
    };
    const pool = orderedPool(range(3), task, { concurrency: 3 });
    expect(await pool.next()).toEqual({ done: false, value: 0 });
    await expect(pool.next()).rejects.toThrow("sync");
  });

  it("orderedPool() fails in order when its inputs throw", async () => {
    function* inputs(): Generator<number> {
      yield 0;
      yield 1;
      throw new Error("bad input");
    }
    const pool = orderedPool(inputs(), (input) => Promise.resolve(input * 10), { concurrency: 5 });
    expect(await pool.next()).toEqual({ done: false, value: 0 });
    expect(await pool.next()).toEqual({ done: false, value: 10 });
    await expect(pool.next()).rejects.toThrow("bad input");
  });

  it("orderedPool() finishes at once over no inputs", async () => {
    const pool = orderedPool([], () => Promise.resolve(1), { concurrency: 2 });
    expect(await pool.next()).toEqual({ done: true, value: undefined });
  });

  it("orderedPool() runs one at a time with a concurrency of 1", async () => {
    const control = controllableTask();
    const pool = orderedPool(range(3), control.task, { concurrency: 1 });
    const first = pool.next();
    await flush();
    expect(control.started).toEqual([0]);
    settle(control.running, 0);
    await first;
    expect(control.started).toEqual([0, 1]);
    await pool.return?.(undefined);
    expect(control.running).toEqual([]);
  });

  it("orderedPool() rejects a concurrency that is not a positive integer at once", () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN]) {
      expect(() => orderedPool([1], () => Promise.resolve(1), { concurrency })).toThrow(RangeError);
    }
    expect(() => orderedPool([1], () => Promise.resolve(1), { concurrency: 0 })).toThrow(
      "Cannot run the ordered pool as concurrency is not a positive integer: 0",
    );
  });
});
