/**
 * The canonical model: one shape for the data of both wire dialects ("current" and "2.0"),
 * which `wire-to-responses.ts` produces and `responses-to-wire.ts` consumes. Times are epoch milliseconds,
 * days are "YYYY-MM-DD" (UTC), channels are lowercase, "none" is `null`.
 *
 * @module
 */

/** A messaging channel: "sms", "wa" (WhatsApp), "inapp", or an unknown value kept as given. */
export type Channel = "sms" | "wa" | "inapp" | (string & Record<never, never>);

/**
 * Which wire format an upstream speaks: "current" (cx-reporting, liveperson-api-notes.md §1)
 * or "2.0" (connect-to-messaging, reporting-api-2.0.md).
 */
export type Dialect = "current" | "2.0";

/** The `{app}` path value: Proactive Messaging 2.0 or Connect To Messaging 2.0 (notes §2). */
export type App = "prmsg" | "c2m";

/** One analytics row: the funnel counts of one UTC day, channel and skill. */
export interface AnalyticsRow {
  /** "YYYY-MM-DD" (UTC); a wire value that is not a recognizable date is kept as given. */
  day: string;
  channel: Channel;
  skill: string;
  attempted: number;
  eligible: number;
  skipped: number;
  sent: number;
  failed: number;
  delivered: number;
  read: number;
  conversationsCreated: number;
  conversationsClosed: number;
  /** 2.0 dialect only. */
  optOuts?: number;
  /** 2.0 dialect only. */
  optIns?: number;
  /** Average CSAT score; null when none ("0", "", 0 or null on the wire) [INF]. */
  csat: number | null;
}

/** One raw transaction (one outbound message or deflection); times are epoch ms or null. */
export interface Transaction {
  transactionId: string;
  channel: Channel;
  skill: string | null;
  consumerId: string | null;
  conversationId: string | null;
  proactiveCampaignId: string | null;
  handOffId: string | null;
  ivrNumber: string | null;
  initialSkill: string | null;
  initialChannel: Channel | null;
  attemptedTime: number | null;
  eligibleTime: number | null;
  skippedTime: number | null;
  cancelledTime: number | null;
  inviteTime: number | null;
  sentTime: number | null;
  deliveredTime: number | null;
  readTime: number | null;
  failedTime: number | null;
  conversationsCreatedTime: number | null;
  conversationsClosedTime: number | null;
  optInsTime: number | null;
  optOutsTime: number | null;
  /** CSAT score; null when none (0 on the wire counts as none) [INF]. */
  csat: number | null;
  errorSource: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** One recipient of a proactive campaign and what became of its message. */
export interface ConsumerReportEntry {
  id: string;
  consumerId: string | null;
  /** e.g. "DELIVERED", "FAILED"; an open set (notes §3). */
  status: string;
  errorSource: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  conversationId: string | null;
}

/** A page of a paged response; the wire's -1 ("none") is null. */
export interface Page {
  count: number;
  previousOffset: number | null;
  currentOffset: number;
  nextOffset: number | null;
}

/** Filters of the account analytics POST (channels normalized, see `normalizeChannel`). */
export interface AnalyticsFilters {
  channels?: string[];
  skills?: string[];
}

/** Filters of the transactions request; wire names in brackets (PR #1572, notes §1e). */
export interface TransactionFilters {
  channels?: string[];
  skills?: string[];
  /** Wire `messagestatus`: "DELIVERED", "FAILED", "RESPONDED", "READ". */
  statuses?: string[];
  /** Wire `handoffids`. */
  handoffIds?: string[];
  /** Wire `source`: "API", "UI", "LPWF". */
  sources?: string[];
}

/** The `requestMetadata` a response echoes; which fields appear depends on the endpoint. */
export interface RequestMetadata {
  accountId: string;
  /** "prmsg" or "c2m" in practice; kept as given. */
  app: string;
  attemptedStartTime?: number;
  attemptedEndTime?: number;
  /** Campaign endpoints only; a wire number is turned into its string. */
  proactiveCampaignId?: string;
  /** Echoed by the analytics POST. */
  filters?: TransactionFilters;
}

/** The counts every {@link AnalyticsRow} carries in both dialects, in the funnel's order. */
export const ROW_COUNTS = Object.freeze(
  [
    "attempted",
    "eligible",
    "skipped",
    "sent",
    "failed",
    "delivered",
    "read",
    "conversationsCreated",
    "conversationsClosed",
  ] as const,
);

/** Every {@link App}. */
export const APPS: readonly App[] = Object.freeze(["prmsg", "c2m"] as const);

/** Every {@link Dialect}. */
export const DIALECTS: readonly Dialect[] = Object.freeze(["current", "2.0"] as const);

/** The known channels, in canonical (lowercase) form. */
export const CHANNELS: readonly ["sms", "wa", "inapp"] = Object.freeze(
  ["sms", "wa", "inapp"] as const,
);

/** A LivePerson region: `va` North America, `lo` EMEA, `sy` APAC (liveperson-api-notes.md §5). */
export type Region = "va" | "lo" | "sy";

/** Every region. */
export const REGIONS: readonly Region[] = Object.freeze(["va", "lo", "sy"]);
