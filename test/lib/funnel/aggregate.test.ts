import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccountScoped,
  analyticsFromTransactions,
  funnelTotals,
  groupRows,
  groupTransactions,
  totalsFromTransactions,
} from "../../../lib/funnel/aggregate.ts";
import { checkInvariants } from "../../../lib/funnel/invariants.ts";
import type { AnalyticsRow, Transaction } from "../../../lib/model/canonical.ts";

const NOV_1 = Date.parse("2026-11-01T00:00:00.000Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const tx = (overrides: Partial<AccountScoped<Transaction>> = {}): AccountScoped<Transaction> => ({
  transactionId: "t",
  channel: "sms",
  skill: "billing",
  consumerId: null,
  conversationId: null,
  proactiveCampaignId: null,
  handOffId: null,
  ivrNumber: null,
  initialSkill: null,
  initialChannel: null,
  attemptedTime: NOV_1,
  eligibleTime: null,
  skippedTime: null,
  cancelledTime: null,
  inviteTime: null,
  sentTime: null,
  deliveredTime: null,
  readTime: null,
  failedTime: null,
  conversationsCreatedTime: null,
  conversationsClosedTime: null,
  optInsTime: null,
  optOutsTime: null,
  csat: null,
  errorSource: null,
  errorCode: null,
  errorMessage: null,
  ...overrides,
});

/** A transaction that went all the way, from attempted to a closed conversation with CSAT. */
const full = (t: number, overrides: Partial<AccountScoped<Transaction>> = {}) =>
  tx({
    attemptedTime: t,
    eligibleTime: t,
    sentTime: t + 1,
    deliveredTime: t + 2,
    readTime: t + 3,
    conversationsCreatedTime: t + 4,
    conversationsClosedTime: t + 5,
    csat: 5,
    ...overrides,
  });

const row = (overrides: Partial<AccountScoped<AnalyticsRow>>): AccountScoped<AnalyticsRow> => ({
  day: "2026-11-01",
  channel: "wa",
  skill: "sales",
  attempted: 10,
  eligible: 10,
  skipped: 0,
  sent: 10,
  failed: 0,
  delivered: 10,
  read: 10,
  conversationsCreated: 10,
  conversationsClosed: 10,
  csat: null,
  ...overrides,
});

const EVENT_FIELDS = [
  ["attempted", "attemptedTime"],
  ["eligible", "eligibleTime"],
  ["skipped", "skippedTime"],
  ["sent", "sentTime"],
  ["failed", "failedTime"],
  ["delivered", "deliveredTime"],
  ["read", "readTime"],
  ["conversationsCreated", "conversationsCreatedTime"],
  ["conversationsClosed", "conversationsClosedTime"],
  ["optOuts", "optOutsTime"],
  ["optIns", "optInsTime"],
] as const;

/** Random transactions over 3 days, 3 channels, 3 skills, some without attemptedTime. */
const arbitraryTransactions = fc.array(
  fc.record({
    attempted: fc.option(fc.integer({ min: NOV_1, max: NOV_1 + 3 * DAY - 1 }), { freq: 8 }),
    channel: fc.constantFrom("sms", "wa", "inapp"),
    skill: fc.constantFrom("billing", "sales", null),
    campaign: fc.constantFrom("c1", "c2", null, ""),
    events: fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
    csat: fc.option(fc.integer({ min: 1, max: 5 })),
  }).map(({ attempted, channel, skill, campaign, events, csat }) => {
    const t: Partial<Record<string, number | null>> = {};
    EVENT_FIELDS.forEach(([, field], i) => (t[field] = events[i] ? NOV_1 : null));
    return tx({
      ...t,
      attemptedTime: attempted,
      channel,
      skill,
      proactiveCampaignId: campaign,
      csat,
    });
  }),
  { maxLength: 60 },
);

