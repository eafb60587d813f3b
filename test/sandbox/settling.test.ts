import { describe, expect, it } from "vitest";
import { createSandbox, SETTLE_MS } from "../../lib/sandbox/mod.ts";
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
    expect(muchLater).toEqual(settled);
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
});
