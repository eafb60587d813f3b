/**
 * Consistency checks for funnel counts. They flag, never throw: upstream data is reported
 * as it is, with its anomalies listed beside it.
 *
 * @module
 */
import type { AnalyticsRow, Channel } from "../model/canonical.ts";
import type { FunnelTotals } from "./funnel.ts";

/** What is wrong with a row or totals. */
export type AnomalyKind =
  | "negative-count"
  | "non-integer-count"
  | "eligible-exceeds-attempted"
  | "sent-exceeds-eligible"
  | "delivered-exceeds-sent"
  | "read-exceeds-delivered"
  | "created-exceeds-sent"
  | "created-exceeds-delivered"
  | "closed-exceeds-created"
  | "skipped-exceeds-attempted"
  | "failed-exceeds-attempted"
  | "readable-exceeds-total"
  | "read-on-sms"
  | "csat-out-of-range";

/** `impossible`: the data is wrong. `suspicious`: possible, but worth a look. */
export type AnomalySeverity = "impossible" | "suspicious";

/** One broken invariant. */
export interface Anomaly {
  /** What is wrong. */
  kind: AnomalyKind;
  /** How sure we are that it is wrong. */
  severity: AnomalySeverity;
  /** The offending field, e.g. `"read"`. */
  field: string;
  /** Its value. */
  value: number;
  /** The field it was compared with, e.g. `"delivered"`, when there is one. */
  limitField?: string;
  /** The value it should not exceed (or fall below), when there is one. */
  limit?: number;
  /** A sentence for humans, e.g. `read (12) exceeds delivered (10)`. */
  message: string;
}

/** Options for {@link checkInvariants}. */
export interface InvariantOptions {
  /**
   * The one channel the totals are for.
   * @default the row's `channel`, else the mix in `attemptedReadable`/`deliveredReadable`
   */
  channel?: Channel;
}

/** The volume that could have been read. */
export interface ReadableVolume {
  /** Whether reads apply at all (false for SMS-only volume). */
  applicable: boolean;
  /** Attempted on channels that report reads. */
  attempted: number;
  /** Delivered on channels that report reads. */
  delivered: number;
}

const COUNT_FIELDS = [
  "attempted",
  "eligible",
  "skipped",
  "sent",
  "failed",
  "delivered",
  "read",
  "conversationsCreated",
  "conversationsClosed",
  "optOuts",
  "optIns",
  "attemptedReadable",
  "deliveredReadable",
] as const;

/**
 * Whether a channel reports read receipts.
 *
 * @param channel A canonical channel.
 * @returns false for SMS (LP: "Twilio does not provide read status", notes §1g), else true.
 */
export function channelReportsReads(channel: Channel): boolean {
  return channel.toLowerCase() !== "sms";
}

/**
 * The volume reads can be measured against. With a `channel`, the totals are that channel's
 * alone. Else the totals' `attemptedReadable`/`deliveredReadable` decide: reads apply when
 * any non-SMS volume is present. With neither, all volume counts as readable.
 *
 * @param totals Summed counts.
 * @param channel The one channel the totals are for, if known.
 * @returns Whether reads apply, and the readable attempted and delivered.
 */
export function readableVolume(totals: FunnelTotals, channel?: Channel): ReadableVolume {
  if (channel !== undefined) {
    return channelReportsReads(channel)
      ? { applicable: true, attempted: totals.attempted, delivered: totals.delivered }
      : { applicable: false, attempted: 0, delivered: 0 };
  }
  const attempted = totals.attemptedReadable ?? totals.attempted;
  const delivered = totals.deliveredReadable ?? totals.delivered;
  if (totals.attemptedReadable === undefined && totals.deliveredReadable === undefined) {
    return { applicable: true, attempted, delivered };
  }
  return { applicable: attempted > 0 || delivered > 0, attempted, delivered };
}

/**
 * Lists the invariants a row or totals break: negative or fractional counts, a stage above
 * the one before it, exits above `attempted`, reads on SMS, CSAT outside 1..5.
 *
 * Severity: `created > delivered` is only suspicious ([INF] consumers can reply to a message
 * whose delivery receipt never came; Twilio receipts depend on the carrier), while
 * `created > sent` is impossible. `read > delivered` is suspicious too (a lost delivery
 * receipt). CSAT outside 1..5 is suspicious as the scale is [INF] (notes §3).
 *
 * @param input One analytics row or summed totals.
 * @param options See {@link InvariantOptions}.
 * @returns The anomalies, in check order; empty when consistent.
 */
export function checkInvariants(
  input: FunnelTotals | AnalyticsRow,
  options: InvariantOptions = {},
): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const counts = input as FunnelTotals;
  for (const field of COUNT_FIELDS) {
    const value = counts[field];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      anomalies.push({
        kind: "non-integer-count",
        severity: "impossible",
        field,
        value,
        message: `${field} is not a whole count (${value})`,
      });
    } else if (value < 0) {
      anomalies.push({
        kind: "negative-count",
        severity: "impossible",
        field,
        value,
        limit: 0,
        message: `${field} is negative (${value})`,
      });
    }
  }
  const exceeds = (
    kind: AnomalyKind,
    severity: AnomalySeverity,
    field: keyof FunnelTotals,
    limitField: keyof FunnelTotals,
    limit = counts[limitField] as number,
  ): boolean => {
    const value = counts[field] as number;
    if (!(value > limit)) return false;
    anomalies.push({
      kind,
      severity,
      field,
      value,
      limitField,
      limit,
      message: `${field} (${value}) exceeds ${limitField} (${limit})`,
    });
    return true;
  };
  exceeds("eligible-exceeds-attempted", "impossible", "eligible", "attempted");
  exceeds("sent-exceeds-eligible", "impossible", "sent", "eligible");
  exceeds("delivered-exceeds-sent", "impossible", "delivered", "sent");
  const channel = options.channel ?? ("channel" in input ? input.channel : undefined);
  const scope = readableVolume(counts, channel);
  if (scope.applicable) {
    exceeds("read-exceeds-delivered", "suspicious", "read", "delivered", scope.delivered);
  } else if (counts.read > 0) {
    anomalies.push({
      kind: "read-on-sms",
      severity: "impossible",
      field: "read",
      value: counts.read,
      limit: 0,
      // LP: Twilio reports no reads (notes §1g)
      message: `read (${counts.read}) is reported for SMS, which has no read receipts`,
    });
  }
  if (!exceeds("created-exceeds-sent", "impossible", "conversationsCreated", "sent")) {
    exceeds("created-exceeds-delivered", "suspicious", "conversationsCreated", "delivered");
  }
  exceeds("closed-exceeds-created", "impossible", "conversationsClosed", "conversationsCreated");
  exceeds("skipped-exceeds-attempted", "impossible", "skipped", "attempted");
  exceeds("failed-exceeds-attempted", "impossible", "failed", "attempted");
  if (counts.attemptedReadable !== undefined) {
    exceeds("readable-exceeds-total", "impossible", "attemptedReadable", "attempted");
  }
  if (counts.deliveredReadable !== undefined) {
    exceeds("readable-exceeds-total", "impossible", "deliveredReadable", "delivered");
  }
  const { csat } = counts;
  // [INF] LivePerson CSAT is a 1-5 scale; "0" on the wire means no surveys (notes §3)
  if (csat !== null && !(csat >= 1 && csat <= 5)) {
    anomalies.push({
      kind: "csat-out-of-range",
      severity: "suspicious",
      field: "csat",
      value: csat,
      message: `csat (${csat}) is outside the 1..5 scale`,
    });
  }
  return anomalies;
}
