import { describe, expect, it } from "vitest";
import type { AnalyticsRow, Transaction } from "../../../lib/model/canonical.ts";
import { parseErrorBody } from "../../../lib/model/error-body.ts";
import {
  parseAnalyticsResponse,
  parseCampaignAnalytics,
  parseCampaignReport,
  parseTransactionsPage,
} from "../../../lib/model/wire-to-responses.ts";
import { InvalidRequestError } from "../../../lib/http/invalid-request-error.ts";
import { parseOrThrow } from "../../../lib/model/issue-message.ts";
import * as current from "../../../lib/model/wire-current.ts";
import { filtersFromWire } from "../../../lib/model/wire-to-envelope.ts";
import { parseRequestFilters } from "../../../lib/model/wire-to-request-params.ts";
import { NOTES_CURRENT, SPEC_2_0 } from "./fixtures/reference-examples.ts";

const QUERY = new URL("https://va.cx-reporting.liveperson.net/");
const bodyOf = (text: string): Record<string, unknown> => JSON.parse(text);

// The 2.0 spec's analytics examples are placeholders ("string", 0): they parse, and the
// placeholders are kept as given (a "date" that is not a date stays "string").
const SPEC_ANALYTICS_ROW: AnalyticsRow = {
  day: "string",
  channel: "string",
  skill: "string",
  attempted: 0,
  eligible: 0,
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
};

const SPEC_METADATA = {
  accountId: "string",
  app: "string",
  attemptedStartTime: 0,
  attemptedEndTime: 0,
  filters: { channels: ["sms"], skills: ["billing"] },
};

const NONE: Omit<Transaction, "transactionId" | "channel"> = {
  skill: null,
  consumerId: null,
  conversationId: null,
  proactiveCampaignId: null,
  handOffId: null,
  ivrNumber: null,
  initialSkill: null,
  initialChannel: null,
  attemptedTime: null,
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
};

describe("reporting-api-2.0.md examples", () => {
  it("parseAnalyticsResponse() reads the GET and POST response examples", () => {
    for (const text of [SPEC_2_0.analyticsGetResponse, SPEC_2_0.analyticsPostResponse]) {
      expect(parseAnalyticsResponse(JSON.parse(text), "2.0")).toStrictEqual({
        metadata: SPEC_METADATA,
        rows: [SPEC_ANALYTICS_ROW],
      });
    }
  });

  it("parseCampaignAnalytics() reads the campaign analytics example", () => {
    expect(parseCampaignAnalytics(JSON.parse(SPEC_2_0.campaignAnalyticsResponse), "2.0"))
      .toStrictEqual({ metadata: SPEC_METADATA, rows: [SPEC_ANALYTICS_ROW] });
  });

  it("parseCampaignReport() reads the campaign report example", () => {
    expect(parseCampaignReport(JSON.parse(SPEC_2_0.campaignReportResponse), "2.0")).toStrictEqual({
      metadata: { accountId: "string", app: "string", proactiveCampaignId: "0" },
      page: { count: 100, previousOffset: 100, currentOffset: 200, nextOffset: 300 },
      entries: [{
        id: "string",
        consumerId: null,
        status: "DELIVERED",
        errorSource: "PRMSG",
        errorCode: "string",
        errorMessage: "string",
        conversationId: "string",
      }],
    });
  });

  it("parseTransactionsPage() reads the transactions example", () => {
    const at = Date.UTC(2020, 7, 26, 21, 8, 12, 198);
    expect(parseTransactionsPage(JSON.parse(SPEC_2_0.transactionsResponse), "2.0")).toStrictEqual({
      metadata: { accountId: "string", app: "string", attemptedStartTime: 0, attemptedEndTime: 0 },
      page: { count: 100, previousOffset: 100, currentOffset: 200, nextOffset: 300 },
      transactions: [{
        ...NONE,
        transactionId: "124-23213-123123123",
        channel: "sms",
        skill: "billing",
        conversationId: "21312-132131-31312-31-321",
        attemptedTime: at,
        eligibleTime: at,
        cancelledTime: at,
        inviteTime: at,
        sentTime: at,
        deliveredTime: at,
        readTime: at,
        failedTime: at,
        conversationsCreatedTime: at,
        conversationsClosedTime: at,
        optInsTime: at,
        optOutsTime: at,
        errorCode: "001",
        errorMessage: "Device is out of coverage",
        errorSource: "TWILIO",
      }],
    });
  });

  it("parseRequestFilters() reads the request body examples", () => {
    expect(
      parseRequestFilters("accountAnalytics", "2.0", QUERY, bodyOf(SPEC_2_0.analyticsPostBody)),
    ).toStrictEqual({ channels: ["sms"], skills: ["billing"] });
    expect(
      parseRequestFilters("transactions", "2.0", QUERY, bodyOf(SPEC_2_0.transactionsRequestBody)),
    ).toStrictEqual({ channels: ["sms"], skills: ["billing"] });
  });

  it("parseErrorBody() reads the 400, 401, 429 and 500 examples", () => {
    expect(SPEC_2_0.errorBodies).toHaveLength(4);
    for (const text of SPEC_2_0.errorBodies) {
      expect(parseErrorBody(JSON.parse(text))).toStrictEqual({
        code: 0,
        requestTraceId: "5102ce1f-35bd-4e5e-9bd3-bacdfd28dd3a",
        message: "<<error Message>>",
      });
    }
  });
});

