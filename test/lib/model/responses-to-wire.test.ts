import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  AnalyticsRow,
  ConsumerReportEntry,
  Dialect,
  RequestMetadata,
  Transaction,
} from "../../../lib/model/canonical.ts";
import {
  parseAnalyticsResponse,
  parseCampaignReport,
  parseTransactionsPage,
} from "../../../lib/model/wire-to-responses.ts";
import { parseOrThrow } from "../../../lib/model/issue-message.ts";
import { transactionFiltersBodySchema } from "../../../lib/model/wire-current.ts";
import { filtersFromWire } from "../../../lib/model/wire-to-envelope.ts";
import { parseRequestFilters } from "../../../lib/model/wire-to-request-params.ts";
import {
  analyticsFiltersToWire,
  analyticsRowToWire,
  analyticsToWire,
  campaignReportToWire,
  consumerReportEntryToWire,
  formatChannel,
  pageToWire,
  transactionFiltersToWire,
  transactionsPageToWire,
  transactionToWire,
} from "../../../lib/model/responses-to-wire.ts";
import { NOTES_CURRENT, SPEC_2_0 } from "./fixtures/reference-examples.ts";

const DIALECTS: readonly Dialect[] = ["current", "2.0"];

/** Through the wire as text, the way the sandbox and the Worker send it. */
function viaWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const row: AnalyticsRow = {
  day: "2026-11-01",
  channel: "wa",
  skill: "billing",
  attempted: 9,
  eligible: 8,
  skipped: 1,
  sent: 7,
  failed: 2,
  delivered: 6,
  read: 5,
  conversationsCreated: 4,
  conversationsClosed: 3,
  optOuts: 1,
  optIns: 0,
  csat: null,
};

describe("formatChannel()", () => {
  it("uppercases known channels in 2.0 and keeps unknown ones as given", () => {
    expect(["sms", "wa", "inapp", "rcs"].map((c) => formatChannel(c, "2.0")))
      .toEqual(["SMS", "WA", "INAPP", "rcs"]);
    expect(["sms", "wa", "inapp", "RCS"].map((c) => formatChannel(c, "current")))
      .toEqual(["sms", "wa", "inapp", "RCS"]);
  });
});

describe("analyticsRowToWire()", () => {
  it("writes the current shape: lowercase keys, MM-DD-YYYY, csat a string, no opt-ins/outs", () => {
    expect(analyticsRowToWire({ ...row, csat: 2.5 }, "current")).toStrictEqual({
      channel: "wa",
      skill: "billing",
      transactionday: "11-01-2026",
      attempted: 9,
      eligible: 8,
      skipped: 1,
      sent: 7,
      failed: 2,
      delivered: 6,
      read: 5,
      conversationscreated: 4,
      conversationsclosed: 3,
      csat: "2.5",
    });
    expect(analyticsRowToWire(row, "current")).toHaveProperty("csat", "0");
  });

  it("writes the 2.0 shape in the spec's key order", () => {
    const wire = analyticsRowToWire(row, "2.0");
    expect(Object.keys(wire)).toEqual(
      Object.keys(JSON.parse(SPEC_2_0.analyticsGetResponse).analytics[0]),
    );
    expect(wire).toMatchObject({
      date: "2026-11-01",
      channel: "WA",
      optOuts: 1,
      optIns: 0,
      csat: 0,
    });
  });
});

describe("transactionToWire()", () => {
  it("writes ISO times and the 2.0 spec's keys only", () => {
    const tx = parseTransactionsPage(JSON.parse(NOTES_CURRENT.transactionsResponse), "current")
      .transactions[0] as Transaction;
    const wire = transactionToWire(tx, "2.0");
    expect(Object.keys(wire).sort()).toEqual(
      Object.keys(JSON.parse(SPEC_2_0.transactionsResponse).transactions[0]).sort(),
    );
    expect(wire).toMatchObject({
      channel: "SMS",
      attemptedTime: "2021-10-04T10:00:00.000Z",
      csat: 0,
    });
    expect(transactionToWire(tx, "current")).toMatchObject({
      channel: "sms",
      initialChannel: "sms",
      handOffId: "H000000000000000",
      skippedTime: null,
      csat: null,
    });
  });
});

