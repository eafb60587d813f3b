/**
 * The request side, wire -> canonical: the one parser of what an analytics or transactions
 * request asks for — its attempted-time window, its filters (JSON body and query) and its
 * paging — in both dialects. The sandbox and the proxy both read incoming requests with it,
 * so they refuse the same requests with the same 400s.
 *
 * @module
 */
import { InvalidRequestError } from "../http/invalid-request-error.ts";
import { intParam, listParam } from "../http/query-params.ts";
import { checkRange, type TimeWindow } from "../windows.ts";
import type { Dialect, TransactionFilters } from "./canonical.ts";
import { parseOrThrow } from "./issue-message.ts";
import { MAX_PAGE_SIZE } from "./paging.ts";
import * as wire20 from "./wire-2-0.ts";
import * as current from "./wire-current.ts";
import { attemptedWindowQuerySchema, type WireFilters } from "./wire-shared.ts";
import { filtersFromWire } from "./wire-to-envelope.ts";

/** An operation with an attempted-time window and filters. */
export type FilteredOperation = "accountAnalytics" | "transactions";

/** What {@link parseReportingParams} reads. */
export interface ReportingParamsInput {
  /** The operation asked for. */
  operation: FilteredOperation;
  /** The wire dialect of the request. */
  dialect: Dialect;
  /** The request's URL (its query). */
  url: URL;
  /** The request's JSON body (see `readJsonBody`), or null for none. */
  body: Record<string, unknown> | null;
  /** The current time, epoch ms. */
  now: number;
  /**
   * Retention in calendar months.
   * @default 13
   */
  retentionMonths?: number;
}

/** What an analytics or transactions request asks for. */
export interface ReportingParams {
  /** The attempted-time window, checked as LivePerson checks it. */
  window: TimeWindow;
  /** The filters present (channels normalized); account analytics have channels and skills only. */
  filters: TransactionFilters;
}

const FILTER_NAMES = ["channels", "skills", "messagestatus", "handoffids", "source"] as const;
type FilterName = (typeof FILTER_NAMES)[number];

const OPERATION_LABELS: Readonly<Record<FilteredOperation, string>> = {
  accountAnalytics: "account analytics",
  transactions: "transactions",
};

/**
 * Why a filter LivePerson names is refused for an operation: neither the sandbox nor the
 * proxy can apply it faithfully, and dropping it would widen the query.
 */
const REFUSED: Readonly<Record<FilteredOperation, Partial<Record<FilterName, string>>>> = {
  accountAnalytics: {
    // LP: "We dont have messagestatus in this account analytics api" (notes §1b).
    messagestatus: "account analytics have no message status",
    // LP: rows filtered by these come back grouped by them too (PR #1572, notes §1b) [INF].
    handoffids: "rows grouped by handoff id are not served",
    source: "rows grouped by source are not served",
  },
  transactions: { source: "transactions carry no source to match" },
};

/**
 * Reads and checks an analytics or transactions request, in this order: the window (both
 * times whole epoch ms, end after start, within the operation's window and the retention),
 * then the filters (the body's merged after the query's, comma-separated or repeated).
 *
 * @param input See {@link ReportingParamsInput}.
 * @returns The window and the filters present.
 * @throws {InvalidRequestError} 400 for a missing or malformed time, a window LivePerson
 *   refuses, a body that is not the dialect's filter body (an unknown key included), a filter
 *   the 2.0 dialect lacks, or one the operation cannot apply.
 */
export function parseReportingParams(input: ReportingParamsInput): ReportingParams {
  const { operation, dialect, url, body, now, retentionMonths = 13 } = input;
  let window: TimeWindow;
  try {
    const { attemptedStartTime, attemptedEndTime } = parseAttemptedWindow(url.searchParams);
    window = checkRange({
      operation,
      dialect,
      from: attemptedStartTime,
      to: attemptedEndTime,
      now,
      retentionMonths,
    });
  } catch (error) {
    throw new InvalidRequestError(400, (error as Error).message.slice(0, 300));
  }
  return { window, filters: parseRequestFilters(operation, dialect, url, body) };
}

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
  const { attemptedStartTime, attemptedEndTime } = parseOrThrow(
    attemptedWindowQuerySchema,
    Object.fromEntries(query),
    "request query",
  );
  return {
    attemptedStartTime: Number(attemptedStartTime),
    attemptedEndTime: Number(attemptedEndTime),
  };
}

/**
 * Reads the filters of a request: those of the query (`channels=sms,wa&skills=billing`), then
 * those of the body — `{filters: {channels, skills, ...}}` for account analytics,
 * `{channels, skills, messagestatus, handoffids, source}` for transactions; the 2.0 dialect
 * has channels and skills only.
 *
 * @param operation The operation.
 * @param dialect The wire dialect.
 * @param url The request's URL.
 * @param body The JSON body, or null.
 * @returns The filters present, under canonical names, channels normalized.
 * @throws {InvalidRequestError} 400 as {@link parseReportingParams} says.
 */
export function parseRequestFilters(
  operation: FilteredOperation,
  dialect: Dialect,
  url: URL,
  body: Record<string, unknown> | null,
): TransactionFilters {
  let fromBody: WireFilters;
  try {
    fromBody = body === null ? {} : operation === "accountAnalytics"
      ? parseOrThrow(
        dialect === "2.0" ? wire20.analyticsFiltersBodySchema : current.analyticsFiltersBodySchema,
        body,
        "analytics filters",
      ).filters ?? {}
      : parseOrThrow(
        dialect === "2.0"
          ? wire20.transactionFiltersBodySchema
          : current.transactionFiltersBodySchema,
        body,
        "transaction filters",
      );
  } catch (error) {
    throw new InvalidRequestError(400, (error as Error).message.slice(0, 300));
  }
  const wire: WireFilters = {};
  for (const name of FILTER_NAMES) {
    const values = [...listParam(url, name) ?? [], ...fromBody[name] ?? []];
    if (values.length === 0 && fromBody[name] === undefined) continue;
    const label = `Cannot filter ${OPERATION_LABELS[operation]} by ${name}`;
    if (dialect === "2.0" && name !== "channels" && name !== "skills") {
      // LP: the 2.0 spec has channel and skill filters only (notes §1g).
      throw new InvalidRequestError(
        400,
        `${label} as the 2.0 dialect has only channel and skill filters`,
      );
    }
    const refused = REFUSED[operation][name];
    if (refused !== undefined) throw new InvalidRequestError(400, `${label} as ${refused}`);
    wire[name] = values;
  }
  return filtersFromWire(wire);
}

/**
 * Reads the paging of a transactions request: `offset` (from 0) and `limit` (1 to 9999) —
 * this project's assumption, as LivePerson does not document its paging parameters
 * (liveperson-api-notes.md §1e).
 *
 * @param url The request's URL.
 * @param defaultLimit The page length when `limit` is absent.
 * @returns The offset and limit.
 * @throws {InvalidRequestError} 400 when either is present but not a whole number in range.
 */
export function parsePaging(url: URL, defaultLimit: number): { offset: number; limit: number } {
  try {
    return {
      offset: intParam(url, "offset", { fallback: 0, min: 0, max: 1_000_000_000 }),
      limit: intParam(url, "limit", { fallback: defaultLimit, min: 1, max: MAX_PAGE_SIZE }),
    };
  } catch (error) {
    throw new InvalidRequestError(400, (error as Error).message);
  }
}
