/**
 * Canonical model -> wire JSON objects, per dialect: what the sandbox (and the Worker) emits.
 * The inverse of `wire-to-responses.ts`: `parse*(JSON.parse(JSON.stringify(toWire(x))))` gives back `x`,
 * except fields the dialect lacks (2.0 has no `consumerId`, `handOffId`...; current analytics
 * have no `optOuts`/`optIns`) and a CSAT of 0, which reads back as null (none) [INF].
 *
 * This file holds the envelope (`page`, `requestMetadata`), campaign report entries and the
 * whole responses; it re-exports the row serializers (`analytics-row-to-wire.ts`,
 * `transaction-to-wire.ts`), the filter bodies (`filters-to-wire.ts`) and `formatChannel`
 * (`channel.ts`), so it stays the one import for emitting wire JSON.
 *
 * @module
 */
import type { ConsumerReportEntry, Dialect, Page, RequestMetadata } from "./canonical.ts";
import { analyticsRowToWire } from "./analytics-row-to-wire.ts";
import { echoedFiltersToWire } from "./filters-to-wire.ts";
import type {
  ParsedAnalytics,
  ParsedCampaignReport,
  ParsedTransactionsPage,
} from "./parsed-responses.ts";
import { transactionToWire } from "./transaction-to-wire.ts";

export { analyticsRowToWire } from "./analytics-row-to-wire.ts";
export { formatChannel } from "./channel.ts";
export { analyticsFiltersToWire, transactionFiltersToWire } from "./filters-to-wire.ts";
export { transactionToWire } from "./transaction-to-wire.ts";

/**
 * One `consumersReport[]` item as the dialect sends it (2.0 has no `consumerId`).
 *
 * @param entry A canonical entry.
 * @param dialect The wire dialect.
 * @returns The wire item.
 */
export function consumerReportEntryToWire(
  entry: ConsumerReportEntry,
  dialect: Dialect,
): Record<string, unknown> {
  return {
    id: entry.id,
    ...(dialect === "current" ? { consumerId: entry.consumerId } : {}),
    status: entry.status,
    errorSource: entry.errorSource,
    errorCode: entry.errorCode,
    errorMessage: entry.errorMessage,
    conversationId: entry.conversationId,
  };
}

/**
 * A page as both dialects send it: null offsets become -1.
 *
 * @param page A canonical page.
 * @returns The wire page.
 */
export function pageToWire(
  page: Page,
): { count: number; previousOffset: number; currentOffset: number; nextOffset: number } {
  return {
    count: page.count,
    previousOffset: page.previousOffset ?? -1,
    currentOffset: page.currentOffset,
    nextOffset: page.nextOffset ?? -1,
  };
}

/**
 * A `requestMetadata` object; absent fields are left out. Echoed filters are written whatever
 * the dialect (an echo never narrows a query).
 *
 * @param metadata Canonical metadata.
 * @param dialect The wire dialect (it spells the echoed channel filters).
 * @returns The wire object.
 */
export function requestMetadataToWire(
  metadata: RequestMetadata,
  dialect: Dialect,
): Record<string, unknown> {
  const out: Record<string, unknown> = { accountId: metadata.accountId, app: metadata.app };
  if (metadata.attemptedStartTime !== undefined) {
    out.attemptedStartTime = metadata.attemptedStartTime;
  }
  if (metadata.attemptedEndTime !== undefined) out.attemptedEndTime = metadata.attemptedEndTime;
  if (metadata.proactiveCampaignId !== undefined) {
    out.proactiveCampaignId = metadata.proactiveCampaignId;
  }
  if (metadata.filters !== undefined) out.filters = echoedFiltersToWire(metadata.filters, dialect);
  return out;
}

/**
 * A whole analytics response (account or campaign).
 *
 * @param analytics Canonical metadata and rows, as `parseAnalyticsResponse` returns them.
 * @param dialect The wire dialect.
 * @returns The wire body.
 */
export function analyticsToWire(
  analytics: ParsedAnalytics,
  dialect: Dialect,
): Record<string, unknown> {
  return {
    requestMetadata: requestMetadataToWire(analytics.metadata, dialect),
    analytics: analytics.rows.map((row) => analyticsRowToWire(row, dialect)),
  };
}

/**
 * A whole transactions page.
 *
 * @param page Canonical metadata, page and transactions, as `parseTransactionsPage` returns them.
 * @param dialect The wire dialect.
 * @returns The wire body.
 */
export function transactionsPageToWire(
  page: ParsedTransactionsPage,
  dialect: Dialect,
): Record<string, unknown> {
  return {
    requestMetadata: requestMetadataToWire(page.metadata, dialect),
    page: pageToWire(page.page),
    transactions: page.transactions.map((tx) => transactionToWire(tx, dialect)),
  };
}

/**
 * A whole campaign report page.
 *
 * @param report Canonical metadata, page and entries, as `parseCampaignReport` returns them.
 * @param dialect The wire dialect.
 * @returns The wire body.
 */
export function campaignReportToWire(
  report: ParsedCampaignReport,
  dialect: Dialect,
): Record<string, unknown> {
  return {
    requestMetadata: requestMetadataToWire(report.metadata, dialect),
    page: pageToWire(report.page),
    consumersReport: report.entries.map((entry) => consumerReportEntryToWire(entry, dialect)),
  };
}