describe("consumerReportEntryToWire() and pageToWire()", () => {
  it("leave consumerId out of 2.0 and write null offsets as -1", () => {
    const entry: ConsumerReportEntry = {
      id: "a",
      consumerId: "c",
      status: "FAILED",
      errorSource: "twilio",
      errorCode: "30003",
      errorMessage: "Unreachable",
      conversationId: null,
    };
    expect(consumerReportEntryToWire(entry, "2.0")).not.toHaveProperty("consumerId");
    expect(consumerReportEntryToWire(entry, "current")).toHaveProperty("consumerId", "c");
    expect(pageToWire({ count: 2, previousOffset: null, currentOffset: 0, nextOffset: null }))
      .toStrictEqual({ count: 2, previousOffset: -1, currentOffset: 0, nextOffset: -1 });
  });
});

describe("filter serializers", () => {
  it("transactionFiltersToWire() uses wire names and round-trips in the current dialect", () => {
    const filters = {
      channels: ["sms", "wa"],
      skills: ["billing"],
      statuses: ["READ"],
      handoffIds: ["H1"],
      sources: ["API"],
    };
    const wire = transactionFiltersToWire(filters, "current");
    expect(wire).toStrictEqual({
      channels: ["sms", "wa"],
      skills: ["billing"],
      messagestatus: ["READ"],
      handoffids: ["H1"],
      source: ["API"],
    });
    expect(
      filtersFromWire(parseOrThrow(transactionFiltersBodySchema, viaWire(wire), "filters")),
    ).toStrictEqual(filters);
  });

  it("transactionFiltersToWire() refuses current-only filters in 2.0 rather than widen the query", () => {
    expect(() => transactionFiltersToWire({ statuses: ["READ"] }, "2.0")).toThrow(
      new RangeError(
        'Cannot filter by messagestatus as the 2.0 dialect has only channel and skill filters: ["READ"]',
      ),
    );
  });

  it("analyticsFiltersToWire() writes the 2.0 spec's body example", () => {
    const wire = analyticsFiltersToWire({ channels: ["sms"], skills: ["billing"] }, "2.0");
    expect(wire).toStrictEqual(JSON.parse(SPEC_2_0.analyticsPostBody));
    expect(
      parseRequestFilters(
        "accountAnalytics",
        "2.0",
        new URL("https://x/"),
        viaWire(wire) as Record<string, unknown>,
      ),
    ).toStrictEqual({
      channels: ["sms"],
      skills: ["billing"],
    });
  });
});

describe("round trips through the reference examples", () => {
  it("parse(toWire(parse(example))) equals parse(example)", () => {
    const cases: [string, Dialect][] = [
      [SPEC_2_0.analyticsGetResponse, "2.0"],
      [NOTES_CURRENT.analyticsResponse, "current"],
      [NOTES_CURRENT.campaignAnalyticsResponse, "current"],
    ];
    for (const [text, dialect] of cases) {
      const parsed = parseAnalyticsResponse(JSON.parse(text), dialect);
      expect(parseAnalyticsResponse(viaWire(analyticsToWire(parsed, dialect)), dialect))
        .toStrictEqual(parsed);
    }
    for (
      const [text, dialect] of [[SPEC_2_0.transactionsResponse, "2.0"], [
        NOTES_CURRENT.transactionsResponse,
        "current",
      ]] as const
    ) {
      const parsed = parseTransactionsPage(JSON.parse(text), dialect);
      expect(parseTransactionsPage(viaWire(transactionsPageToWire(parsed, dialect)), dialect))
        .toStrictEqual(parsed);
    }
    for (
      const [text, dialect] of [[SPEC_2_0.campaignReportResponse, "2.0"], [
        NOTES_CURRENT.campaignReportResponse,
        "current",
      ]] as const
    ) {
      const parsed = parseCampaignReport(JSON.parse(text), dialect);
      expect(parseCampaignReport(viaWire(campaignReportToWire(parsed, dialect)), dialect))
        .toStrictEqual(parsed);
    }
  });
});

// ---- property round trips over canonical values ----

const text = fc.string({ maxLength: 8 });
const nullableText = fc.option(text, { nil: null });
const channel = fc.constantFrom("sms", "wa", "inapp", "rcs", "Viber");
// Four-digit years only: that is what ISO-8601 strings on the wire carry.
const time = fc.option(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), {
  nil: null,
});
// 0 reads back as "none" [INF], so a canonical score is positive or null.
const csat = fc.option(fc.double({ min: Number.MIN_VALUE, max: 1e9, noNaN: true }), { nil: null });
const count = fc.nat();
const day = fc.oneof(
  fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }).map((ms) =>
    new Date(ms).toISOString().slice(0, 10)
  ),
  fc.constant("string"),
);

