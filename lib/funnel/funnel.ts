/**
 * The outbound funnel: attempted -> eligible -> sent -> delivered -> read -> conversations
 * created -> conversations closed, with side exits (ineligible, skipped, failed, opt-outs)
 * and CSAT. Stage definitions follow LivePerson's field table (reporting-api-2.0.md).
 *
 * @module
 */
import type { AnalyticsRow, Channel } from "../model/canonical.ts";
import { type Anomaly, checkInvariants, readableVolume } from "./invariants.ts";

/** The funnel's stages, in order. */
export const FUNNEL_STAGES = [
  "attempted",
  "eligible",
  "sent",
  "delivered",
  "read",
  "conversationsCreated",
  "conversationsClosed",
] as const;

/** One funnel stage. */
export type FunnelStage = typeof FUNNEL_STAGES[number];

/**
 * A conversion rate: a ratio, `null` when the denominator is 0, or `"not-applicable"` when the
 * channel cannot report the stage (reads on SMS). Ratios are not clamped: above 1 means the
 * data breaks an invariant (flagged in the funnel's `anomalies`), except for
 * `conversationsCreated` over `read`, where it can be genuine ([INF] WhatsApp users can turn
 * read receipts off and still reply).
 */
export type Rate = number | null | "not-applicable";

/**
 * Summed counts for a funnel. An {@link AnalyticsRow} is one (with its `channel`).
 *
 * Mixed channels: SMS (Twilio) reports no reads, so read rates must only count volume that
 * could have been read. `attemptedReadable`/`deliveredReadable` carry the non-SMS part of
 * `attempted`/`delivered`; `funnelTotals()` and the transaction groupings fill them in.
 * When both are absent the totals are taken as one channel: the `channel` option (or the
 * row's `channel`) decides, and with no channel at all reads are taken as applicable.
 */
export interface FunnelTotals {
  /** Messages/deflections attempted. */
  attempted: number;
  /** Attempted and eligible to be delivered. */
  eligible: number;
  /** Skipped because the consumer opted out earlier. */
  skipped: number;
  /** Sent to the messaging gateway. */
  sent: number;
  /** Failed ("difference between attempted count and sent count", notes §1g). */
  failed: number;
  /** Delivered by the gateway. */
  delivered: number;
  /** Read by the consumer (never reported on SMS). */
  read: number;
  /** Responded to, creating a conversation. */
  conversationsCreated: number;
  /** Conversations closed. */
  conversationsClosed: number;
  /** Opt-outs; absent in the current dialect. */
  optOuts?: number;
  /** Opt-ins; absent in the current dialect. */
  optIns?: number;
  /** The part of `attempted` on channels that report reads (all but SMS). */
  attemptedReadable?: number;
  /** The part of `delivered` on channels that report reads (all but SMS). */
  deliveredReadable?: number;
  /** Average CSAT score; null when there were no surveys. */
  csat: number | null;
}

/** Options for {@link computeFunnel}. */
export interface FunnelOptions {
  /**
   * The one channel the totals are for; overrides the totals' own mix.
   * @default the row's `channel`, else the mix in `attemptedReadable`/`deliveredReadable`
   */
  channel?: Channel;
}

/** One stage of a computed funnel. */
export interface FunnelStageResult {
  /** The stage. */
  stage: FunnelStage;
  /** Its count; null when not applicable. */
  count: number | null;
  /** The stage whose count `fromPrevious` divides by; null for the first stage. */
  previous: FunnelStage | null;
  /** count / previous stage's count (for `attempted`: 1, or null when 0). */
  fromPrevious: Rate;
  /** count / attempted (for `read`: over the readable attempted volume). */
  fromStart: Rate;
}

/** A side exit from the funnel. */
export interface FunnelExit {
  /** How many left; null when the dialect does not report it. */
  count: number | null;
  /** count / attempted. */
  fromStart: Rate;
}

