/**
 * The request side, wire -> canonical: the attempted-time query of the analytics and
 * transactions endpoints and their filter bodies, in both dialects (what the sandbox and a
 * proxy read from incoming requests).
 *
 * @module
 */
import type { AnalyticsFilters, Dialect, TransactionFilters } from "./canonical.ts";
import { normalizeChannel } from "./channel.ts";
import { filtersFromWire } from "./wire-to-envelope.ts";
import { parseOrThrow } from "./issue-message.ts";
import * as wire20 from "./wire-2-0.ts";
import * as current from "./wire-current.ts";
import { attemptedWindowQuerySchema } from "./wire-shared.ts";

/**
 * Reads `attemptedStartTime` and `attemptedEndTime` (epoch ms, both required) from a query.
 *
 * @param query The request's search params.
 * @returns Both times as numbers.
 * @throws {ValidationError} When either is missing or not digits.
 */
export function parseAttemptedWindow(
  query: URLSearchParams,
): { attemptedStartTime: number; attemptedEndTime: number } {
  const input = Object.fromEntries(query);
  const { attemptedStartTime, attemptedEndTime } = parseOrThrow(
    attemptedWindowQuerySchema,
    input,
    "request query",
  );
  return {
    attemptedStartTime: Number(attemptedStartTime),
    attemptedEndTime: Number(attemptedEndTime),
  };
}

/**
 * Reads the account analytics POST body `{filters: {channels, skills}}`; channels are
 * normalized. An absent (null or undefined) body means no filters.
 *
 * @param json The parsed request body.
 * @param dialect The wire dialect.
 * @returns The filters that are present.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseAnalyticsFilters(json: unknown, dialect: Dialect): AnalyticsFilters {
  if (json === null || json === undefined) return {};
  const schema = dialect === "2.0"
    ? wire20.analyticsFiltersBodySchema
    : current.analyticsFiltersBodySchema;
  const { filters } = parseOrThrow(schema, json, "analytics filters");
  const out: AnalyticsFilters = {};
  if (filters?.channels !== undefined) {
    out.channels = filters.channels.map((c) => normalizeChannel(c));
  }
  if (filters?.skills !== undefined) out.skills = filters.skills;
  return out;
}

/**
 * Reads the transactions filter body `{channels, skills, messagestatus, handoffids, source}`
 * (2.0: channels and skills only; other keys are ignored). An absent body means no filters.
 *
 * @param json The parsed request body.
 * @param dialect The wire dialect.
 * @returns The filters that are present, under canonical names.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseTransactionFilters(json: unknown, dialect: Dialect): TransactionFilters {
  if (json === null || json === undefined) return {};
  const schema = dialect === "2.0"
    ? wire20.transactionFiltersBodySchema
    : current.transactionFiltersBodySchema;
  return filtersFromWire(parseOrThrow(schema, json, "transaction filters"));
}
