/**
 * Wire schemas of the "current" dialect (cx-reporting, liveperson-api-notes.md §1), and the
 * envelope pieces both dialects share (requestMetadata, page, leaf values). Objects strip
 * unknown fields, so extra upstream fields are tolerated (and dropped).
 *
 * @module
 */
import * as z from "zod/mini";

/** A time on the wire: an ISO-8601 string with a zone, epoch ms, or null. */
export type WireTime = string | number | null;
/** A CSAT on the wire: a number, a numeric string ("2.5", "" or "0" for none), or null. */
export type WireCsat = number | string | null;

/** `requestMetadata.filters`, as echoed by the analytics POST (wire names). */
export interface WireFilters {
  channels?: string[] | undefined;
  skills?: string[] | undefined;
  messagestatus?: string[] | undefined;
  handoffids?: string[] | undefined;
  source?: string[] | undefined;
}

/** `requestMetadata` of every response (both dialects). */
export interface WireRequestMetadata {
  accountId: string | number;
  app: string;
  attemptedStartTime?: number | undefined;
  attemptedEndTime?: number | undefined;
  proactiveCampaignId?: string | number | undefined;
  filters?: WireFilters | undefined;
}

/** `page` of paged responses (both dialects); -1 means "none". */
export interface WirePage {
  count: number;
  previousOffset: number;
  currentOffset: number;
  nextOffset: number;
}

// LP: times are ISO-8601 UTC strings (notes §1e); a zone is required so Date.parse never
// falls back to local time.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
// Whatever String(number) gives for a non-negative number ("2.5", "1e-7"), or "" for none.
const CSAT_TEXT = /^(?:\d+(?:\.\d+)?(?:e[+-]\d+)?)?$/;
const EPOCH_MS_TEXT = /^\d{1,16}$/;

/**
 * Reads a wire time: an ISO-8601 string with a zone, or epoch ms (a non-negative integer).
 *
 * @param value A wire value.
 * @returns Epoch ms; null for null or absent; NaN when `value` is not a time.
 */
export function wireTimeToMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return ISO_TIME.test(value) ? Date.parse(value) : NaN;
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : NaN;
}

/**
 * Reads a wire CSAT: a non-negative number or numeric string. "0", 0, "" and null all mean
 * "no score" [INF: LivePerson CSAT is 1-5, so 0 is no surveys (notes §3)].
 *
 * @param value A wire value.
 * @returns The score; null for none; NaN when `value` is not a CSAT.
 */
export function wireCsatToScore(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const score = typeof value === "number"
    ? (Number.isFinite(value) && value >= 0 ? value : NaN)
    : typeof value === "string" && CSAT_TEXT.test(value)
    ? Number(value) // "" -> 0
    : NaN;
  return score === 0 ? null : score;
}

/**
 * Whether `value` is a count: a non-negative safe integer.
 *
 * @param value A wire value.
 * @returns True for 0, 1, 2, ...
 */
export function isWireCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Whether `value` is a page offset: an integer of -1 ("none") or more.
 *
 * @param value A wire value.
 * @returns True for -1, 0, 1, ...
 */
export function isWireOffset(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= -1;
}

// Leaves, with messages that read after a JSON path: "transactions[3].attemptedTime is not a time".
/** A count (non-negative integer). */
export const countSchema: z.ZodMiniType<number> = z.custom<number>(
  isWireCount,
  "is not a non-negative integer",
);
const offset = z.custom<number>(isWireOffset, "is not a page offset (-1 or more)");
const id = z.custom<string | number>(
  (v) => typeof v === "string" || (typeof v === "number" && Number.isSafeInteger(v)),
  "is not a string or an integer",
);
/** An optional, nullable time (see {@link wireTimeToMs}). */
export const timeSchema: z.ZodMiniType<WireTime | undefined> = z.optional(
  z.custom<WireTime>((v) => v !== undefined && !Number.isNaN(wireTimeToMs(v)), "is not a time"),
);
/** An optional, nullable CSAT (see {@link wireCsatToScore}). */
export const csatSchema: z.ZodMiniType<WireCsat | undefined> = z.optional(
  z.custom<WireCsat>((v) => v !== undefined && !Number.isNaN(wireCsatToScore(v)), "is not a CSAT"),
);
/** An optional, nullable string. */
export const textSchema: z.ZodMiniType<string | null | undefined> = z.optional(
  z.nullable(z.string()),
);
/** An optional list of strings (a filter). */
export const listSchema: z.ZodMiniType<string[] | undefined> = z.optional(z.array(z.string()));

/** `page` (both dialects). */
export const pageSchema: z.ZodMiniType<WirePage> = z.object({
  count: countSchema,
  previousOffset: offset,
  currentOffset: countSchema,
  nextOffset: offset,
});

/** `requestMetadata` (both dialects). */
export const requestMetadataSchema: z.ZodMiniType<WireRequestMetadata> = z.object({
  accountId: id,
  app: z.string(),
  attemptedStartTime: z.optional(countSchema),
  attemptedEndTime: z.optional(countSchema),
  proactiveCampaignId: z.optional(id),
  filters: z.optional(z.object({
    channels: listSchema,
    skills: listSchema,
    messagestatus: listSchema,
    handoffids: listSchema,
    source: listSchema,
  })),
});

/** The query of the analytics and transactions endpoints (both dialects), as URL strings. */
export const attemptedWindowQuerySchema: z.ZodMiniType<
  { attemptedStartTime: string; attemptedEndTime: string }
> = z.object({
  attemptedStartTime: z.custom<string>(
    (v) => typeof v === "string" && EPOCH_MS_TEXT.test(v),
    "is not epoch milliseconds",
  ),
  attemptedEndTime: z.custom<string>(
    (v) => typeof v === "string" && EPOCH_MS_TEXT.test(v),
    "is not epoch milliseconds",
  ),
});

// ---- "current" dialect rows and bodies (liveperson-api-notes.md §1a-§1e) ----

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

/** The analytics POST body. */
export const analyticsFiltersBodySchema: z.ZodMiniType<AnalyticsFiltersBodyWire> = z.object({
  filters: z.optional(z.object({
    channels: listSchema,
    skills: listSchema,
    handoffids: listSchema,
    source: listSchema,
  })),
});

/** The transactions filter body. */
export const transactionFiltersBodySchema: z.ZodMiniType<TransactionFiltersBodyWire> = z.object({
  channels: listSchema,
  skills: listSchema,
  messagestatus: listSchema,
  handoffids: listSchema,
  source: listSchema,
});
