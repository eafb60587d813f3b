import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { funnelTotals } from "../../../lib/funnel/aggregate.ts";
import {
  computeFunnel,
  FUNNEL_STAGES,
  type FunnelStageResult,
  type FunnelTotals,
} from "../../../lib/funnel/funnel.ts";
import type { AnalyticsRow } from "../../../lib/model/canonical.ts";

/** The V2 docs' analytics example (notes §1a), as a canonical row. */
const WA_ROW: AnalyticsRow = {
  day: "2021-12-11",
  channel: "wa",
  skill: "sales",
  attempted: 500,
  eligible: 475,
  skipped: 10,
  sent: 450,
  failed: 50,
  delivered: 440,
  read: 400,
  conversationsCreated: 200,
  conversationsClosed: 185,
  csat: 2.5,
};
const SMS_ROW: AnalyticsRow = { ...WA_ROW, channel: "sms", read: 0, skill: "billing" };

const byStage = (stages: FunnelStageResult[]): Record<string, FunnelStageResult> =>
  Object.fromEntries(stages.map((s) => [s.stage, s]));

describe("computeFunnel()", () => {
  it("computeFunnel() lists the stages in order with step and overall rates", () => {
    const funnel = computeFunnel(WA_ROW);
    expect(funnel.stages.map((s) => s.stage)).toEqual([...FUNNEL_STAGES]);
    expect(funnel.stages).toEqual([
      { stage: "attempted", count: 500, previous: null, fromPrevious: 1, fromStart: 1 },
      { stage: "eligible", count: 475, previous: "attempted", fromPrevious: 0.95, fromStart: 0.95 },
      { stage: "sent", count: 450, previous: "eligible", fromPrevious: 450 / 475, fromStart: 0.9 },
      {
        stage: "delivered",
        count: 440,
        previous: "sent",
        fromPrevious: 440 / 450,
        fromStart: 0.88,
      },
      { stage: "read", count: 400, previous: "delivered", fromPrevious: 400 / 440, fromStart: 0.8 },
      {
        stage: "conversationsCreated",
        count: 200,
        previous: "read",
        fromPrevious: 0.5,
        fromStart: 0.4,
      },
      {
        stage: "conversationsClosed",
        count: 185,
        previous: "conversationsCreated",
        fromPrevious: 0.925,
        fromStart: 0.37,
      },
    ]);
    expect(funnel.csat).toBe(2.5);
    expect(funnel.anomalies).toEqual([]);
  });

  it("computeFunnel() reports side exits over attempted", () => {
    const { exits } = computeFunnel({ ...WA_ROW, optOuts: 5 });
    expect(exits).toEqual({
      ineligible: { count: 25, fromStart: 0.05 },
      skipped: { count: 10, fromStart: 0.02 },
      failed: { count: 50, fromStart: 0.1 },
      optOuts: { count: 5, fromStart: 0.01 },
    });
  });

  it("computeFunnel() marks opt-outs not applicable when the dialect lacks them", () => {
    expect(computeFunnel(WA_ROW).exits.optOuts).toEqual({
      count: null,
      fromStart: "not-applicable",
    });
  });

  it("computeFunnel() makes SMS reads not applicable, never 0 %", () => {
    const stages = byStage(computeFunnel(SMS_ROW).stages);
    expect(stages.read).toEqual({
      stage: "read",
      count: null,
      previous: "delivered",
      fromPrevious: "not-applicable",
      fromStart: "not-applicable",
    });
    expect(stages.conversationsCreated).toMatchObject({
      previous: "delivered",
      fromPrevious: 200 / 440,
    });
  });

  it("computeFunnel() lets the channel option override the row's channel", () => {
    expect(byStage(computeFunnel(WA_ROW, { channel: "sms" }).stages).read?.count).toBeNull();
    expect(byStage(computeFunnel(SMS_ROW, { channel: "inapp" }).stages).read?.count).toBe(0);
    const totals: FunnelTotals = { ...WA_ROW };
    expect(byStage(computeFunnel(totals, { channel: "SMS" }).stages).read?.fromStart).toBe(
      "not-applicable",
    );
  });

  it("computeFunnel() computes mixed-channel reads over the non-SMS volume only", () => {
    const totals = funnelTotals([WA_ROW, SMS_ROW]);
    expect(totals.attemptedReadable).toBe(500);
    expect(totals.deliveredReadable).toBe(440);
    const stages = byStage(computeFunnel(totals).stages);
    expect(stages.read).toMatchObject({ count: 400, fromPrevious: 400 / 440, fromStart: 0.8 });
    // created includes SMS conversations, so it converts from all delivered, not read
    expect(stages.conversationsCreated).toMatchObject({
      count: 400,
      previous: "delivered",
      fromPrevious: 400 / 880,
      fromStart: 0.4,
    });
  });

  it("computeFunnel() treats totals without non-SMS volume as SMS", () => {
    const totals = funnelTotals([SMS_ROW, { ...SMS_ROW, day: "2021-12-12" }]);
    expect(byStage(computeFunnel(totals).stages).read?.fromPrevious).toBe("not-applicable");
  });

  it("computeFunnel() returns null rates for zero denominators", () => {
    const zero: FunnelTotals = {
      attempted: 0,
      eligible: 0,
      skipped: 0,
      sent: 0,
      failed: 0,
      delivered: 0,
      read: 0,
      conversationsCreated: 0,
      conversationsClosed: 0,
      csat: null,
    };
    const funnel = computeFunnel(zero);
    for (const stage of funnel.stages) {
      expect(stage.count, stage.stage).toBe(0);
      expect(stage.fromPrevious, stage.stage).toBeNull();
      expect(stage.fromStart, stage.stage).toBeNull();
    }
    expect(funnel.exits.failed).toEqual({ count: 0, fromStart: null });
    expect(funnel.csat).toBeNull();
  });

  it("computeFunnel() reports anomalies without hiding them in clamped rates", () => {
    const funnel = computeFunnel({ ...WA_ROW, delivered: 460 });
    expect(byStage(funnel.stages).delivered?.fromPrevious).toBeCloseTo(460 / 450, 12);
    expect(funnel.anomalies.map((a) => a.kind)).toEqual(["delivered-exceeds-sent"]);
    expect(computeFunnel(SMS_ROW, { channel: "sms" }).anomalies).toEqual([]);
    expect(computeFunnel({ ...SMS_ROW, read: 3 }).anomalies.map((a) => a.kind)).toEqual([
      "read-on-sms",
    ]);
  });

  it("computeFunnel() rates are count / denominator for random totals", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 9, maxLength: 9 }),
        fc.constantFrom("sms", "wa", "inapp"),
        (n, channel) => {
          const [attempted, eligible, skipped, sent, failed, delivered, read, created, closed] =
            n as [number, number, number, number, number, number, number, number, number];
          const totals: FunnelTotals = {
            attempted,
            eligible,
            skipped,
            sent,
            failed,
            delivered,
            read,
            conversationsCreated: created,
            conversationsClosed: closed,
            csat: null,
          };
          const stages = byStage(computeFunnel(totals, { channel }).stages);
          const rate = (a: number, b: number): number | null => b === 0 ? null : a / b;
          expect(stages.sent?.fromPrevious).toBe(rate(sent, eligible));
          expect(stages.delivered?.fromStart).toBe(rate(delivered, attempted));
          expect(stages.conversationsClosed?.fromPrevious).toBe(rate(closed, created));
          expect(stages.conversationsCreated?.fromPrevious).toBe(
            channel === "sms" ? rate(created, delivered) : rate(created, read),
          );
          expect(stages.read?.count).toBe(channel === "sms" ? null : read);
        },
      ),
    );
  });
});
