/**
 * The outbound funnel: stage conversion rates, aggregation of analytics rows and
 * transactions, and consistency checks.
 *
 * @example Funnel per channel
 * ```ts
 * import { computeFunnel, groupRows } from "./mod.ts";
 *
 * const counts = { attempted: 10, eligible: 9, skipped: 1, sent: 8, failed: 2, delivered: 8,
 *   conversationsCreated: 3, conversationsClosed: 2 };
 * const rows = [
 *   { day: "2026-11-01", channel: "sms", skill: "billing", ...counts, read: 0, csat: null },
 *   { day: "2026-11-01", channel: "wa", skill: "billing", ...counts, read: 6, csat: 4.5 },
 * ];
 * for (const { key, totals } of groupRows(rows, ["channel"])) {
 *   const read = computeFunnel(totals).stages[4];
 *   console.log(key.channel, read?.fromPrevious); // "sms not-applicable", then "wa 0.75"
 * }
 * ```
 *
 * @module
 */
export { computeFunnel, FUNNEL_STAGES } from "./funnel.ts";
export type {
  Funnel,
  FunnelExit,
  FunnelOptions,
  FunnelStage,
  FunnelStageResult,
  FunnelTotals,
  Rate,
} from "./funnel.ts";
export { analyticsFromTransactions, funnelTotals, totalsFromTransactions } from "./aggregate.ts";
export type { AccountScoped } from "./group-keys.ts";
export { groupRows } from "./group-rows.ts";
export type { RowDimension, RowGroup } from "./group-rows.ts";
export { groupTransactions } from "./group-transactions.ts";
export type { TransactionDimension, TransactionGroup } from "./group-transactions.ts";
export { channelReportsReads, checkInvariants, readableVolume } from "./invariants.ts";
export type {
  Anomaly,
  AnomalyKind,
  AnomalySeverity,
  InvariantOptions,
  ReadableVolume,
} from "./invariants.ts";
