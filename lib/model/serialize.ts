/**
 * Canonical model -> wire JSON objects, per dialect: what the sandbox (and the Worker) emits.
 * The inverse of `normalize.ts`: `parse*(JSON.parse(JSON.stringify(toWire(x))))` gives back `x`,
 * except fields the dialect lacks (2.0 has no `consumerId`, `handOffId`...; current analytics
 * have no `optOuts`/`optIns`) and a CSAT of 0, which reads back as null (none) [INF].
 *
 * @module
 */
import type {
  AnalyticsFilters,
  AnalyticsRow,
  Channel,
  ConsumerReportEntry,
  Dialect,
  Page,
  RequestMetadata,
  Transaction,
  TransactionFilters,
} from "./canonical.ts";
import { isKnownChannel } from "./channel.ts";
import type { ParsedAnalytics, ParsedCampaignReport, ParsedTransactionsPage } from "./normalize.ts";

/**
 * Spells a channel the dialect's way: "SMS", "WA", "INAPP" in 2.0 (reporting-api-2.0.md),
 * lowercase in current (notes §1g). Unknown channels are kept as given, so they round-trip.
 *
 * @param channel A canonical channel.
 * @param dialect The wire dialect.
 * @returns The wire spelling.
 */
export function formatChannel(channel: Channel, dialect: Dialect): string {
  return dialect === "2.0" && isKnownChannel(channel) ? channel.toUpperCase() : channel;
}

// LP: current `transactionday` is "MM-DD-YYYY" (notes §1a); a non-date day is kept as given.
function transactionDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match === null ? day : `${match[2]}-${match[3]}-${match[1]}`;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * One analytics row as the dialect sends it. Current: lowercase keys, `transactionday`
 * "MM-DD-YYYY", `csat` a string ("0" when none). 2.0: `date`, uppercase channel, `optOuts` and
 * `optIns` (when the row has them), `csat` a number (0 when none).
 *
 * @param row A canonical row.
 * @param dialect The wire dialect.
 * @returns The wire row.
 */
export function analyticsRowToWire(row: AnalyticsRow, dialect: Dialect): Record<string, unknown> {
  const channel = formatChannel(row.channel, dialect);
  if (dialect === "current") {
    return {
      channel,
      skill: row.skill,
      transactionday: transactionDay(row.day),
      attempted: row.attempted,
      eligible: row.eligible,
      skipped: row.skipped,
      sent: row.sent,
      failed: row.failed,
      delivered: row.delivered,
      read: row.read,
      conversationscreated: row.conversationsCreated,
      conversationsclosed: row.conversationsClosed,
      csat: String(row.csat ?? 0),
    };
  }
  return {
    date: row.day,
    channel,
    skill: row.skill,
    attempted: row.attempted,
    eligible: row.eligible,
    skipped: row.skipped,
    ...(row.optOuts === undefined ? {} : { optOuts: row.optOuts }),
    sent: row.sent,
    failed: row.failed,
    delivered: row.delivered,
    read: row.read,
    ...(row.optIns === undefined ? {} : { optIns: row.optIns }),
    conversationsCreated: row.conversationsCreated,
    conversationsClosed: row.conversationsClosed,
    csat: row.csat ?? 0,
  };
}

/**
 * One transaction as the dialect sends it: times as ISO-8601 strings or null. Current has
 * every field of notes §1e plus `csat` (number or null); 2.0 has the spec's fields only, an
 * uppercase channel and a numeric `csat` (0 when none).
 *
 * @param tx A canonical transaction.
 * @param dialect The wire dialect.
 * @returns The wire row.
 */
