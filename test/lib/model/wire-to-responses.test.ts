import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { isValidationError, type ValidationError } from "../../../lib/errors/validation-error.ts";
import { normalizeDay } from "../../../lib/model/wire-to-analytics-row.ts";
import { transactionsPageSchema } from "../../../lib/model/wire-to-transactions-page.ts";
import {
  parseAnalyticsResponse,
  parseCampaignReport,
  parseTransactionsPage,
} from "../../../lib/model/wire-to-responses.ts";
import {
  parseAttemptedWindow,
  parseRequestFilters,
} from "../../../lib/model/wire-to-request-params.ts";

const metadata = { accountId: "123456", app: "prmsg", attemptedStartTime: 1, attemptedEndTime: 2 };
const page = { count: 4, previousOffset: -1, currentOffset: 0, nextOffset: 4 };

function tx(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionId: `tx-${i}`,
    channel: "sms",
    skill: "billing",
    attemptedTime: "2026-11-01T10:00:00.000Z",
    ...extra,
  };
}

function transactionsBody(rows: unknown[]): unknown {
  return { requestMetadata: metadata, page, transactions: rows };
}

function currentRow(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: "sms",
    skill: "billing",
    transactionday: "11-01-2026",
    attempted: 5,
    eligible: 4,
    skipped: 1,
    sent: 4,
    failed: 1,
    delivered: 3,
    read: 2,
    conversationscreated: 1,
    conversationsclosed: 1,
    csat: "4.5",
    ...extra,
  };
}

