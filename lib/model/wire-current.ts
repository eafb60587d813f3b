/**
 * Wire schemas of the "current" dialect (cx-reporting, liveperson-api-notes.md §1a-§1e): its
 * rows and bodies. The envelope and leaf values both dialects share are in `wire-shared.ts`.
 * Response objects strip unknown fields, so extra upstream fields are tolerated (and dropped);
 * request bodies are strict, so an unknown filter is refused rather than dropped.
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

/** A current analytics row: lowercase keys, `transactionday` "MM-DD-YYYY", `csat` a string. */
export interface AnalyticsRowWire {
  channel: string;
  skill: string;
  transactionday: string;
  attempted: number;
  eligible: number;
  skipped: number;
  sent: number;
  failed: number;
  delivered: number;
  read: number;
  conversationscreated: number;
  conversationsclosed: number;
  csat?: WireCsat | undefined;
}

/** A current transaction row (notes §1e): every field but the id and channel may be null. */
export interface TransactionWire {
  transactionId: string;
  channel: string;
  skill?: string | null | undefined;
  consumerId?: string | null | undefined;
  conversationId?: string | null | undefined;
  proactiveCampaignId?: string | null | undefined;
  handOffId?: string | null | undefined;
  ivrNumber?: string | null | undefined;
  initialSkill?: string | null | undefined;
  initialChannel?: string | null | undefined;
  attemptedTime?: WireTime | undefined;
  eligibleTime?: WireTime | undefined;
  skippedTime?: WireTime | undefined;
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

/** A current `consumersReport[]` item (notes §1c). */
export interface ConsumerReportEntryWire {
  id: string;
  consumerId?: string | null | undefined;
  status: string;
  errorSource?: string | null | undefined;
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
  conversationId?: string | null | undefined;
}

/** The body of the account (and campaign) analytics responses. */
export interface AnalyticsResponseWire {
  requestMetadata: WireRequestMetadata;
  analytics: AnalyticsRowWire[];
}

/** The body of a transactions page. */
export interface TransactionsResponseWire {
  requestMetadata: WireRequestMetadata;
  page: WirePage;
  transactions: TransactionWire[];
}

/** The body of a campaign report; `page` is optional [INF: "pagination is not supported yet"]. */
export interface CampaignReportResponseWire {
  requestMetadata: WireRequestMetadata;
  page?: WirePage | undefined;
  consumersReport: ConsumerReportEntryWire[];
}

/** The analytics POST body (notes §1b; `handoffids`, `source` from PR #1572). */
export interface AnalyticsFiltersBodyWire {
  filters?: {
    channels?: string[] | undefined;
    skills?: string[] | undefined;
    handoffids?: string[] | undefined;
    source?: string[] | undefined;
  } | undefined;
}

/** The transactions filter body (notes §1e; `messagestatus`, `handoffids`, `source` from PR #1572). */
export interface TransactionFiltersBodyWire {
  channels?: string[] | undefined;
  skills?: string[] | undefined;
  messagestatus?: string[] | undefined;
  handoffids?: string[] | undefined;
  source?: string[] | undefined;
}

/** A current analytics row. */
export const analyticsRowSchema: z.ZodMiniType<AnalyticsRowWire> = z.object({
  channel: z.string(),
  skill: z.string(),
  transactionday: z.string(),
  attempted: countSchema,
  eligible: countSchema,
  skipped: countSchema,
  sent: countSchema,
  failed: countSchema,
  delivered: countSchema,
  read: countSchema,
  conversationscreated: countSchema,
  conversationsclosed: countSchema,
  csat: csatSchema,
});

/** A current transaction row. */
export const transactionSchema: z.ZodMiniType<TransactionWire> = z.object({
  transactionId: z.string(),
  channel: z.string(),
  skill: textSchema,
  consumerId: textSchema,
  conversationId: textSchema,
  proactiveCampaignId: textSchema,
  handOffId: textSchema,
  ivrNumber: textSchema,
  initialSkill: textSchema,
  initialChannel: textSchema,
  attemptedTime: timeSchema,
  eligibleTime: timeSchema,
  skippedTime: timeSchema,
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

/** A current `consumersReport[]` item. */
export const consumerReportEntrySchema: z.ZodMiniType<ConsumerReportEntryWire> = z.object({
  id: z.string(),
  consumerId: textSchema,
  status: z.string(),
  errorSource: textSchema,
  errorCode: textSchema,
  errorMessage: textSchema,
  conversationId: textSchema,
});

/** The account analytics response (GET and POST). */
export const analyticsResponseSchema: z.ZodMiniType<AnalyticsResponseWire> = z.object({
  requestMetadata: requestMetadataSchema,
  analytics: z.array(analyticsRowSchema),
});

/** The campaign analytics response: the same shape as account analytics (notes §1d). */
export const campaignAnalyticsResponseSchema: z.ZodMiniType<AnalyticsResponseWire> =
  analyticsResponseSchema;

/** A transactions page. */
export const transactionsResponseSchema: z.ZodMiniType<TransactionsResponseWire> = z.object({
  requestMetadata: requestMetadataSchema,
  page: pageSchema,
  transactions: z.array(transactionSchema),
});

/** A campaign report (consumers report). */
export const campaignReportResponseSchema: z.ZodMiniType<CampaignReportResponseWire> = z.object({
  requestMetadata: requestMetadataSchema,
  page: z.optional(pageSchema),
  consumersReport: z.array(consumerReportEntrySchema),
});

/** The analytics POST body; an unknown key is refused (dropped, it would widen the query). */
export const analyticsFiltersBodySchema: z.ZodMiniType<AnalyticsFiltersBodyWire> = z.strictObject({
  filters: z.optional(z.strictObject({
    channels: listSchema,
    skills: listSchema,
    handoffids: listSchema,
    source: listSchema,
  })),
});

/** The transactions filter body; an unknown key is refused. */
export const transactionFiltersBodySchema: z.ZodMiniType<TransactionFiltersBodyWire> = z
  .strictObject({
    channels: listSchema,
    skills: listSchema,
    messagestatus: listSchema,
    handoffids: listSchema,
    source: listSchema,
  });
