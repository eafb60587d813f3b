import type { Transaction } from "./canonical.ts";

/**
 * The furthest status a transaction reached, as the campaign report and the `messagestatus`
 * filter name it (liveperson-api-notes.md §3: DELIVERED, FAILED, RESPONDED, READ, …).
 */
export function statusOf(tx: Transaction): string {
  if (tx.conversationsCreatedTime !== null) return "RESPONDED";
  if (tx.readTime !== null) return "READ";
  if (tx.deliveredTime !== null) return "DELIVERED";
  if (tx.failedTime !== null) return "FAILED";
  if (tx.skippedTime !== null) return "SKIPPED";
  if (tx.cancelledTime !== null) return "CANCELLED";
  if (tx.sentTime !== null) return "SENT";
  return "NOT_SENT";
}
