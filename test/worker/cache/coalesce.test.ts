import { describe, expect, it } from "vitest";
import { Coalescer } from "../../../worker/cache/coalesce.ts";

/** A promise the test settles by hand (no timers). */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("Coalescer", () => {
  it("Coalescer.run() shares one load among concurrent callers of a key", async () => {
    const coalescer = new Coalescer();
    const upstream = deferred<{ rows: number[] }>();
    let loads = 0;
    const load = (): Promise<{ rows: number[] }> => {
      loads++;
      return upstream.promise;
    };
    const calls = Array.from({ length: 50 }, () => coalescer.run("k", load));
    expect(coalescer.size).toBe(1);
    upstream.resolve({ rows: [1, 2] });
    const results = await Promise.all(calls);
    expect(loads).toBe(1);
    expect(results[0]).toEqual({ value: { rows: [1, 2] }, collapsed: false });
    expect(results.slice(1).every((result) => result.collapsed)).toBe(true);
    expect(results.every((result) => result.value === results[0]?.value)).toBe(true);
  });

  it("Coalescer.run() keeps different keys apart", async () => {
    const coalescer = new Coalescer();
    const a = coalescer.run("a", () => Promise.resolve("A"));
    const b = coalescer.run("b", () => Promise.resolve("B"));
    expect(coalescer.size).toBe(2);
    expect(await Promise.all([a, b])).toEqual([
      { value: "A", collapsed: false },
      { value: "B", collapsed: false },
    ]);
  });

  it("Coalescer.run() releases the key once the load settles, caching nothing", async () => {
    const coalescer = new Coalescer();
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);
    expect(await coalescer.run("k", load)).toEqual({ value: 1, collapsed: false });
    expect(coalescer.size).toBe(0);
    expect(await coalescer.run("k", load)).toEqual({ value: 2, collapsed: false });
  });

  it("Coalescer.run() frees the key before collapsed callers resume", async () => {
    const coalescer = new Coalescer();
    const upstream = deferred<string>();
    const first = coalescer.run("k", () => upstream.promise);
    const joined = coalescer.run("k", () => Promise.resolve("unused")).then(() =>
      coalescer.run("k", () => Promise.resolve("again"))
    );
    upstream.resolve("once");
    await first;
    expect(await joined).toEqual({ value: "again", collapsed: false });
  });

  it("Coalescer.run() gives every collapsed caller the error, then retries", async () => {
    const coalescer = new Coalescer();
    const upstream = deferred<string>();
    const failure = new Error("Request failed with status 503 Service Unavailable");
    let loads = 0;
    const load = (): Promise<string> => {
      loads++;
      return upstream.promise;
    };
    const calls = [coalescer.run("k", load), coalescer.run("k", load), coalescer.run("k", load)];
    upstream.reject(failure);
    const settled = await Promise.allSettled(calls);
    expect(settled.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const result of settled) {
      expect(result.status === "rejected" && result.reason).toBe(failure);
    }
    expect(loads).toBe(1);
    expect(coalescer.size).toBe(0);
    expect(await coalescer.run("k", () => Promise.resolve("recovered"))).toEqual({
      value: "recovered",
      collapsed: false,
    });
  });

  it("Coalescer.run() turns a synchronous throw into a rejection and frees the key", async () => {
    const coalescer = new Coalescer();
    const failure = new TypeError("Cannot build the request as the window is empty");
    const throwing = (): Promise<never> => {
      throw failure;
    };
    await expect(coalescer.run("k", throwing)).rejects.toBe(failure);
    expect(coalescer.size).toBe(0);
  });
});
