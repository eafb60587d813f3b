/**
 * One canonical transaction -> the transaction row each dialect sends.
 *
 * @module
 */
import type { Dialect, Transaction } from "./canonical.ts";
import { formatChannel } from "./channel.ts";

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * One transaction as the dialect sends it: times as ISO-8601 strings or null. Current has
 * every field of notes §1e plus `csat` (number or null); 2.0 has the spec's fields only, an
 * uppercase channel and a numeric `csat` (0 when none).
 *
 * @param tx A canonical transaction.
 * @param dialect The wire dialect.
 * @returns The wire row.
 */
export function transactionToWire(tx: Transaction, dialect: Dialect): Record<string, unknown> {
  const channel = formatChannel(tx.channel, dialect);
  if (dialect === "2.0") {
    return {
      transactionId: tx.transactionId,
      channel,
      skill: tx.skill,
      attemptedTime: iso(tx.attemptedTime),
      cancelledTime: iso(tx.cancelledTime),
      conversationId: tx.conversationId,
      conversationsClosedTime: iso(tx.conversationsClosedTime),
      conversationsCreatedTime: iso(tx.conversationsCreatedTime),
      csat: tx.csat ?? 0,
      deliveredTime: iso(tx.deliveredTime),
      eligibleTime: iso(tx.eligibleTime),
      errorCode: tx.errorCode,
      errorMessage: tx.errorMessage,
      errorSource: tx.errorSource,
      failedTime: iso(tx.failedTime),
      inviteTime: iso(tx.inviteTime),
      optInsTime: iso(tx.optInsTime),
      optOutsTime: iso(tx.optOutsTime),
      readTime: iso(tx.readTime),
      sentTime: iso(tx.sentTime),
    };
  }
  return {
    transactionId: tx.transactionId,
    channel,
    skill: tx.skill,
    consumerId: tx.consumerId,
    conversationId: tx.conversationId,
    proactiveCampaignId: tx.proactiveCampaignId,
    handOffId: tx.handOffId,
    ivrNumber: tx.ivrNumber,
    initialSkill: tx.initialSkill,
    initialChannel: tx.initialChannel === null ? null : formatChannel(tx.initialChannel, dialect),
    attemptedTime: iso(tx.attemptedTime),
    eligibleTime: iso(tx.eligibleTime),
    skippedTime: iso(tx.skippedTime),
    cancelledTime: iso(tx.cancelledTime),
    inviteTime: iso(tx.inviteTime),
    sentTime: iso(tx.sentTime),
    deliveredTime: iso(tx.deliveredTime),
    readTime: iso(tx.readTime),
    failedTime: iso(tx.failedTime),
    conversationsCreatedTime: iso(tx.conversationsCreatedTime),
    conversationsClosedTime: iso(tx.conversationsClosedTime),
    optInsTime: iso(tx.optInsTime),
    optOutsTime: iso(tx.optOutsTime),
    csat: tx.csat,
    errorSource: tx.errorSource,
    errorCode: tx.errorCode,
    errorMessage: tx.errorMessage,
  };
}
