/**
 * Transactions pages, wire -> canonical, fast: up to 9,999 rows a page (notes §4), so each
 * row is validated and mapped in one pass over the parsed JSON, with zod's schema kept as the
 * reference and as the source of the issues when a row is wrong.
 *
 * @module
 */
import * as z from "zod/mini";
import type { Dialect, Transaction } from "./canonical.ts";
import { normalizeChannel } from "./channel.ts";
import { metadataFromWire, pageFromWire } from "./wire-to-envelope.ts";
import type { ParsedTransactionsPage } from "./parsed-responses.ts";
import * as wire20 from "./wire-2-0.ts";
import * as current from "./wire-current.ts";
import {
  BAD_WIRE_VALUE,
  readChannelOrNull,
  readCsat,
  readString,
  readText,
  readTime,
} from "./wire-readers.ts";
import { pageSchema, requestMetadataSchema } from "./wire-shared.ts";

// Reads one transaction row straight from parsed JSON (hot: up to 9,999 per page, notes §4).
// The 2.0 dialect has no current-only fields (notes §1g): they are null, as zod strips them.
function transactionFromWire(value: unknown, dialect: Dialect): Transaction {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw BAD_WIRE_VALUE;
  const row = value as Record<string, unknown>;
  const full = dialect === "current";
  return {
    transactionId: readString(row.transactionId),
    channel: normalizeChannel(readString(row.channel)),
    skill: readText(row.skill),
    consumerId: full ? readText(row.consumerId) : null,
    conversationId: readText(row.conversationId),
    proactiveCampaignId: full ? readText(row.proactiveCampaignId) : null,
    handOffId: full ? readText(row.handOffId) : null,
    ivrNumber: full ? readText(row.ivrNumber) : null,
    initialSkill: full ? readText(row.initialSkill) : null,
    initialChannel: full ? readChannelOrNull(row.initialChannel) : null,
    attemptedTime: readTime(row.attemptedTime),
    eligibleTime: readTime(row.eligibleTime),
    skippedTime: full ? readTime(row.skippedTime) : null,
    cancelledTime: readTime(row.cancelledTime),
    inviteTime: readTime(row.inviteTime),
    sentTime: readTime(row.sentTime),
    deliveredTime: readTime(row.deliveredTime),
    readTime: readTime(row.readTime),
    failedTime: readTime(row.failedTime),
    conversationsCreatedTime: readTime(row.conversationsCreatedTime),
    conversationsClosedTime: readTime(row.conversationsClosedTime),
    optInsTime: readTime(row.optInsTime),
    optOutsTime: readTime(row.optOutsTime),
    csat: readCsat(row.csat),
    errorSource: readText(row.errorSource),
    errorCode: readText(row.errorCode),
    errorMessage: readText(row.errorMessage),
  };
}

/**
 * The schema behind `parseTransactionsPage()`: the wire schema piped into the mapping, with
 * a hand-written fast path installed by `z.withParser`. The fast path validates and maps in one
 * pass over the parsed JSON; on any value it rejects, zod runs the schema itself, which yields
 * the issues (and is the reference: `safeParseAsync` always takes it).
 *
 * @param dialect The wire dialect.
 * @returns A schema whose output is a canonical transactions page.
 */
export function transactionsPageSchema(dialect: Dialect): z.ZodMiniType<ParsedTransactionsPage> {
  const schema = dialect === "2.0"
    ? wire20.transactionsResponseSchema
    : current.transactionsResponseSchema;
  const reference = z.pipe(
    schema,
    z.transform<current.TransactionsResponseWire, ParsedTransactionsPage>((body) => ({
      metadata: metadataFromWire(body.requestMetadata),
      page: pageFromWire(body.page),
      transactions: body.transactions.map((row) => transactionFromWire(row, dialect)),
    })),
  );
  return z.withParser(reference, (input) => {
    if (typeof input !== "object" || input === null) return z.INVALID;
    const body = input as Record<string, unknown>;
    const metadata = requestMetadataSchema.safeParse(body.requestMetadata);
    const page = pageSchema.safeParse(body.page);
    const rows = body.transactions;
    if (!metadata.success || !page.success || !Array.isArray(rows)) return z.INVALID;
    const transactions: Transaction[] = [];
    try {
      for (const row of rows) transactions.push(transactionFromWire(row, dialect));
    } catch (error) {
      if (error === BAD_WIRE_VALUE) return z.INVALID;
      throw error;
    }
    return {
      metadata: metadataFromWire(metadata.data),
      page: pageFromWire(page.data),
      transactions,
    };
  });
}
