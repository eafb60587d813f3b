import type { Transaction } from "../model/canonical.ts";
import type { SimTransaction } from "./generate.ts";

const EVENT_TIMES = [
  "eligibleTime",
  "skippedTime",
  "cancelledTime",
  "inviteTime",
  "sentTime",
  "deliveredTime",
  "readTime",
  "conversationsCreatedTime",
  "conversationsClosedTime",
  "optInsTime",
  "optOutsTime",
] as const;

/**
 * The transaction as the reporting API shows it at `now`: an event appears only once
 * `delayMs` have passed since it happened, and a transaction only once its attempt has.
 * LP: "data … can be delayed by up to 20 min" (liveperson-api-notes.md §4).
 *
 * @returns the visible transaction, or null when even its attempt is not visible yet.
 */
export function visibleAt(tx: SimTransaction, now: number, delayMs: number): Transaction | null {
  const horizon = now - delayMs;
  if (tx.attemptedTime === null || tx.attemptedTime > horizon) return null;
  const { csatTime, ...visible } = tx;
  for (const key of EVENT_TIMES) {
    const time = visible[key];
    if (time !== null && time > horizon) visible[key] = null;
  }
  if (visible.failedTime !== null && visible.failedTime > horizon) {
    visible.failedTime = null;
    visible.errorSource = null;
    visible.errorCode = null;
    visible.errorMessage = null;
  }
  if (csatTime === null || csatTime > horizon) visible.csat = null;
  if (visible.conversationsCreatedTime === null) visible.conversationId = null;
  return visible;
}