/** A computed funnel. */
export interface Funnel {
  /** The stages in {@link FUNNEL_STAGES} order. */
  stages: FunnelStageResult[];
  /** Side exits; `ineligible` is `attempted - eligible`, `optOuts` is 2.0-only. */
  exits: { ineligible: FunnelExit; skipped: FunnelExit; failed: FunnelExit; optOuts: FunnelExit };
  /** Average CSAT score, as in the totals. */
  csat: number | null;
  /** Broken invariants in the totals (see checkInvariants()); empty when consistent. */
  anomalies: Anomaly[];
}

/**
 * Computes stage counts, step and overall conversion rates, side exits and anomalies.
 *
 * Reads: `"not-applicable"` (count null) when the totals are SMS only, never 0 %; then
 * `conversationsCreated` converts from `delivered`. With mixed channels, reads are applicable
 * when any non-SMS volume is present, and the read rates divide by the non-SMS delivered
 * (`fromPrevious`) and attempted (`fromStart`) only; `conversationsCreated` then converts
 * from all `delivered`, since `read` covers only part of the volume. Only a pure readable
 * funnel (no SMS volume) converts `conversationsCreated` from `read`.
 *
 * @param totals Summed counts, or one analytics row.
 * @param options See {@link FunnelOptions}.
 * @returns The funnel.
 * @example SMS funnel
 * ```ts
 * import { computeFunnel } from "./funnel.ts";
 * const row = { day: "2026-11-20", channel: "sms", skill: "billing", attempted: 100, eligible: 95, skipped: 2,
 *   sent: 90, failed: 6, delivered: 84, read: 0, conversationsCreated: 20, conversationsClosed: 18, csat: 4.2 };
 * const funnel = computeFunnel(row, { channel: "sms" });
 * console.log(funnel.stages[4]?.fromPrevious); // "not-applicable"
 * ```
 */
export function computeFunnel(
  totals: FunnelTotals | AnalyticsRow,
  options: FunnelOptions = {},
): Funnel {
  const channel = options.channel ?? ("channel" in totals ? totals.channel : undefined);
  const scope = readableVolume(totals, channel);
  const { attempted } = totals;
  const pureReadable = scope.applicable && scope.delivered === totals.delivered &&
    scope.attempted === attempted;
  const stage = (
    name: FunnelStage,
    count: number,
    previous: FunnelStage | null,
    previousCount: number,
  ): FunnelStageResult => ({
    stage: name,
    count,
    previous,
    fromPrevious: ratio(count, previousCount),
    fromStart: ratio(count, attempted),
  });
  const read: FunnelStageResult = scope.applicable
    ? {
      stage: "read",
      count: totals.read,
      previous: "delivered",
      fromPrevious: ratio(totals.read, scope.delivered),
      fromStart: ratio(totals.read, scope.attempted),
    }
    // LP: "Twilio does not provide read status ... not applicable to the SMS channel" (notes §1g)
    : {
      stage: "read",
      count: null,
      previous: "delivered",
      fromPrevious: "not-applicable",
      fromStart: "not-applicable",
    };
  const exit = (count: number): FunnelExit => ({ count, fromStart: ratio(count, attempted) });
  return {
    stages: [
      stage("attempted", attempted, null, attempted),
      stage("eligible", totals.eligible, "attempted", attempted),
      stage("sent", totals.sent, "eligible", totals.eligible),
      stage("delivered", totals.delivered, "sent", totals.sent),
      read,
      pureReadable
        ? stage("conversationsCreated", totals.conversationsCreated, "read", totals.read)
        : stage("conversationsCreated", totals.conversationsCreated, "delivered", totals.delivered),
      stage(
        "conversationsClosed",
        totals.conversationsClosed,
        "conversationsCreated",
        totals.conversationsCreated,
      ),
    ],
    exits: {
      ineligible: exit(attempted - totals.eligible),
      skipped: exit(totals.skipped),
      failed: exit(totals.failed),
      optOuts: totals.optOuts === undefined
        ? { count: null, fromStart: "not-applicable" }
        : exit(totals.optOuts),
    },
    csat: totals.csat,
    anomalies: checkInvariants(totals, channel === undefined ? {} : { channel }),
  };
}

/** numerator / denominator, or null when the denominator is 0. */
function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
