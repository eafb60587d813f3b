/**
 * The export columns of a transaction: one per canonical field, in a fixed order that is
 * part of the contract (documented in the README and `openapi.json`; append, never reorder).
 *
 * @module
 */
import type { Transaction } from "../model/canonical.ts";
import type { CsvColumn } from "./csv.ts";
import { isoTime } from "./iso-time.ts";

/** Every field of a canonical {@link Transaction}, in export column order. */
export const TRANSACTION_FIELDS: readonly (keyof Transaction)[] = Object.freeze(
  [
    "transactionId",
    "channel",
    "skill",
    "consumerId",
    "conversationId",
    "proactiveCampaignId",
    "handOffId",
    "ivrNumber",
    "initialSkill",
    "initialChannel",
    "attemptedTime",
    "eligibleTime",
    "skippedTime",
    "cancelledTime",
    "inviteTime",
    "sentTime",
    "deliveredTime",
    "readTime",
    "failedTime",
    "conversationsCreatedTime",
    "conversationsClosedTime",
    "optInsTime",
    "optOutsTime",
    "csat",
    "errorSource",
    "errorCode",
    "errorMessage",
  ] as const,
);

/**
 * The CSV columns of a transaction: named as the canonical fields, in
 * {@link TRANSACTION_FIELDS} order; `…Time` fields as ISO 8601 UTC, `null` as an empty field.
 */
export const TRANSACTION_CSV_COLUMNS: readonly CsvColumn<Transaction>[] = Object.freeze(
  TRANSACTION_FIELDS.map((field): CsvColumn<Transaction> => ({
    name: field,
    value: field.endsWith("Time") ? (tx) => isoTime(tx[field] as number | null) : (tx) => tx[field],
  })),
);