describe("liveperson-api-notes.md §1 examples", () => {
  const metadata = {
    accountId: "123456",
    app: "prmsg",
    attemptedStartTime: 1633305600000,
    attemptedEndTime: 1635977318000,
  };
  const counts = {
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
  };

  it("parseAnalyticsResponse() reads the §1a example (MM-DD-YYYY day, string csat)", () => {
    expect(parseAnalyticsResponse(JSON.parse(NOTES_CURRENT.analyticsResponse), "current"))
      .toStrictEqual({
        metadata,
        rows: [{ day: "2021-12-11", channel: "wa", ...counts, csat: 2.5 }],
      });
  });

  it("parseRequestFilters() reads the §1b bodies; the PR #1572 extras are read and refused", () => {
    expect(
      parseRequestFilters(
        "accountAnalytics",
        "current",
        QUERY,
        bodyOf(NOTES_CURRENT.analyticsPostBody),
      ),
    ).toStrictEqual({ channels: ["sms"], skills: ["billing"] });
    const extras = bodyOf(NOTES_CURRENT.analyticsPostBodyPr1572);
    expect(parseOrThrow(current.analyticsFiltersBodySchema, extras, "filters").filters)
      .toMatchObject({ handoffids: ["H123456"], source: ["API", "UI", "LPWF"] });
    expect(() => parseRequestFilters("accountAnalytics", "current", QUERY, extras)).toThrow(
      new InvalidRequestError(
        400,
        "Cannot filter account analytics by handoffids as rows grouped by handoff id are not served",
      ),
    );
  });

  it("parseCampaignReport() reads the §1c example, -1 offsets as null, fields as given", () => {
    expect(parseCampaignReport(JSON.parse(NOTES_CURRENT.campaignReportResponse), "current"))
      .toStrictEqual({
        metadata: { accountId: "123456", app: "prmsg", proactiveCampaignId: "campaign123" },
        page: { count: 1, previousOffset: null, currentOffset: 0, nextOffset: null },
        entries: [
          {
            id: "70cf3fc5-…",
            consumerId: "123456789",
            status: "DELIVERED",
            errorSource: null,
            errorCode: null,
            errorMessage: null,
            conversationId: null,
          },
          {
            id: "x02f…",
            consumerId: "987654321",
            status: "FAILED",
            errorSource: "400",
            errorCode: "prmsg",
            errorMessage: "Message failed to send",
            conversationId: null,
          },
        ],
      });
  });

  it("parseCampaignAnalytics() reads the §1d example (inapp, csat 0 as none)", () => {
    expect(parseCampaignAnalytics(JSON.parse(NOTES_CURRENT.campaignAnalyticsResponse), "current"))
      .toStrictEqual({
        metadata,
        rows: [{ day: "2021-10-25", channel: "inapp", ...counts, csat: null }],
      });
  });

  it("parseRequestFilters() and the body schema read the §1e bodies under canonical names", () => {
    expect(
      parseRequestFilters(
        "transactions",
        "current",
        QUERY,
        bodyOf(NOTES_CURRENT.transactionsRequestBody),
      ),
    ).toStrictEqual({ channels: ["sms", "inapp"], skills: ["billing", "sales"] });
    const extras = bodyOf(NOTES_CURRENT.transactionsRequestBodyPr1572);
    expect(
      filtersFromWire(parseOrThrow(current.transactionFiltersBodySchema, extras, "filters")),
    ).toStrictEqual({
      channels: ["sms", "inapp"],
      skills: ["billing", "sales"],
      statuses: ["DELIVERED", "FAILED", "RESPONDED", "READ"],
      handoffIds: ["H123456"],
      sources: ["API", "UI", "LPWF"],
    });
  });

  it("parseTransactionsPage() reads the §1e field list with its example values", () => {
    const at = Date.UTC(2021, 9, 4, 10);
    expect(parseTransactionsPage(JSON.parse(NOTES_CURRENT.transactionsResponse), "current"))
      .toStrictEqual({
        metadata: { ...metadata, attemptedEndTime: 1633392000000 },
        page: { count: 100, previousOffset: 100, currentOffset: 200, nextOffset: 300 },
        transactions: [{
          ...NONE,
          transactionId: "124-23213-123123123",
          channel: "sms",
          skill: "billing",
          consumerId: "123456789",
          conversationId: "21312-132131-31312-31-321",
          proactiveCampaignId: "campaign123",
          handOffId: "H000000000000000",
          ivrNumber: "",
          initialSkill: "prmsgoutbound",
          initialChannel: "sms",
          attemptedTime: at,
          eligibleTime: at + 1000,
          sentTime: at + 2000,
          failedTime: at + 3000,
          errorSource: "prmsg",
          errorCode: "400",
          errorMessage: "Message failed to send",
        }],
      });
  });

  it("parseErrorBody() reads the §1f bodies, the expired-JWT one without a trace id", () => {
    expect(parseErrorBody(JSON.parse(NOTES_CURRENT.errorBody))).toStrictEqual({
      code: 0,
      requestTraceId: "5102ce1f-…",
      message: "<<error Message>>",
    });
    expect(parseErrorBody(JSON.parse(NOTES_CURRENT.jwtExpired))).toStrictEqual({
      code: 0,
      requestTraceId: null,
      message: "jwt expired",
    });
  });
});
