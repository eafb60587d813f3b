import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FunnelTotals } from "../../../lib/funnel/funnel.ts";
import {
  channelReportsReads,
  checkInvariants,
  readableVolume,
} from "../../../lib/funnel/invariants.ts";
import type { AnalyticsRow } from "../../../lib/model/canonical.ts";

const ROW: AnalyticsRow = {
  day: "2026-11-01",
  channel: "wa",
  skill: "sales",
  attempted: 100,
  eligible: 90,
  skipped: 5,
  sent: 80,
  failed: 20,
  delivered: 70,
  read: 60,
  conversationsCreated: 30,
  conversationsClosed: 20,
  optOuts: 2,
  optIns: 1,
  csat: 4.2,
};

/** ROW without its key, so no channel decides the read scope. */
const { day: _day, channel: _channel, skill: _skill, ...TOTALS } = ROW;

const kinds = (input: FunnelTotals | AnalyticsRow): string[] =>
  checkInvariants(input).map((a) => a.kind);

describe("channelReportsReads()", () => {
  it("channelReportsReads() is false for SMS only", () => {
    expect(channelReportsReads("sms")).toBe(false);
    expect(channelReportsReads("SMS")).toBe(false);
    expect(channelReportsReads("wa")).toBe(true);
    expect(channelReportsReads("inapp")).toBe(true);
    expect(channelReportsReads("rcs")).toBe(true);
  });
});

describe("readableVolume()", () => {
  it("readableVolume() uses the channel when given", () => {
    expect(readableVolume(ROW, "sms")).toEqual({ applicable: false, attempted: 0, delivered: 0 });
    expect(readableVolume(ROW, "wa")).toEqual({ applicable: true, attempted: 100, delivered: 70 });
  });

  it("readableVolume() uses the readable split of mixed totals", () => {
    const mixed = { ...TOTALS, attemptedReadable: 40, deliveredReadable: 30 };
    expect(readableVolume(mixed)).toEqual({ applicable: true, attempted: 40, delivered: 30 });
    expect(readableVolume({ ...mixed, attemptedReadable: 0, deliveredReadable: 0 }).applicable)
      .toBe(false);
  });

  it("readableVolume() takes totals without split or channel as readable", () => {
    expect(readableVolume(ROW)).toEqual({ applicable: true, attempted: 100, delivered: 70 });
  });
});

