import { InvalidRequestError } from "../../lib/http/invalid-request-error.ts";
import { readJsonBody } from "../../lib/http/read-json-body.ts";
import type { Dialect, TransactionFilters } from "../../lib/model/canonical.ts";
import {
  type FilteredOperation,
  parseAttemptedWindow,
  parsePaging,
  parseReportingParams,
  parseRequestFilters,
  type ReportingParams,
} from "../../lib/model/wire-to-request-params.ts";
import { DAY_MS, startOfUtcDay, type TimeWindow, toEpochMs } from "../../lib/windows.ts";
import { ProxyError } from "./proxy-error.ts";

/**
 * The window and filters of an analytics or transactions request, read by the parser the
 * sandbox uses too (`lib/model/wire-to-request-params.ts`), so the proxy refuses what
 * LivePerson refuses, before any upstream call, with the same messages: the body first (at
 * most `maxBodyBytes`), then the window, then the filters.
 * @throws {ProxyError} 413 for a body over `maxBodyBytes`, 400 for anything else refused.
 */
export async function readReportingParams(
  request: Request,
  options: {
    operation: FilteredOperation;
    dialect: Dialect;
    now: number;
    maxBodyBytes: number;
    /** Returns a window refused only for being older than the retention (for the archive). */
    pastRetention?: boolean;
  },
): Promise<ReportingParams> {
  const { operation, dialect, now, maxBodyBytes } = options;
  const body = await readJsonBody(request, maxBodyBytes).catch((error: unknown) => {
    throw proxyErrorOf(error);
  });
  const url = new URL(request.url);
  const parse = (at: number): ReportingParams =>
    parseReportingParams({ operation, dialect, url, body, now: at });
  try {
    return refused(() => parse(now));
  } catch (error) {
    if (options.pastRetention !== true) throw error;
    // Checked as if asked on its first day: every rule but the retention.
    try {
      const from = parseAttemptedWindow(url.searchParams).attemptedStartTime;
      if (from < now) return parse(from);
    } catch {
      // Refused for more than its age: the first refusal stands.
    }
    throw error;
  }
}

/**
 * The transaction filters of a query alone (`channels`, `skills`, `messagestatus`,
 * `handoffids`), as the drop-in transactions route reads them.
 * @throws {ProxyError} 400 for a filter the proxy cannot apply.
 */
export function queryFilters(url: URL): TransactionFilters {
  return refused(() => parseRequestFilters("transactions", "current", url, null));
}

/**
 * The paging of a request (`offset`, `limit`), as the sandbox reads it.
 * @throws {ProxyError} 400 when either is not a whole number in range.
 */
export function readPaging(url: URL, defaultLimit: number): { offset: number; limit: number } {
  return refused(() => parsePaging(url, defaultLimit));
}

/**
 * The whole UTC days of the `from` and `to` query parameters (ISO dates or times, or epoch ms):
 * from the day of `from` up to the day of `to` (exclusive), capped at `until` when given.
 * @param action What the route does, for the messages (e.g. "compute a funnel").
 * @throws {ProxyError} 400 for a missing or malformed bound, or an end not after the start.
 */
export function readDayRange(url: URL, action: string, until = Infinity): TimeWindow {
  let from: number;
  let to: number;
  try {
    from = startOfUtcDay(toEpochMs(url.searchParams.get("from") ?? "", "from"));
    to = Math.min(
      startOfUtcDay(toEpochMs(url.searchParams.get("to") ?? "", "to") + DAY_MS - 1),
      until,
    );
  } catch (error) {
    throw new ProxyError(400, (error as Error).message.slice(0, 300));
  }
  if (to <= from) throw new ProxyError(400, `Cannot ${action} as the end is not after the start`);
  return { from, to };
}

/** Runs a parser, answering its refusal as the proxy's error of the same status. */
function refused<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw proxyErrorOf(error);
  }
}

/** A parser's refusal as the proxy's error of the same status and message; others as they are. */
function proxyErrorOf(error: unknown): unknown {
  return error instanceof InvalidRequestError ? new ProxyError(error.status, error.message) : error;
}