describe("analyticsFromTransactions()", () => {
  it("analyticsFromTransactions() counts non-null times per day, channel and skill", () => {
    const rows = analyticsFromTransactions([
      full(NOV_1 + DAY + HOUR, { channel: "wa", csat: 4 }),
      full(NOV_1 + 2 * HOUR, { channel: "wa", csat: 3 }),
      tx({ attemptedTime: NOV_1 + 3 * HOUR, eligibleTime: NOV_1, skippedTime: NOV_1 }),
      tx({ attemptedTime: NOV_1, sentTime: NOV_1, failedTime: NOV_1, optOutsTime: NOV_1 }),
      full(NOV_1 + 5 * HOUR, { channel: "wa", skill: "a-first", csat: null, optInsTime: NOV_1 }),
      tx({ attemptedTime: NOV_1 + DAY - 1, skill: null, eligibleTime: NOV_1 }),
    ]);
    const zero = { skipped: 0, failed: 0, optOuts: 0, optIns: 0 };
    expect(rows).toEqual([
      {
        day: "2026-11-01",
        channel: "sms",
        skill: "",
        attempted: 1,
        eligible: 1,
        skipped: 0,
        sent: 0,
        failed: 0,
        delivered: 0,
        read: 0,
        conversationsCreated: 0,
        conversationsClosed: 0,
        optOuts: 0,
        optIns: 0,
        csat: null,
      },
      {
        day: "2026-11-01",
        channel: "sms",
        skill: "billing",
        attempted: 2,
        eligible: 1,
        skipped: 1,
        sent: 1,
        failed: 1,
        delivered: 0,
        read: 0,
        conversationsCreated: 0,
        conversationsClosed: 0,
        optOuts: 1,
        optIns: 0,
        csat: null,
      },
      {
        day: "2026-11-01",
        channel: "wa",
        skill: "a-first",
        attempted: 1,
        eligible: 1,
        sent: 1,
        delivered: 1,
        read: 1,
        conversationsCreated: 1,
        conversationsClosed: 1,
        ...zero,
        optIns: 1,
        csat: null,
      },
      {
        day: "2026-11-01",
        channel: "wa",
        skill: "billing",
        attempted: 1,
        eligible: 1,
        sent: 1,
        delivered: 1,
        read: 1,
        conversationsCreated: 1,
        conversationsClosed: 1,
        ...zero,
        csat: 3,
      },
      {
        day: "2026-11-02",
        channel: "wa",
        skill: "billing",
        attempted: 1,
        eligible: 1,
        sent: 1,
        delivered: 1,
        read: 1,
        conversationsCreated: 1,
        conversationsClosed: 1,
        ...zero,
        csat: 4,
      },
    ]);
  });

  it("analyticsFromTransactions() skips transactions without attemptedTime", () => {
    expect(analyticsFromTransactions([tx({ attemptedTime: null, sentTime: NOV_1 })])).toEqual([]);
  });

  it("analyticsFromTransactions() averages CSAT to 2 decimals, rounding half up", () => {
    const [mean] = analyticsFromTransactions([
      full(NOV_1, { csat: 1 }),
      full(NOV_1, { csat: 1.01 }),
    ]);
    expect(mean?.csat).toBe(1.01); // 1.005; naive Math.round(x * 100) / 100 gives 1
    const [thirds] = analyticsFromTransactions([1, 1, 2].map((csat) => full(NOV_1, { csat })));
    expect(thirds?.csat).toBe(1.33);
  });

  it("analyticsFromTransactions() keeps every event once (random transactions)", () => {
    fc.assert(
      fc.property(arbitraryTransactions, (transactions) => {
        const rows = analyticsFromTransactions(transactions);
        const counted = transactions.filter((t) => t.attemptedTime !== null);
        for (const [count, time] of EVENT_FIELDS) {
          const sum = rows.reduce((total, r) => total + (r[count] ?? 0), 0);
          expect(sum, count).toBe(counted.filter((t) => t[time] !== null).length);
        }
        const keys = rows.map((r) => `${r.day}|${r.channel}|${r.skill}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect([...keys].sort()).toEqual(keys);
      }),
    );
  });

  it("analyticsFromTransactions() handles 60k transactions well under 100 ms", () => {
    const transactions = Array.from({ length: 60_000 }, (_, i) =>
      full(NOV_1 + (i % 31) * DAY + i, {
        channel: ["sms", "wa", "inapp"][i % 3] as string,
        skill: `skill-${i % 7}`,
        readTime: i % 3 === 0 ? null : NOV_1,
        csat: i % 5 === 0 ? null : (i % 5) + 1,
      }));
    analyticsFromTransactions(transactions); // warm up the JIT
    let best = Number.POSITIVE_INFINITY;
    let rows: AnalyticsRow[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      rows = analyticsFromTransactions(transactions);
      best = Math.min(best, performance.now() - start);
    }
    expect(rows).toHaveLength(31 * 3 * 7); // 31, 3 and 7 are coprime: every combination occurs
    expect(rows.reduce((n, r) => n + r.attempted, 0)).toBe(60_000);
    expect(best).toBeLessThan(100);
  });
});

describe("funnelTotals()", () => {
  it("funnelTotals() sums counts and splits off the non-SMS volume", () => {
    const totals = funnelTotals([
      row({ attempted: 10, delivered: 8, read: 5, conversationsClosed: 4 }),
      row({ channel: "sms", attempted: 20, delivered: 15, read: 0, conversationsClosed: 2 }),
    ]);
    expect(totals).toEqual({
      attempted: 30,
      eligible: 20,
      skipped: 0,
      sent: 20,
      failed: 0,
      delivered: 23,
      read: 5,
      conversationsCreated: 20,
      conversationsClosed: 6,
      attemptedReadable: 10,
      deliveredReadable: 8,
      csat: null,
    });
  });

  it("funnelTotals() weights CSAT by conversationsClosed", () => {
    const totals = funnelTotals([
      row({ csat: 5, conversationsClosed: 3 }),
      row({ csat: 1, conversationsClosed: 1 }),
      row({ csat: null, conversationsClosed: 50 }),
      row({ csat: 2, conversationsClosed: 0 }),
    ]);
    expect(totals.csat).toBe(4); // (5*3 + 1*1) / 4
    expect(funnelTotals([row({ csat: 4.444, conversationsClosed: 2 })]).csat).toBe(4.44);
    expect(funnelTotals([row({ csat: 3, conversationsClosed: 0 })]).csat).toBeNull();
  });

  it("funnelTotals() sets opt-outs and opt-ins only when every row has them", () => {
    const both = funnelTotals([row({ optOuts: 1, optIns: 2 }), row({ optOuts: 3, optIns: 0 })]);
    expect(both.optOuts).toBe(4);
    expect(both.optIns).toBe(2);
    const partial = funnelTotals([row({ optOuts: 1 }), row({})]);
    expect("optOuts" in partial).toBe(false);
    expect("optIns" in partial).toBe(false);
    expect("optOuts" in funnelTotals([])).toBe(false);
  });

  it("funnelTotals() of rows built from transactions equals totalsFromTransactions()", () => {
    fc.assert(
      fc.property(arbitraryTransactions, (transactions) => {
        const fromRows = funnelTotals(analyticsFromTransactions(transactions));
        const direct = totalsFromTransactions(transactions);
        // CSAT differs by design (closed-weighted vs per survey); the counts must agree
        expect({ ...fromRows, csat: null, optOuts: 0, optIns: 0 }).toEqual({
          ...direct,
          csat: null,
          optOuts: 0,
          optIns: 0,
        });
        if (fromRows.attempted > 0) expect(fromRows.optOuts).toBe(direct.optOuts);
      }),
    );
  });
});

describe("groupRows()", () => {
  /** A row where every stage equals `n` (no reads on SMS). */
  const sized = (n: number, overrides: Partial<AccountScoped<AnalyticsRow>>) =>
    row({
      attempted: n,
      eligible: n,
      sent: n,
      delivered: n,
      read: overrides.channel === "sms" ? 0 : n,
      conversationsCreated: n,
      conversationsClosed: n,
      ...overrides,
    });
  const rows = [
    sized(1, { day: "2026-11-02", channel: "wa", skill: "b", accountId: "A" }),
    sized(2, { day: "2026-11-01", channel: "sms", skill: "b", accountId: "B" }),
    sized(4, { day: "2026-11-01", channel: "wa", skill: "a", accountId: "A" }),
    sized(8, { day: "2026-11-02", channel: "sms", skill: "a" }),
  ];

  it("groupRows() sums per dimension value, sorted", () => {
    const groups = groupRows(rows, ["channel"]);
    expect(groups.map((g) => [g.key, g.totals.attempted])).toEqual([
      [{ channel: "sms" }, 10],
      [{ channel: "wa" }, 5],
    ]);
  });

  it("groupRows() combines dimensions in the order given", () => {
    const groups = groupRows(rows, ["skill", "day"]);
    expect(groups.map((g) => [g.key, g.totals.attempted])).toEqual([
      [{ skill: "a", day: "2026-11-01" }, 4],
      [{ skill: "a", day: "2026-11-02" }, 8],
      [{ skill: "b", day: "2026-11-01" }, 2],
      [{ skill: "b", day: "2026-11-02" }, 1],
    ]);
  });

  it("groupRows() groups by accountId, with '' for untagged rows", () => {
    expect(groupRows(rows, ["account"]).map((g) => [g.key.account, g.totals.attempted])).toEqual([
      ["", 8],
      ["A", 5],
      ["B", 2],
    ]);
  });

  it("groupRows() with no dimensions gives one group equal to funnelTotals()", () => {
    expect(groupRows(rows, [])).toEqual([{ key: {}, totals: funnelTotals(rows) }]);
    expect(groupRows([], ["day"])).toEqual([]);
  });

  it("groupRows() re-weights CSAT by conversationsClosed within each group", () => {
    const groups = groupRows([
      row({ channel: "wa", csat: 4, conversationsClosed: 1 }),
      row({ channel: "wa", csat: 2, conversationsClosed: 3 }),
      row({ channel: "sms", read: 0, csat: 3.333, conversationsClosed: 7 }),
    ], ["channel"]);
    expect(groups.map((g) => g.totals.csat)).toEqual([3.33, 2.5]);
  });

  it("groupRows() throws TypeError for an unknown dimension", () => {
    expect(() => groupRows(rows, ["campaign" as never])).toThrow(
      "Cannot group rows as the dimension is unknown: campaign",
    );
  });

  it("groupRows() totals add up to funnelTotals() and stay consistent", () => {
    for (const by of [["day"], ["channel", "skill"], ["account", "day", "skill"]] as const) {
      const groups = groupRows(rows, by);
      expect(groups.reduce((n, g) => n + g.totals.attempted, 0)).toBe(15);
      for (const group of groups) expect(checkInvariants(group.totals)).toEqual([]);
    }
  });
});

describe("groupTransactions()", () => {
  const transactions = [
    full(NOV_1, { proactiveCampaignId: "c2", handOffId: "H1", ivrNumber: "", csat: 4 }),
    full(NOV_1 + DAY, { proactiveCampaignId: "c1", channel: "wa", accountId: "acc", csat: 2 }),
    tx({ proactiveCampaignId: null, ivrNumber: "+15550100", failedTime: NOV_1 }),
    full(NOV_1, { proactiveCampaignId: "c1", channel: "wa", csat: null }),
    full(NOV_1, { attemptedTime: null, proactiveCampaignId: "c1" }),
  ];

  it("groupTransactions() groups by campaign with null last", () => {
    const groups = groupTransactions(transactions, "campaign");
    expect(groups.map((g) => [g.key, g.totals.attempted, g.totals.read, g.totals.csat])).toEqual([
      ["c1", 2, 2, 2],
      ["c2", 1, 1, 4],
      [null, 1, 0, null],
    ]);
    expect(groups[0]?.totals).toMatchObject({
      attemptedReadable: 2,
      deliveredReadable: 2,
      optOuts: 0,
      optIns: 0,
    });
  });

  it("groupTransactions() treats empty values as none", () => {
    expect(groupTransactions(transactions, "ivrNumber").map((g) => [g.key, g.totals.failed]))
      .toEqual([["+15550100", 1], [null, 0]]);
  });

  it("groupTransactions() groups by handoff, account, day, channel and skill", () => {
    const keys = (by: Parameters<typeof groupTransactions>[1]) =>
      groupTransactions(transactions, by).map((g) => [g.key, g.totals.attempted]);
    expect(keys("handoff")).toEqual([["H1", 1], [null, 3]]);
    expect(keys("account")).toEqual([["acc", 1], [null, 3]]);
    expect(keys("day")).toEqual([["2026-11-01", 3], ["2026-11-02", 1]]);
    expect(keys("channel")).toEqual([["sms", 2], ["wa", 2]]);
    expect(keys("skill")).toEqual([["billing", 4]]);
  });

  it("groupTransactions() groups failures by category, the others under null", () => {
    const failures = [
      tx({ failedTime: NOV_1, errorSource: "twilio", errorCode: "30003" }),
      tx({ failedTime: NOV_1, errorSource: "outbound", errorCode: "twilio_21610" }),
      tx({ failedTime: NOV_1, errorSource: "TWILIO", errorCode: "30004" }),
      tx({ failedTime: NOV_1, errorSource: "twilio", errorCode: "99999" }),
      tx({ failedTime: null, errorSource: "twilio", errorCode: "30003" }),
      full(NOV_1),
    ];
    expect(
      groupTransactions(failures, "failureCategory").map((g) => [g.key, g.totals.failed]),
    ).toEqual([["opted-out", 1], ["undelivered", 2], ["unknown", 1], [null, 0]]);
  });

  it("groupTransactions() throws TypeError for an unknown dimension", () => {
    expect(() => groupTransactions(transactions, "toString" as never)).toThrow(TypeError);
  });

  it("groupTransactions() groups add up to totalsFromTransactions()", () => {
    fc.assert(
      fc.property(arbitraryTransactions, (txs) => {
        const total = totalsFromTransactions(txs);
        for (const by of ["campaign", "channel", "day"] as const) {
          const groups = groupTransactions(txs, by);
          for (const field of ["attempted", "sent", "read", "deliveredReadable"] as const) {
            expect(groups.reduce((n, g) => n + (g.totals[field] ?? 0), 0)).toBe(total[field]);
          }
          const keys = groups.map((g) => g.key);
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys.indexOf(null)).toBeOneOf([-1, keys.length - 1]);
          expect(keys.includes("")).toBe(false);
        }
      }),
    );
  });
});