describe("checkInvariants()", () => {
  it("checkInvariants() returns nothing for a consistent row", () => {
    expect(checkInvariants(ROW)).toEqual([]);
  });

  it("checkInvariants() flags each stage above the one before it", () => {
    expect(kinds({ ...ROW, eligible: 101 })).toEqual(["eligible-exceeds-attempted"]);
    expect(kinds({ ...ROW, sent: 91 })).toEqual(["sent-exceeds-eligible"]);
    expect(kinds({ ...ROW, delivered: 81 })).toEqual(["delivered-exceeds-sent"]);
    expect(kinds({ ...ROW, read: 71 })).toEqual(["read-exceeds-delivered"]);
    expect(kinds({ ...ROW, conversationsClosed: 31 })).toEqual(["closed-exceeds-created"]);
    expect(kinds({ ...ROW, skipped: 101 })).toEqual(["skipped-exceeds-attempted"]);
    expect(kinds({ ...ROW, failed: 101 })).toEqual(["failed-exceeds-attempted"]);
  });

  it("checkInvariants() describes the comparison", () => {
    expect(checkInvariants({ ...ROW, read: 71 })).toEqual([
      {
        kind: "read-exceeds-delivered",
        severity: "suspicious",
        field: "read",
        value: 71,
        limitField: "delivered",
        limit: 70,
        message: "read (71) exceeds delivered (70)",
      },
    ]);
  });

  it("checkInvariants() finds created > delivered suspicious and created > sent impossible", () => {
    const [suspicious] = checkInvariants({ ...ROW, conversationsCreated: 75 });
    expect(suspicious).toMatchObject({ kind: "created-exceeds-delivered", severity: "suspicious" });
    const impossible = checkInvariants({
      ...ROW,
      conversationsCreated: 81,
      conversationsClosed: 0,
    });
    expect(impossible).toEqual([
      expect.objectContaining({ kind: "created-exceeds-sent", severity: "impossible", limit: 80 }),
    ]);
  });

  it("checkInvariants() flags reads on SMS", () => {
    const sms = { ...ROW, channel: "sms" };
    expect(checkInvariants({ ...sms, read: 0 })).toEqual([]);
    expect(checkInvariants(sms)).toEqual([
      expect.objectContaining({ kind: "read-on-sms", severity: "impossible", value: 60 }),
    ]);
    expect(kinds({ ...TOTALS, attemptedReadable: 0, deliveredReadable: 0 })).toEqual([
      "read-on-sms",
    ]);
    // a row's own channel outranks the split
    expect(kinds({ ...ROW, attemptedReadable: 0, deliveredReadable: 0 })).toEqual([]);
    expect(checkInvariants({ ...ROW, read: 1 }, { channel: "sms" })[0]?.kind).toBe("read-on-sms");
  });

  it("checkInvariants() compares mixed reads with the non-SMS delivered", () => {
    const mixed: FunnelTotals = { ...TOTALS, attemptedReadable: 50, deliveredReadable: 40 };
    expect(checkInvariants(mixed)).toEqual([
      expect.objectContaining({ kind: "read-exceeds-delivered", value: 60, limit: 40 }),
    ]);
    expect(kinds({ ...mixed, read: 40 })).toEqual([]);
    expect(kinds({ ...mixed, attemptedReadable: 101, deliveredReadable: 71, read: 0 })).toEqual([
      "readable-exceeds-total",
      "readable-exceeds-total",
    ]);
  });

  it("checkInvariants() flags CSAT outside 1..5", () => {
    expect(kinds({ ...ROW, csat: 1 })).toEqual([]);
    expect(kinds({ ...ROW, csat: 5 })).toEqual([]);
    expect(kinds({ ...ROW, csat: null })).toEqual([]);
    expect(kinds({ ...ROW, csat: 0 })).toEqual(["csat-out-of-range"]);
    expect(kinds({ ...ROW, csat: 5.01 })).toEqual(["csat-out-of-range"]);
    expect(kinds({ ...ROW, csat: Number.NaN })).toEqual(["csat-out-of-range"]);
  });

  it("checkInvariants() flags negative and fractional counts", () => {
    expect(checkInvariants({ ...ROW, optOuts: -1 })).toEqual([
      expect.objectContaining({ kind: "negative-count", field: "optOuts", value: -1 }),
    ]);
    expect(kinds({ ...ROW, conversationsClosed: 1.5 })).toEqual(["non-integer-count"]);
    expect(kinds({ ...ROW, failed: Number.POSITIVE_INFINITY })).toEqual([
      "non-integer-count",
      "failed-exceeds-attempted",
    ]);
    expect(kinds({ ...ROW, skipped: "3" as unknown as number })).toEqual(["non-integer-count"]);
  });

  it("checkInvariants() never throws and finds nothing in nested random funnels", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 }),
        fc.constantFrom("sms", "wa", "inapp"),
        fc.option(fc.double({ min: 1, max: 5, noNaN: true })),
        (n, channel, csat) => {
          // each stage is a fraction of the one before it
          const [a, e, s, d, r, c, cl, k] = n as [
            number,
            number,
            number,
            number,
            number,
            number,
            number,
            number,
          ];
          const attempted = a;
          const eligible = Math.min(e, attempted);
          const sent = Math.min(s, eligible);
          const delivered = Math.min(d, sent);
          const row: AnalyticsRow = {
            day: "2026-11-01",
            channel,
            skill: "x",
            attempted,
            eligible,
            skipped: Math.min(k, attempted - eligible),
            sent,
            failed: attempted - sent,
            delivered,
            read: channel === "sms" ? 0 : Math.min(r, delivered),
            conversationsCreated: Math.min(c, delivered),
            conversationsClosed: Math.min(cl, c, delivered),
            csat,
          };
          expect(checkInvariants(row)).toEqual([]);
          const broken = { ...row, conversationsClosed: row.conversationsCreated + 1 };
          expect(kinds(broken)).toContain("closed-exceeds-created");
        },
      ),
    );
  });
});
