/**
 * lp-reporting-edge: a runtime-agnostic toolkit for LivePerson's Outbound Reporting API
 * ("Reporting 2.0"). One canonical, validated model of both API dialects, the outbound
 * funnel, typed errors, the delivery-failure taxonomy, time windows and OAuth 1.0a signing.
 * Web standards only: it runs unchanged in Deno, Node, Bun, Workers and browsers.
 *
 * @example Parse a response and compute its funnel
 * ```ts
 * import { computeFunnel, funnelTotals, parseAnalyticsResponse } from "lp-reporting-edge";
 *
 * const { rows } = parseAnalyticsResponse({
 *   requestMetadata: { accountId: "123456", app: "prmsg", attemptedStartTime: 0, attemptedEndTime: 1 },
 *   analytics: [{
 *     channel: "wa", skill: "sales", transactionday: "12-11-2021", attempted: 500, eligible: 475,
 *     skipped: 10, sent: 450, failed: 50, delivered: 440, read: 400, conversationscreated: 200,
 *     conversationsclosed: 185, csat: "2.5",
 *   }],
 * }, "current");
 * const funnel = computeFunnel(funnelTotals(rows));
 * console.log(rows[0]?.day, funnel.stages[3]?.fromPrevious); // 2021-12-11 0.9777…
 * ```
 * @module
 */

export type {
  AnalyticsFilters,
  AnalyticsRow,
  App,
  Channel,
  ConsumerReportEntry,
  Dialect,
  Page,
  RequestMetadata,
  Transaction,
  TransactionFilters,
} from "./model/canonical.ts";
export { APPS, CHANNELS, DIALECTS } from "./model/canonical.ts";
export { isKnownChannel, normalizeChannel } from "./model/channel.ts";
export {
  parseAnalyticsResponse,
  parseCampaignAnalytics,
  parseCampaignReport,
  parseTransactionsPage,
} from "./model/wire-to-responses.ts";
export type {
  ParsedAnalytics,
  ParsedCampaignReport,
  ParsedTransactionsPage,
} from "./model/wire-to-responses.ts";
export {
  analyticsRowToWire,
  consumerReportEntryToWire,
  formatChannel,
  pageToWire,
  transactionToWire,
} from "./model/responses-to-wire.ts";
export { parseErrorBody, readErrorBody } from "./model/error-body.ts";
export type { ErrorBody } from "./model/error-body.ts";

export * from "./errors/mod.ts";
export { classifyFailure, FAILURE_CODES, failureKey } from "./failures.ts";
export type {
  FailureCategory,
  FailureClassification,
  FailureCode,
  FailureSource,
} from "./failures.ts";
export { parseRetryAfter, retryAfterFromHeaders } from "./http/retry-after.ts";

export * from "./funnel/mod.ts";
export {
  checkRange,
  DAY_MS,
  formatRange,
  formatUtcDay,
  HOUR_MS,
  maxWindowMs,
  MINUTE_MS,
  retentionStart,
  splitWindows,
  startOfUtcDay,
  toEpochMs,
} from "./windows.ts";
export type { CheckRangeOptions, Operation, SplitWindowsOptions, TimeWindow } from "./windows.ts";

export { oauth1Signature, parseOAuth1Header, percentEncode, signOAuth1 } from "./auth/oauth1.ts";
export type { OAuth1Credentials, OAuth1Params, SignOAuth1Options } from "./auth/oauth1.ts";
export { decodeJwtPayload, jwtExpiresAt } from "./auth/jwt.ts";

export { ReportingClient } from "./client/reporting-client.ts";
export type { CampaignOptions } from "./client/reporting-client.ts";
export type { ClientRetryOptions, Progress, ReportingClientOptions } from "./client/options.ts";
export type { AnalyticsQuery } from "./client/analytics.ts";
export type { TransactionsQuery } from "./client/transactions.ts";
export type { Instant, RangeQuery } from "./client/query.ts";
export type { FunnelDimension, FunnelGroup, FunnelQuery } from "./client/funnel-report.ts";
export type { OptOut } from "./client/opt-outs.ts";
export { Paginated } from "./client/paginated.ts";
export type { ToArrayOptions } from "./client/paginated.ts";
export type { AuthOption, FetchLike, Region } from "./client/types.ts";

export {
  ANALYTICS_CSV_COLUMNS,
  ANALYTICS_FIELDS,
  analyticsToCsv,
  CONSUMER_REPORT_CSV_COLUMNS,
  COUNT_FIELDS,
  csvField,
  csvLine,
  csvTransform,
  funnelCsvColumns,
  funnelToCsv,
  isoTime,
  OPT_OUT_CSV_COLUMNS,
  toByteStream,
  toCsv,
  TRANSACTION_CSV_COLUMNS,
  TRANSACTION_FIELDS,
  transactionsCsvTransform,
  transactionsNdjsonTransform,
  transactionsToCsv,
  transactionsToNdjson,
  transactionToNdjson,
} from "./export/mod.ts";
export type { CsvCell, CsvColumn, CsvOptions } from "./export/mod.ts";