function transactionArb(dialect: Dialect): fc.Arbitrary<Transaction> {
  const onlyCurrent = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
    dialect === "current" ? arb : fc.constant(null);
  return fc.record({
    transactionId: text,
    channel,
    skill: nullableText,
    consumerId: onlyCurrent(nullableText),
    conversationId: nullableText,
    proactiveCampaignId: onlyCurrent(nullableText),
    handOffId: onlyCurrent(nullableText),
    ivrNumber: onlyCurrent(nullableText),
    initialSkill: onlyCurrent(nullableText),
    initialChannel: onlyCurrent(fc.option(channel, { nil: null })),
    attemptedTime: time,
    eligibleTime: time,
    skippedTime: onlyCurrent(time),
    cancelledTime: time,
    inviteTime: time,
    sentTime: time,
    deliveredTime: time,
    readTime: time,
    failedTime: time,
    conversationsCreatedTime: time,
    conversationsClosedTime: time,
    optInsTime: time,
    optOutsTime: time,
    csat,
    errorSource: nullableText,
    errorCode: nullableText,
    errorMessage: nullableText,
  }, { noNullPrototype: true });
}

function analyticsRowArb(dialect: Dialect): fc.Arbitrary<AnalyticsRow> {
  const base = fc.record({
    day,
    channel,
    skill: text,
    attempted: count,
    eligible: count,
    skipped: count,
    sent: count,
    failed: count,
    delivered: count,
    read: count,
    conversationsCreated: count,
    conversationsClosed: count,
    csat,
  }, { noNullPrototype: true });
  // The current dialect has no optOuts/optIns; 2.0 rows may carry them or not.
  if (dialect === "current") return base;
  const extra = fc.record({ optOuts: count, optIns: count }, {
    requiredKeys: [],
    noNullPrototype: true,
  });
  return fc.tuple(base, extra).map(([row, more]) => ({ ...row, ...more }));
}

const list = fc.array(text, { maxLength: 3 });
const metadataArb: fc.Arbitrary<RequestMetadata> = fc.record(
  {
    accountId: text,
    app: fc.constantFrom("prmsg", "c2m"),
    attemptedStartTime: count,
    attemptedEndTime: count,
    proactiveCampaignId: text,
    filters: fc.record(
      {
        channels: fc.array(channel, { maxLength: 3 }),
        skills: list,
        statuses: list,
        handoffIds: list,
        sources: list,
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
  },
  { requiredKeys: ["accountId", "app"], noNullPrototype: true },
);
const pageArb = fc.record({
  count: count,
  previousOffset: fc.option(count, { nil: null }),
  currentOffset: count,
  nextOffset: fc.option(count, { nil: null }),
}, { noNullPrototype: true });

describe("round trips over generated canonical values", () => {
  it("parseTransactionsPage(transactionsPageToWire(x)) equals x", () => {
    for (const dialect of DIALECTS) {
      fc.assert(
        fc.property(
          metadataArb,
          pageArb,
          fc.array(transactionArb(dialect), { maxLength: 5 }),
          (metadata, page, transactions) => {
            const value = { metadata, page, transactions };
            expect(parseTransactionsPage(viaWire(transactionsPageToWire(value, dialect)), dialect))
              .toStrictEqual(value);
          },
        ),
        { numRuns: 200 },
      );
    }
  });

  it("parseAnalyticsResponse(analyticsToWire(x)) equals x", () => {
    for (const dialect of DIALECTS) {
      fc.assert(
        fc.property(
          metadataArb,
          fc.array(analyticsRowArb(dialect), { maxLength: 5 }),
          (metadata, rows) => {
            const value = { metadata, rows };
            expect(parseAnalyticsResponse(viaWire(analyticsToWire(value, dialect)), dialect))
              .toStrictEqual(value);
          },
        ),
        { numRuns: 200 },
      );
    }
  });

  it("parseCampaignReport(campaignReportToWire(x)) equals x", () => {
    for (const dialect of DIALECTS) {
      const entry = fc.record({
        id: text,
        consumerId: dialect === "current" ? nullableText : fc.constant(null),
        status: fc.constantFrom("DELIVERED", "FAILED", "SKIPPED"),
        errorSource: nullableText,
        errorCode: nullableText,
        errorMessage: nullableText,
        conversationId: nullableText,
      }, { noNullPrototype: true });
      fc.assert(
        fc.property(
          metadataArb,
          pageArb,
          fc.array(entry, { maxLength: 5 }),
          (metadata, page, entries) => {
            const value = { metadata, page, entries };
            expect(parseCampaignReport(viaWire(campaignReportToWire(value, dialect)), dialect))
              .toStrictEqual(value);
          },
        ),
        { numRuns: 200 },
      );
    }
  });
});