function caught(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("parseTransactionsPage()", () => {
  it("names the JSON path and the value of a bad time", () => {
    const rows = [tx(0), tx(1), tx(2), tx(3, { attemptedTime: "yesterday" })];
    const error = caught(() => parseTransactionsPage(transactionsBody(rows), "current"));
    expect(error.message).toBe(
      'Cannot parse transactions response as transactions[3].attemptedTime is not a time: "yesterday"',
    );
    expect(error.name).toBe("ValidationError");
    expect(error.issues[0]?.path).toEqual(["transactions", 3, "attemptedTime"]);
  });

  it("rejects an ISO time without a zone, which Date.parse would read as local time", () => {
    const rows = [tx(0, { sentTime: "2026-11-01T10:00:00" })];
    expect(() => parseTransactionsPage(transactionsBody(rows), "2.0")).toThrow(
      'transactions[0].sentTime is not a time: "2026-11-01T10:00:00"',
    );
  });

  it("says a required field is missing", () => {
    const row = tx(0);
    delete row.transactionId;
    expect(() => parseTransactionsPage(transactionsBody([row]), "current")).toThrow(
      "Cannot parse transactions response as transactions[0].transactionId is missing",
    );
  });

  it("names a wrong type with the value", () => {
    expect(() => parseTransactionsPage(transactionsBody([tx(0, { skill: 42 })]), "current"))
      .toThrow("transactions[0].skill is not a string: 42");
    expect(() => parseTransactionsPage(transactionsBody([tx(0, { csat: "great" })]), "current"))
      .toThrow('transactions[0].csat is not a CSAT: "great"');
  });

  it("reports a body that is not an object", () => {
    expect(() => parseTransactionsPage("<html>bad gateway</html>", "current")).toThrow(
      'Cannot parse transactions response as the body is not an object: "<html>bad gateway</html>"',
    );
  });

  it("reports a bad page offset", () => {
    const body = { requestMetadata: metadata, page: { ...page, nextOffset: -2 }, transactions: [] };
    expect(() => parseTransactionsPage(body, "current")).toThrow(
      "page.nextOffset is not a page offset (-1 or more): -2",
    );
  });

  it("accepts epoch ms times, offsets in ISO times, and absent fields as null", () => {
    const rows = [
      tx(0, { attemptedTime: 1_790_000_000_000, sentTime: "2026-11-01T12:00:00+02:00" }),
    ];
    const [first] = parseTransactionsPage(transactionsBody(rows), "current").transactions;
    expect(first?.attemptedTime).toBe(1_790_000_000_000);
    expect(first?.sentTime).toBe(Date.UTC(2026, 10, 1, 10));
    expect(first?.deliveredTime).toBeNull();
    expect(first?.consumerId).toBeNull();
  });

  it("turns -1 offsets into null and keeps the others", () => {
    const parsed = parseTransactionsPage(transactionsBody([]), "current");
    expect(parsed.page).toStrictEqual({
      count: 4,
      previousOffset: null,
      currentOffset: 0,
      nextOffset: 4,
    });
  });

  it("normalizes channels, including the initial channel", () => {
    const rows = [
      tx(0, { channel: "WA", initialChannel: "WhatsApp" }),
      tx(1, { channel: "INAPP" }),
    ];
    const parsed = parseTransactionsPage(transactionsBody(rows), "current");
    expect(parsed.transactions.map((t) => [t.channel, t.initialChannel])).toEqual([
      ["wa", "wa"],
      ["inapp", null],
    ]);
  });

  it("reads csat 0, '0', '' and null as none", () => {
    const rows = [0, "0", "", null, 4, "3.5"].map((csat, i) => tx(i, { csat }));
    const parsed = parseTransactionsPage(transactionsBody(rows), "current");
    expect(parsed.transactions.map((t) => t.csat)).toEqual([null, null, null, null, 4, 3.5]);
  });

  it("tolerates unknown fields at every level", () => {
    const body = {
      requestMetadata: { ...metadata, region: "va" },
      page: { ...page, total: 9 },
      transactions: [tx(0, { brandNewField: { nested: true } })],
      debug: "yes",
    };
    const parsed = parseTransactionsPage(body, "current");
    expect(parsed.transactions[0]?.transactionId).toBe("tx-0");
    expect(parsed.transactions[0]).not.toHaveProperty("brandNewField");
  });

  it("ignores current-only fields in the 2.0 dialect", () => {
    const rows = [tx(0, { consumerId: "c1", skippedTime: "2026-11-01T10:00:00Z", handOffId: 7 })];
    const [first] = parseTransactionsPage(transactionsBody(rows), "2.0").transactions;
    expect(first?.consumerId).toBeNull();
    expect(first?.skippedTime).toBeNull();
    expect(first?.handOffId).toBeNull();
    expect(() => parseTransactionsPage(transactionsBody(rows), "current")).toThrow(
      "transactions[0].handOffId is not a string: 7",
    );
  });
});

describe("parseAnalyticsResponse()", () => {
  it("names the row and field of a bad count", () => {
    const body = {
      requestMetadata: metadata,
      analytics: [currentRow(), currentRow({ sent: "4" })],
    };
    expect(() => parseAnalyticsResponse(body, "current")).toThrow(
      'Cannot parse analytics response as analytics[1].sent is not a non-negative integer: "4"',
    );
    const negative = { requestMetadata: metadata, analytics: [currentRow({ read: -1 })] };
    expect(() => parseAnalyticsResponse(negative, "current")).toThrow(
      "analytics[0].read is not a non-negative integer: -1",
    );
  });

  it("rejects a body of the other dialect by naming the missing field", () => {
    const body = { requestMetadata: metadata, analytics: [currentRow()] };
    expect(() => parseAnalyticsResponse(body, "2.0")).toThrow("analytics[0].date is missing");
  });

  it("leaves optOuts and optIns out of current rows and out of 2.0 rows that lack them", () => {
    const [current] = parseAnalyticsResponse(
      { requestMetadata: metadata, analytics: [currentRow({ optOuts: 3 })] },
      "current",
    ).rows;
    expect(current).not.toHaveProperty("optOuts");
    expect(current?.csat).toBe(4.5);
  });

  it("carries every zod issue", () => {
    const body = { requestMetadata: metadata, analytics: [currentRow({ sent: "4", read: null })] };
    const error = caught(() => parseAnalyticsResponse(body, "current"));
    expect(error.issues.map((issue) => issue.path.join("."))).toEqual([
      "analytics.0.sent",
      "analytics.0.read",
    ]);
  });
});

describe("parseCampaignReport()", () => {
  it("treats a body without page as one whole page", () => {
    const body = {
      requestMetadata: { accountId: 1, app: "prmsg", proactiveCampaignId: 77 },
      consumersReport: [{ id: "a", status: "SKIPPED" }],
    };
    expect(parseCampaignReport(body, "current")).toStrictEqual({
      metadata: { accountId: "1", app: "prmsg", proactiveCampaignId: "77" },
      page: { count: 1, previousOffset: null, currentOffset: 0, nextOffset: null },
      entries: [{
        id: "a",
        consumerId: null,
        status: "SKIPPED",
        errorSource: null,
        errorCode: null,
        errorMessage: null,
        conversationId: null,
      }],
    });
  });
});

describe("normalizeDay()", () => {
  it("reorders MM-DD-YYYY and keeps other values as given", () => {
    expect(normalizeDay("10-25-2021")).toBe("2021-10-25");
    expect(normalizeDay("2021-10-25")).toBe("2021-10-25");
    expect(normalizeDay("string")).toBe("string");
    expect(normalizeDay("10/25/2021")).toBe("10/25/2021");
  });
});

describe("request parsers", () => {
  it("parseAttemptedWindow() reads both times as numbers", () => {
    const query = new URLSearchParams(
      "attemptedStartTime=1602007811000&attemptedEndTime=1602094211000",
    );
    expect(parseAttemptedWindow(query)).toStrictEqual({
      attemptedStartTime: 1602007811000,
      attemptedEndTime: 1602094211000,
    });
  });

  it("parseAttemptedWindow() names a missing or malformed time", () => {
    expect(() => parseAttemptedWindow(new URLSearchParams("attemptedStartTime=1"))).toThrow(
      "Cannot parse request query as attemptedEndTime is missing",
    );
    expect(() =>
      parseAttemptedWindow(new URLSearchParams("attemptedStartTime=now&attemptedEndTime=1"))
    ).toThrow('attemptedStartTime is not epoch milliseconds: "now"');
  });

  const noQuery = new URL("https://va.cx-reporting.liveperson.net/");

  it("parseRequestFilters() reads an absent body as no filters", () => {
    expect(parseRequestFilters("accountAnalytics", "current", noQuery, null)).toStrictEqual({});
    expect(parseRequestFilters("accountAnalytics", "current", noQuery, {})).toStrictEqual({});
    expect(parseRequestFilters("transactions", "2.0", noQuery, null)).toStrictEqual({});
  });

  it("parseRequestFilters() refuses the newer filters in the 2.0 dialect rather than widen the query", () => {
    const body = { channels: ["SMS"], messagestatus: ["READ"] };
    expect(() => parseRequestFilters("transactions", "2.0", noQuery, body)).toThrow(
      'Cannot parse transaction filters as the body has an unknown key: "messagestatus"',
    );
    expect(() =>
      parseRequestFilters("transactions", "2.0", new URL(`${noQuery}?messagestatus=READ`), null)
    ).toThrow(
      "Cannot filter transactions by messagestatus as the 2.0 dialect has only channel and skill filters",
    );
    expect(parseRequestFilters("transactions", "current", noQuery, body)).toStrictEqual({
      channels: ["sms"],
      statuses: ["READ"],
    });
  });

  it("parseRequestFilters() puts the query's filters before the body's", () => {
    const url = new URL(`${noQuery}?channels=wa,SMS&skills=a&skills=b`);
    expect(parseRequestFilters("transactions", "current", url, { channels: ["inapp"] }))
      .toStrictEqual({ channels: ["wa", "sms", "inapp"], skills: ["a", "b"] });
  });

  it("parseRequestFilters() names a filter that is not a list of strings, or unknown", () => {
    expect(() => parseRequestFilters("transactions", "current", noQuery, { skills: "billing" }))
      .toThrow('Cannot parse transaction filters as skills is not an array: "billing"');
    expect(() =>
      parseRequestFilters("accountAnalytics", "current", noQuery, { filters: { colour: [] } })
    ).toThrow('Cannot parse analytics filters as filters has an unknown key: "colour"');
  });
});

describe("transactionsPageSchema()", () => {
  // Values of every kind a time, text or csat field may meet, valid ones weighted up.
  const time = fc.oneof(
    {
      arbitrary: fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString()),
      weight: 6,
    },
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 4e12 }), weight: 1 },
    {
      arbitrary: fc.constantFrom<unknown>(
        "yesterday",
        "2026-11-01T10:00:00",
        "2026-13-01T00:00:00Z",
        "2026-11-01T10:00:00+0200",
        "2026-11-01T10:00Z",
        "2026-11-01T10:00:00.123456789Z",
        "2026-11-01T10:00:00-05:00",
        "",
        -1,
        1.5,
        Number.NaN,
        true,
        [],
        {},
      ),
      weight: 1,
    },
  );
  const text = fc.oneof(
    { arbitrary: fc.string({ maxLength: 6 }), weight: 6 },
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: fc.constantFrom<unknown>(0, true, [], {}), weight: 1 },
  );
  const csat = fc.oneof(
    { arbitrary: fc.constantFrom<unknown>(null, 0, 4, 2.5, "", "0", "2.5", "10"), weight: 8 },
    {
      arbitrary: fc.constantFrom<unknown>("abc", "-1", " 3", "1e3", -1, Infinity, true),
      weight: 1,
    },
  );
  const channel = fc.oneof(
    {
      arbitrary: fc.constantFrom<unknown>("sms", "SMS", "WA", "inapp", " In-App ", "rcs"),
      weight: 9,
    },
    { arbitrary: fc.constantFrom<unknown>(null, 5), weight: 1 },
  );
  const row = fc.record(
    {
      transactionId: fc.oneof({ arbitrary: fc.string(), weight: 9 }, {
        arbitrary: fc.constant(7),
        weight: 1,
      }),
      channel,
      skill: text,
      consumerId: text,
      conversationId: text,
      proactiveCampaignId: text,
      handOffId: text,
      ivrNumber: text,
      initialSkill: text,
      initialChannel: channel,
      attemptedTime: time,
      eligibleTime: time,
      skippedTime: time,
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
      errorSource: text,
      errorCode: text,
      errorMessage: text,
    },
    { requiredKeys: ["transactionId", "channel"] },
  );
  const body = fc.record({
    requestMetadata: fc.constantFrom<unknown>(metadata, metadata, { app: "prmsg" }),
    page: fc.constantFrom<unknown>(page, page, { ...page, count: -1 }),
    transactions: fc.oneof(
      {
        arbitrary: fc.array(
          fc.oneof({ arbitrary: row, weight: 20 }, {
            arbitrary: fc.constantFrom<unknown>(null, "row", []),
            weight: 1,
          }),
          { maxLength: 4 },
        ),
        weight: 9,
      },
      { arbitrary: fc.constant<unknown>("none"), weight: 1 },
    ),
  });

  it("fast path accepts exactly what the schema accepts, with the same output", async () => {
    for (const dialect of ["current", "2.0"] as const) {
      const schema = transactionsPageSchema(dialect);
      // zod keeps the parser installed by z.withParser in the bag; safeParseAsync skips it.
      const fast = (schema._zod.bag as { validator: (input: unknown) => unknown }).validator;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(body, async (input) => {
          const reference = await schema.safeParseAsync(input);
          const out = fast(input);
          expect(out !== z.INVALID).toBe(reference.success);
          if (reference.success) {
            accepted += 1;
            expect(out).toStrictEqual(reference.data);
          }
        }),
        { numRuns: 400 },
      );
      expect(accepted).toBeGreaterThan(20);
    }
  });
});
