/**
 * The wire vocabulary both dialects share: leaf values (times, CSATs, counts, offsets) with
 * their readers and schemas, and the envelope (`requestMetadata`, `page`) and query
 * (`attemptedStartTime`, `attemptedEndTime`) of every endpoint (liveperson-api-notes.md §1,
 * reporting-api-2.0.md). Objects strip unknown fields, so extra upstream fields are tolerated
 * (and dropped).
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
/** A page offset (an integer of -1 or more). */
export const offsetSchema: z.ZodMiniType<number> = z.custom<number>(
  isWireOffset,
  "is not a page offset (-1 or more)",
);
/** An id on the wire: a string or an integer. */
export const idSchema: z.ZodMiniType<string | number> = z.custom<string | number>(
  (v) => typeof v === "string" || (typeof v === "number" && Number.isSafeInteger(v)),
  "is not a string or an integer",
);
/** A nullable time (see {@link wireTimeToMs}). */
export const wireTimeSchema: z.ZodMiniType<WireTime> = z.custom<WireTime>(
  (v) => v !== undefined && !Number.isNaN(wireTimeToMs(v)),
  "is not a time",
);
/** An optional, nullable time (see {@link wireTimeToMs}). */
export const timeSchema: z.ZodMiniType<WireTime | undefined> = z.optional(wireTimeSchema);
/** A nullable CSAT (see {@link wireCsatToScore}). */
export const wireCsatSchema: z.ZodMiniType<WireCsat> = z.custom<WireCsat>(
  (v) => v !== undefined && !Number.isNaN(wireCsatToScore(v)),
  "is not a CSAT",
);
/** An optional, nullable CSAT (see {@link wireCsatToScore}). */
export const csatSchema: z.ZodMiniType<WireCsat | undefined> = z.optional(wireCsatSchema);
/** An optional, nullable string. */
export const textSchema: z.ZodMiniType<string | null | undefined> = z.optional(
  z.nullable(z.string()),
);
/** An optional list of strings (a filter). */
export const listSchema: z.ZodMiniType<string[] | undefined> = z.optional(z.array(z.string()));

/** `page` (both dialects). */
export const pageSchema: z.ZodMiniType<WirePage> = z.object({
  count: countSchema,
  previousOffset: offsetSchema,
  currentOffset: countSchema,
  nextOffset: offsetSchema,
});

/** `requestMetadata` (both dialects). */
export const requestMetadataSchema: z.ZodMiniType<WireRequestMetadata> = z.object({
  accountId: idSchema,
  app: z.string(),
  attemptedStartTime: z.optional(countSchema),
  attemptedEndTime: z.optional(countSchema),
  proactiveCampaignId: z.optional(idSchema),
  filters: z.optional(z.object({
    channels: listSchema,
    skills: listSchema,
    messagestatus: listSchema,
    handoffids: listSchema,
    source: listSchema,
  })),
});

/** Epoch milliseconds as a URL query string. */
export const epochMsTextSchema: z.ZodMiniType<string> = z.custom<string>(
  (v) => typeof v === "string" && EPOCH_MS_TEXT.test(v),
  "is not epoch milliseconds",
);

/** The query of the analytics and transactions endpoints (both dialects), as URL strings. */
export const attemptedWindowQuerySchema: z.ZodMiniType<
  { attemptedStartTime: string; attemptedEndTime: string }
> = z.object({
  attemptedStartTime: epochMsTextSchema,
  attemptedEndTime: epochMsTextSchema,
});
