import { describe, expect, it } from "vitest";
import { createSandbox, maturitySpanMs, SETTLE_MS } from "../../lib/sandbox/mod.ts";
import { analyticsFromTransactions } from "../../lib/funnel/aggregate.ts";
import { DAY, NOW, pullAnalytics } from "./support.ts";

const MINUTE = 60_000;

describe("sandbox settling with a fake clock", () => {
  it("a past window's numbers grow until it settles, then never change", async () => {
    let clock = NOW;
    const sandbox = createSandbox({
      now: () => clock,
      volume: 400,
      rateLimit: Number.POSITIVE_INFINITY,
    });
    const from = Math.floor(NOW / DAY) * DAY - DAY;
    const query = {
      accountId: "10000001",
      app: "prmsg" as const,
      dialect: "2.0" as const,
      from,
      to: from + DAY,
    };
    const total = (
      rows: Awaited<ReturnType<typeof pullAnalytics>>,
      key: "delivered" | "failed" | "conversationsCreated" | "conversationsClosed",
    ) => rows.reduce((sum, row) => sum + row[key], 0);

    clock = from + DAY + 21 * MINUTE;
    const early = await pullAnalytics(sandbox, query);
    clock = from + DAY + 24 * 60 * MINUTE;
    const later = await pullAnalytics(sandbox, query);
    clock = from + DAY + SETTLE_MS + 20 * MINUTE;
    const settled = await pullAnalytics(sandbox, query);
    // Replies count for 30 days (liveperson-api-notes.md §4): the day matures a day after that.
    clock = from + DAY + maturitySpanMs() + 20 * MINUTE;
    const matured = await pullAnalytics(sandbox, query);
    clock += 30 * DAY;
    const muchLater = await pullAnalytics(sandbox, query);

    // Every transaction is visible from the start; later events keep arriving.
    expect(total(later, "conversationsCreated")).toBeGreaterThan(
      total(early, "conversationsCreated"),
    );
    expect(total(settled, "conversationsClosed")).toBeGreaterThan(
      total(later, "conversationsClosed"),
    );
    // Delivery failures finalize up to 72 hours later (twilio_5008).
    expect(total(settled, "failed")).toBeGreaterThan(total(later, "failed"));
    expect(early.reduce((s, r) => s + r.attempted, 0)).toBe(
      settled.reduce((s, r) => s + r.attempted, 0),
    );
    expect(total(matured, "failed")).toBe(total(settled, "failed"));
    expect(total(matured, "conversationsCreated")).toBeGreaterThan(
      total(settled, "conversationsCreated"),
    );
    expect(muchLater).toEqual(matured);
  });

  it("an event shows up only 20 minutes after it happened", () => {
    let clock = NOW;
    const sandbox = createSandbox({ now: () => clock, volume: 400 });
    const from = Math.floor(NOW / DAY) * DAY - 5 * DAY;
    const truth = sandbox.transactions({
      accountId: "30000003",
      app: "prmsg",
      from,
      to: from + DAY,
    });
    const delivered = truth.find((tx) => tx.deliveredTime !== null);
    expect(delivered).toBeDefined();
    const at = delivered!.deliveredTime!;
    const find = () =>
      sandbox.transactions({ accountId: "30000003", app: "prmsg", from, to: from + DAY })
        .find((tx) => tx.transactionId === delivered!.transactionId);
    clock = at + 20 * MINUTE - 1;
    expect(find()?.deliveredTime).toBeNull();
    clock = at + 20 * MINUTE;
    expect(find()?.deliveredTime).toBe(at);
    clock = delivered!.attemptedTime! + 20 * MINUTE - 1;
    expect(find()).toBeUndefined();
  });

  it("a day's conversationsCreated keep rising from +4 to +30 days, then stop (30-day lookback)", () => {
    let clock = NOW;
    const sandbox = createSandbox({ now: () => clock, volume: 2000 });
    const from = Math.floor(NOW / DAY) * DAY - 60 * DAY;
    const query = { accountId: "20000002", app: "c2m" as const, from, to: from + DAY };
    const at = (days: number, key: "conversationsCreated" | "conversationsClosed" | "optOuts") => {
      clock = from + DAY + days * DAY + 20 * MINUTE;
      return sandbox.analytics(query).reduce((sum, row) => sum + (row[key] ?? 0), 0);
    };
    const created = [4, 8, 12, 16, 20, 24, 28, 30].map((days) => at(days, "conversationsCreated"));
    for (let i = 1; i < created.length; i++) {
      expect(created[i]).toBeGreaterThan(created[i - 1] as number);
    }
    expect(at(31, "conversationsCreated")).toBe(at(45, "conversationsCreated"));
    expect(at(4, "optOuts")).toBeLessThan(at(31, "optOuts"));
    expect(at(31, "conversationsClosed")).toBe(at(45, "conversationsClosed"));
    // The answers equal the transactions at every step.
    clock = from + DAY + 10 * DAY;
    expect(sandbox.analytics(query)).toEqual(
      analyticsFromTransactions(sandbox.transactions(query)),
    );
  });

  it("replyLookbackDays: 2 keeps every event of a day within 72 h", () => {
    let clock = NOW;
    const sandbox = createSandbox({ now: () => clock, volume: 2000, replyLookbackDays: 2 });
    const from = Math.floor(NOW / DAY) * DAY - 60 * DAY;
    const query = { accountId: "10000001", app: "prmsg" as const, from, to: from + DAY };
    clock = from + DAY + SETTLE_MS + 20 * MINUTE;
    const settled = sandbox.analytics(query);
    clock += 40 * DAY;
    expect(sandbox.analytics(query)).toEqual(settled);
    expect(() => createSandbox({ replyLookbackDays: -1 })).toThrow(RangeError);
  });
});
