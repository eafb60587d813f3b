/**
 * Wire schemas of the "2.0" dialect (connect-to-messaging, reporting-api-2.0.md). The envelope
 * (requestMetadata, page, error body) is shared with the current dialect (`wire-shared.ts`,
 * `error-body.ts`); rows differ: camelCase counts, `date`, uppercase channels ("SMS"),
 * `optOuts`/`optIns`, a numeric `csat`, and no current-only transaction fields
 * (liveperson-api-notes.md §1g). Unknown response fields are dropped; an unknown key of a
 * request body is refused.
 *
 * @module
 */
import * as z from "zod/mini";
import {
  countSchema,
  csatSchema,
  listSchema,
  pageSchema,
  requestMetadataSchema,
  textSchema,
  timeSchema,
  type WireCsat,
  type WirePage,
  type WireRequestMetadata,
  type WireTime,
} from "./wire-shared.ts";

/**
 * A 2.0 analytics row. `date` is any string: the spec's own example is the placeholder
 * `"string"`, so `wire-to-responses.ts` converts the date formats it knows and keeps others as given.
 */
export interface AnalyticsRowWire {
  date: string;
  channel: string;
  skill: string;
  attempted: number;
  eligible: number;
  skipped: number;
  optOuts?: number | undefined;
  sent: number;
  failed: number;
  delivered: number;
  read: number;
  optIns?: number | undefined;
  conversationsCreated: number;
  conversationsClosed: number;
  csat?: WireCsat | undefined;
}

/** A 2.0 transaction row (reporting-api-2.0.md, Transaction API). */
export interface TransactionWire {
  transactionId: string;
  channel: string;
  skill?: string | null | undefined;
  conversationId?: string | null | undefined;
  attemptedTime?: WireTime | undefined;
  eligibleTime?: WireTime | undefined;
  cancelledTime?: WireTime | undefined;
  inviteTime?: WireTime | undefined;
  sentTime?: WireTime | undefined;
  deliveredTime?: WireTime | undefined;
  readTime?: WireTime | undefined;
  failedTime?: WireTime | undefined;
  conversationsCreatedTime?: WireTime | undefined;
  conversationsClosedTime?: WireTime | undefined;
  optInsTime?: WireTime | undefined;
  optOutsTime?: WireTime | undefined;
  csat?: WireCsat | undefined;
  errorSource?: string | null | undefined;
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
}

/** A 2.0 `consumersReport[]` item: no `consumerId`. */
export interface ConsumerReportEntryWire {
  id: string;
  status: string;
  errorSource?: string | null | undefined;
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
  conversationId?: string | null | undefined;
}

/** The body of the 2.0 account (and campaign) analytics responses. */
export interface AnalyticsResponseWire {
  requestMetadata: WireRequestMetadata;
  analytics: AnalyticsRowWire[];
}

/** The body of a 2.0 transactions page. */
export interface TransactionsResponseWire {
  requestMetadata: WireRequestMetadata;
  page: WirePage;
  transactions: TransactionWire[];
}

/** The body of a 2.0 campaign report. */
export interface CampaignReportResponseWire {
  requestMetadata: WireRequestMetadata;
  page?: WirePage | undefined;
  consumersReport: ConsumerReportEntryWire[];
}

/** The 2.0 analytics POST body: channels and skills only. */
export interface AnalyticsFiltersBodyWire {
  filters?: { channels?: string[] | undefined; skills?: string[] | undefined } | undefined;
}

/** The 2.0 transactions filter body: channels and skills only. */
export interface TransactionFiltersBodyWire {
  channels?: string[] | undefined;
  skills?: string[] | undefined;
}

/** A 2.0 analytics row. */
export const analyticsRowSchema: z.ZodMiniType<AnalyticsRowWire> = z.object({
  date: z.string(),
  channel: z.string(),
  skill: z.string(),
  attempted: countSchema,
  eligible: countSchema,
  skipped: countSchema,
  optOuts: z.optional(countSchema),
  sent: countSchema,
  failed: countSchema,
  delivered: countSchema,
  read: countSchema,
  optIns: z.optional(countSchema),
  conversationsCreated: countSchema,
  conversationsClosed: countSchema,
  csat: csatSchema,
});

/** A 2.0 transaction row. */
export const transactionSchema: z.ZodMiniType<TransactionWire> = z.object({
  transactionId: z.string(),
  channel: z.string(),
  skill: textSchema,
  conversationId: textSchema,
  attemptedTime: timeSchema,
  eligibleTime: timeSchema,
  cancelledTime: timeSchema,
  inviteTime: timeSchema,
  sentTime: timeSchema,
  deliveredTime: timeSchema,
  readTime: timeSchema,
  failedTime: timeSchema,
  conversationsCreatedTime: timeSchema,
  conversationsClosedTime: timeSchema,
  optInsTime: timeSchema,
  optOutsTime: timeSchema,
  csat: csatSchema,
  errorSource: textSchema,
  errorCode: textSchema,
  errorMessage: textSchema,
});

/** A 2.0 `consumersReport[]` item. */
export const consumerReportEntrySchema: z.ZodMiniType<ConsumerReportEntryWire> = z.object({
  id: z.string(),
  status: z.string(),
  errorSource: textSchema,
  errorCode: textSchema,
  errorMessage: textSchema,
  conversationId: textSchema,
});

/** The 2.0 account analytics response (GET and POST). */
export const analyticsResponseSchema: z.ZodMiniType<AnalyticsResponseWire> = z.object({
  requestMetadata: requestMetadataSchema,
  analytics: z.array(analyticsRowSchema),
});

/** The 2.0 campaign analytics response: the same shape as account analytics. */
export const campaignAnalyticsResponseSchema: z.ZodMiniType<AnalyticsResponseWire> =
  analyticsResponseSchema;

/** A 2.0 transactions page. */
export const transactionsResponseSchema: z.ZodMiniType<TransactionsResponseWire> = z.object({
  requestMetadata: requestMetadataSchema,
  page: pageSchema,
  transactions: z.array(transactionSchema),
});

/** A 2.0 campaign report. */
export const campaignReportResponseSchema: z.ZodMiniType<CampaignReportResponseWire> = z.object({
  requestMetadata: requestMetadataSchema,
  page: z.optional(pageSchema),
  consumersReport: z.array(consumerReportEntrySchema),
});

/** The 2.0 analytics POST body; an unknown key is refused (dropped, it would widen the query). */
export const analyticsFiltersBodySchema: z.ZodMiniType<AnalyticsFiltersBodyWire> = z.strictObject({
  filters: z.optional(z.strictObject({ channels: listSchema, skills: listSchema })),
});

/** The 2.0 transactions filter body; an unknown key is refused. */
export const transactionFiltersBodySchema: z.ZodMiniType<TransactionFiltersBodyWire> = z
  .strictObject({
    channels: listSchema,
    skills: listSchema,
  });
