import { describe, expect, it } from "vitest";
import { PassThroughLedger } from "../../../worker/auth/passthrough-ledger.ts";

const CREDENTIAL = "Bearer sandbox-le-bearer-30000003";

function clock(start = 1_780_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

describe("PassThroughLedger", () => {
  it("recentlySucceeded() is false before any success", async () => {
    const ledger = new PassThroughLedger({ ttlMs: 300_000 });
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(false);
  });

  it("recentlySucceeded() is true for the same credential and account only", async () => {
    const ledger = new PassThroughLedger({ ttlMs: 300_000, now: clock().now });
    await ledger.record(CREDENTIAL, "30000003");
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(true);
    expect(await ledger.recentlySucceeded(CREDENTIAL, "10000001")).toBe(false);
    expect(await ledger.recentlySucceeded(`${CREDENTIAL}x`, "30000003")).toBe(false);
    expect(await ledger.recentlySucceeded(CREDENTIAL.toLowerCase(), "30000003")).toBe(false);
  });

  it("recentlySucceeded() keeps credential and account apart", async () => {
    const ledger = new PassThroughLedger({ ttlMs: 300_000, now: clock().now });
    await ledger.record("Bearer a1", "23");
    expect(await ledger.recentlySucceeded("Bearer a12", "3")).toBe(false);
    expect(await ledger.recentlySucceeded("Bearer a", "123")).toBe(false);
  });

  it("recentlySucceeded() turns false ttlMs after the success", async () => {
    const time = clock();
    const ledger = new PassThroughLedger({ ttlMs: 300_000, now: time.now });
    await ledger.record(CREDENTIAL, "30000003");
    time.advance(299_999);
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(true);
    time.advance(1);
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(false);
    // Forgotten, not just hidden: turning the clock back does not revive it.
    time.advance(-1);
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(false);
  });

  it("record() starts the time to live again", async () => {
    const time = clock();
    const ledger = new PassThroughLedger({ ttlMs: 300_000, now: time.now });
    await ledger.record(CREDENTIAL, "30000003");
    time.advance(200_000);
    await ledger.record(CREDENTIAL, "30000003");
    time.advance(200_000);
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(true);
  });

  it("recentlySucceeded() is never true with ttlMs 0", async () => {
    const ledger = new PassThroughLedger({ ttlMs: 0, now: clock().now });
    await ledger.record(CREDENTIAL, "30000003");
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(false);
  });

  it("record() forgets the oldest success beyond maxEntries", async () => {
    const time = clock();
    const ledger = new PassThroughLedger({ ttlMs: 300_000, now: time.now, maxEntries: 2 });
    await ledger.record("Bearer a", "1");
    await ledger.record("Bearer b", "1");
    await ledger.record("Bearer a", "1"); // now the newest
    await ledger.record("Bearer c", "1");
    expect(await ledger.recentlySucceeded("Bearer a", "1")).toBe(true);
    expect(await ledger.recentlySucceeded("Bearer b", "1")).toBe(false);
    expect(await ledger.recentlySucceeded("Bearer c", "1")).toBe(true);
  });

  it("PassThroughLedger exposes no credential, account or digest", async () => {
    const ledger = new PassThroughLedger({ ttlMs: 300_000, now: clock().now });
    await ledger.record(CREDENTIAL, "30000003");
    expect(JSON.stringify(ledger)).toBe("{}");
    expect(Reflect.ownKeys(ledger)).toEqual([]);
    expect(await ledger.recentlySucceeded(CREDENTIAL, "30000003")).toBe(true);
  });

  it("PassThroughLedger refuses a bad ttlMs or maxEntries", () => {
    for (const ttlMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new PassThroughLedger({ ttlMs })).toThrow(RangeError);
    }
    for (const maxEntries of [0, 1.5, -3]) {
      expect(() => new PassThroughLedger({ ttlMs: 1, maxEntries })).toThrow(
        `Cannot create PassThroughLedger as maxEntries is not a positive integer: ${maxEntries}`,
      );
    }
  });
});
