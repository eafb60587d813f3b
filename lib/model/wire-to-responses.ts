/**
 * Wire JSON -> canonical model. Each `parse*` function runs one zod `safeParse` of the whole
 * body through a schema that validates the wire shape and maps it to canonical values, and
 * throws a `ValidationError` naming the JSON path and the offending value.
 *
 * The mappings live beside this file: the shared envelope (`wire-to-envelope.ts`), analytics rows
 * (`wire-to-analytics-row.ts`), the transactions fast path (`wire-to-transactions-page.ts`), the error
 * messages (`issue-message.ts`) and the request side (`wire-to-request-params.ts`).
 *
 * @module
 */
import * as z from "zod/mini";
import type { ConsumerReportEntry, Dialect } from "./canonical.ts";
import { analyticsRowFrom20, analyticsRowFromCurrent } from "./wire-to-analytics-row.ts";
import { metadataFromWire, pageFromWire } from "./wire-to-envelope.ts";
import { transactionsPageSchema } from "./wire-to-transactions-page.ts";
import { parseOrThrow } from "./issue-message.ts";
import type {
  ParsedAnalytics,
  ParsedCampaignReport,
  ParsedTransactionsPage,
} from "./parsed-responses.ts";
import * as wire20 from "./wire-2-0.ts";
import * as current from "./wire-current.ts";

export type {
  ParsedAnalytics,
  ParsedCampaignReport,
  ParsedTransactionsPage,
} from "./parsed-responses.ts";

function mapped<W, C>(schema: z.ZodMiniType<W>, map: (wire: W) => C): z.ZodMiniType<C> {
  return z.pipe(schema, z.transform<W, C>(map));
}

function analyticsSchema(dialect: Dialect): z.ZodMiniType<ParsedAnalytics> {
  return dialect === "2.0"
    ? mapped(wire20.analyticsResponseSchema, (body) => ({
      metadata: metadataFromWire(body.requestMetadata),
      rows: body.analytics.map(analyticsRowFrom20),
    }))
    : mapped(current.analyticsResponseSchema, (body) => ({
      metadata: metadataFromWire(body.requestMetadata),
      rows: body.analytics.map(analyticsRowFromCurrent),
    }));
}

function entryFromWire(entry: current.ConsumerReportEntryWire): ConsumerReportEntry {
  return {
    id: entry.id,
    consumerId: entry.consumerId ?? null,
    status: entry.status,
    errorSource: entry.errorSource ?? null,
    errorCode: entry.errorCode ?? null,
    errorMessage: entry.errorMessage ?? null,
    conversationId: entry.conversationId ?? null,
  };
}

function campaignReportSchema(dialect: Dialect): z.ZodMiniType<ParsedCampaignReport> {
  const schema = dialect === "2.0"
    ? wire20.campaignReportResponseSchema
    : current.campaignReportResponseSchema;
  return mapped(schema, (body: current.CampaignReportResponseWire) => ({
    metadata: metadataFromWire(body.requestMetadata),
    // LP: "pagination is not supported yet" for campaigns (notes §4): no page means one page.
    page: body.page === undefined
      ? {
        count: body.consumersReport.length,
        previousOffset: null,
        currentOffset: 0,
        nextOffset: null,
      }
      : pageFromWire(body.page),
    entries: body.consumersReport.map(entryFromWire),
  }));
}

const SCHEMAS = {
  analytics: { current: analyticsSchema("current"), "2.0": analyticsSchema("2.0") },
  transactions: {
    current: transactionsPageSchema("current"),
    "2.0": transactionsPageSchema("2.0"),
  },
  campaignReport: { current: campaignReportSchema("current"), "2.0": campaignReportSchema("2.0") },
} as const;

/**
 * Parses an account analytics response (GET or POST) into canonical rows: days "YYYY-MM-DD",
 * channels lowercase, `csat` a number or null ("0", "", 0 and null mean none [INF, notes §3]).
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata and the rows, in wire order.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 *
 * @example Parse a current-dialect row
 * ```ts
 * import { parseAnalyticsResponse } from "./wire-to-responses.ts";
 * const json = {
 *   requestMetadata: { accountId: "123456", app: "prmsg" },
 *   analytics: [{ channel: "wa", skill: "sales", transactionday: "12-11-2021", attempted: 5, eligible: 5,
 *     skipped: 0, sent: 5, failed: 0, delivered: 5, read: 4, conversationscreated: 2,
 *     conversationsclosed: 1, csat: "4" }],
 * };
 * const { rows } = parseAnalyticsResponse(json, "current");
 * console.log(rows[0]?.day); // "2021-12-11" from "transactionday": "12-11-2021"
 * ```
 */
export function parseAnalyticsResponse(json: unknown, dialect: Dialect): ParsedAnalytics {
  return parseOrThrow(SCHEMAS.analytics[dialect], json, "analytics response");
}

/**
 * Parses a campaign analytics response: the same shape as account analytics (notes §1d).
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata and the rows.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseCampaignAnalytics(json: unknown, dialect: Dialect): ParsedAnalytics {
  return parseOrThrow(SCHEMAS.analytics[dialect], json, "campaign analytics response");
}

/**
 * Parses one transactions page: times become epoch ms, channels lowercase, -1 offsets null,
 * a `csat` of 0 null [INF]. Fields the dialect lacks (2.0 has no `consumerId`, `handOffId`,
 * `skippedTime`...) are null. Fast: see `transactionsPageSchema()` in `wire-to-transactions-page.ts`.
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata, the page and the transactions.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseTransactionsPage(json: unknown, dialect: Dialect): ParsedTransactionsPage {
  return parseOrThrow(SCHEMAS.transactions[dialect], json, "transactions response");
}

/**
 * Parses a campaign report (the per-recipient `consumersReport`). A body without `page` is one
 * whole page [INF]. `errorSource`/`errorCode` are kept as given (the V2 example swaps them).
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata, the page and the entries.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseCampaignReport(json: unknown, dialect: Dialect): ParsedCampaignReport {
  return parseOrThrow(SCHEMAS.campaignReport[dialect], json, "campaign report response");
}
