/// <reference types="@cloudflare/vitest-pool-workers/types" />
import { env } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../worker/env.ts";
import {
  isWaitBudgetExceeded,
  pauseSchedule,
  schedulerName,
  WaitBudgetExceeded,
  waitForSlot,
} from "../../../worker/scheduler/schedule.ts";

const namespace = (env as Env).SCHEDULER;

describe("schedulerName()", () => {
  it("schedulerName() names one schedule per region host, account and API", () => {
    expect(schedulerName("VA.cx-reporting.liveperson.net", "12345678", "transactions"))
      .toBe("va.cx-reporting.liveperson.net|12345678|transactions");
    const names = new Set([
      schedulerName("va.cx-reporting.liveperson.net", "1", "transactions"),
      schedulerName("lo.cx-reporting.liveperson.net", "1", "transactions"),
      schedulerName("va.cx-reporting.liveperson.net", "2", "transactions"),
      schedulerName("va.cx-reporting.liveperson.net", "1", "accountAnalytics"),
      schedulerName("va.connect-to-messaging.liveperson.net", "1", "transactions"),
    ]);
    expect(names.size).toBe(5);
  });

  it("schedulerName() encodes separators so that names never collide", () => {
    expect(schedulerName("a|b", "c", "transactions")).not.toBe(
      schedulerName("a", "b|c", "transactions"),
    );
  });

  it("schedulerName() throws a TypeError on an empty part or an unknown operation", () => {
    expect(() => schedulerName("", "1", "transactions")).toThrow(TypeError);
    expect(() => schedulerName("va.cx-reporting.liveperson.net", "", "transactions"))
      .toThrow(/^Cannot name a rate schedule as the account id is empty/);
    // @ts-expect-error: an operation outside the union
    expect(() => schedulerName("va.cx-reporting.liveperson.net", "1", "users")).toThrow(
      "Cannot name a rate schedule as the operation is unknown: users",
    );
  });
});

describe("waitForSlot()", () => {
  it("waitForSlot() releases a concurrent burst no faster than 1000 / rate", async () => {
    const rate = 50;
    const interval = 1000 / rate;
    const start = Date.now();
    const done: number[] = [];
    await Promise.all(
      Array.from(
        { length: 12 },
        () =>
          waitForSlot(namespace, "burst", { ratePerSecond: rate, budgetMs: 1_000 }).then(() => {
            done.push(Date.now());
          }),
      ),
    );
    // Each caller resumes at or after its slot; slots are `interval` apart from the first one.
    // (Completion gaps themselves are not asserted: workerd may deliver two timers in one turn.)
    done.sort((a, b) => a - b);
    expect(done.length).toBe(12);
    done.forEach((time, k) => expect(time - start).toBeGreaterThanOrEqual(k * interval));
    expect((done[11] as number) - start).toBeLessThan(11 * interval + 500);
  });

  it("waitForSlot() throws WaitBudgetExceeded with retryAfterMs beyond the budget", async () => {
    const start = Date.now();
    await pauseSchedule(namespace, "refused", 500);
    const error = await waitForSlot(namespace, "refused", { ratePerSecond: 10, budgetMs: 100 })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - start;
    expect(error).toBeInstanceOf(WaitBudgetExceeded);
    expect(isWaitBudgetExceeded(error)).toBe(true);
    // The slot is 500 ms after the pause; the budget covers 100 ms of it.
    const retryAfterMs = (error as WaitBudgetExceeded).retryAfterMs;
    expect(retryAfterMs).toBeGreaterThanOrEqual(400 - elapsed);
    expect(retryAfterMs).toBeLessThanOrEqual(400);
    expect((error as Error).message).toMatch(
      /^Cannot wait for an upstream slot of refused as the wait exceeds the budget of 100 ms: retry after \d+ ms$/,
    );
    expect(isWaitBudgetExceeded(new Error("other"))).toBe(false);
  });

  it("waitForSlot() waits out a pause set by pauseSchedule()", async () => {
    const start = Date.now();
    await pauseSchedule(namespace, "paused", 150);
    await waitForSlot(namespace, "paused", { ratePerSecond: 10, budgetMs: 1_000 });
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
  });

  it("waitForSlot() on independent names never waits for another schedule", async () => {
    const busy = schedulerName("va.cx-reporting.liveperson.net", "10000001", "transactions");
    const idle = schedulerName("lo.cx-reporting.liveperson.net", "10000001", "transactions");
    await pauseSchedule(namespace, busy, 5_000);
    const options = { ratePerSecond: 10, budgetMs: 0 };
    await expect(waitForSlot(namespace, busy, options)).rejects.toThrow(WaitBudgetExceeded);
    await expect(waitForSlot(namespace, idle, options)).resolves.toBeUndefined();
    const ids = (await listDurableObjectIds(namespace)).map((id) => id.toString());
    const busyId = namespace.idFromName(busy).toString();
    const idleId = namespace.idFromName(idle).toString();
    expect(busyId).not.toBe(idleId);
    expect(ids).toContain(busyId);
    expect(ids).toContain(idleId);
  });

  it("waitForSlot() rejects with the signal's reason, before reserving or while waiting", async () => {
    const reason = new Error("caller went away");
    await expect(
      waitForSlot(namespace, "never-reserved", {
        ratePerSecond: 10,
        budgetMs: 1_000,
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
    const ids = (await listDurableObjectIds(namespace)).map((id) => id.toString());
    expect(ids).not.toContain(namespace.idFromName("never-reserved").toString());

    await pauseSchedule(namespace, "aborted", 600);
    const controller = new AbortController();
    const start = Date.now();
    const waiting = waitForSlot(namespace, "aborted", {
      ratePerSecond: 10,
      budgetMs: 1_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 20);
    await expect(waiting).rejects.toBe(reason);
    expect(Date.now() - start).toBeLessThan(300);
  });

  it("waitForSlot() and pauseSchedule() reject out-of-range numbers with a RangeError", async () => {
    await expect(waitForSlot(namespace, "range", { ratePerSecond: 0, budgetMs: 1 })).rejects
      .toThrow(/^Cannot reserve a slot as ratePerSecond is not a positive number: 0$/);
    await expect(pauseSchedule(namespace, "range", -1)).rejects.toThrow(RangeError);
  });
});