export function transactionToWire(tx: Transaction, dialect: Dialect): Record<string, unknown> {
  const channel = formatChannel(tx.channel, dialect);
  if (dialect === "2.0") {
    return {
      transactionId: tx.transactionId,
      channel,
      skill: tx.skill,
      attemptedTime: iso(tx.attemptedTime),
      cancelledTime: iso(tx.cancelledTime),
      conversationId: tx.conversationId,
      conversationsClosedTime: iso(tx.conversationsClosedTime),
      conversationsCreatedTime: iso(tx.conversationsCreatedTime),
      csat: tx.csat ?? 0,
      deliveredTime: iso(tx.deliveredTime),
      eligibleTime: iso(tx.eligibleTime),
      errorCode: tx.errorCode,
      errorMessage: tx.errorMessage,
      errorSource: tx.errorSource,
      failedTime: iso(tx.failedTime),
      inviteTime: iso(tx.inviteTime),
      optInsTime: iso(tx.optInsTime),
      optOutsTime: iso(tx.optOutsTime),
      readTime: iso(tx.readTime),
      sentTime: iso(tx.sentTime),
    };
  }
  return {
    transactionId: tx.transactionId,
    channel,
    skill: tx.skill,
    consumerId: tx.consumerId,
    conversationId: tx.conversationId,
    proactiveCampaignId: tx.proactiveCampaignId,
    handOffId: tx.handOffId,
    ivrNumber: tx.ivrNumber,
    initialSkill: tx.initialSkill,
    initialChannel: tx.initialChannel === null ? null : formatChannel(tx.initialChannel, dialect),
    attemptedTime: iso(tx.attemptedTime),
    eligibleTime: iso(tx.eligibleTime),
    skippedTime: iso(tx.skippedTime),
    cancelledTime: iso(tx.cancelledTime),
    inviteTime: iso(tx.inviteTime),
    sentTime: iso(tx.sentTime),
    deliveredTime: iso(tx.deliveredTime),
    readTime: iso(tx.readTime),
    failedTime: iso(tx.failedTime),
    conversationsCreatedTime: iso(tx.conversationsCreatedTime),
    conversationsClosedTime: iso(tx.conversationsClosedTime),
    optInsTime: iso(tx.optInsTime),
    optOutsTime: iso(tx.optOutsTime),
    csat: tx.csat,
    errorSource: tx.errorSource,
    errorCode: tx.errorCode,
    errorMessage: tx.errorMessage,
  };
}

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

function filtersToWire(
  filters: TransactionFilters,
  dialect: Dialect,
  strict: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (filters.channels !== undefined) {
    out.channels = filters.channels.map((channel) => formatChannel(channel, dialect));
  }
  if (filters.skills !== undefined) out.skills = filters.skills;
  const extra: [string, string[] | undefined][] = [
    ["messagestatus", filters.statuses],
    ["handoffids", filters.handoffIds],
    ["source", filters.sources],
  ];
  for (const [name, values] of extra) {
    if (values === undefined) continue;
    if (strict && dialect === "2.0") {
      throw new RangeError(
        `Cannot filter by ${name} as the 2.0 dialect has only channel and skill filters: ${
          JSON.stringify(values)
        }`,
      );
    }
    out[name] = values;
  }
  return out;
}

/**
 * The transactions filter body, under wire names (`messagestatus`, `handoffids`, `source`).
 *
 * @param filters Canonical filters; absent fields are left out.
 * @param dialect The wire dialect.
 * @returns The wire body.
 * @throws {RangeError} When 2.0 is asked to filter by statuses, handoff ids or sources, which
 *   only the current dialect has (PR #1572, notes §1g): dropping them would widen the query.
 */
export function transactionFiltersToWire(
  filters: TransactionFilters,
  dialect: Dialect,
): Record<string, unknown> {
  return filtersToWire(filters, dialect, true);
}

/**
 * The account analytics POST body `{filters: {channels, skills}}`.
 *
 * @param filters Canonical filters; absent fields are left out.
 * @param dialect The wire dialect.
 * @returns The wire body.
 */
export function analyticsFiltersToWire(
  filters: AnalyticsFilters,
  dialect: Dialect,
): Record<string, unknown> {
  return { filters: filtersToWire(filters, dialect, true) };
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
  if (metadata.filters !== undefined) out.filters = filtersToWire(metadata.filters, dialect, false);
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
