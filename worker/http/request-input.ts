import { isValidationError } from "../../lib/errors/validation-error.ts";
import { intParam, listParam } from "../../lib/http/query-params.ts";
import { readAtMost } from "../../lib/http/read-at-most.ts";
import type { AnalyticsFilters, Dialect, TransactionFilters } from "../../lib/model/canonical.ts";
import { normalizeChannel } from "../../lib/model/channel.ts";
import {
  parseAnalyticsFilters,
  parseAttemptedWindow,
  parseTransactionFilters,
} from "../../lib/model/wire-to-request-params.ts";
import {
  checkRange,
  DAY_MS,
  type Operation,
  startOfUtcDay,
  type TimeWindow,
  toEpochMs,
} from "../../lib/windows.ts";
import { ProxyError } from "./proxy-error.ts";

/**
 * The attempted-time window of a request, checked as LivePerson checks it — before any
 * upstream call: both times present and whole, end after start, within the operation's
 * window, inside the retention.
 * @throws {ProxyError} 400 otherwise.
 */
export function readWindow(
  url: URL,
  operation: Operation,
  dialect: Dialect,
  now: number,
): TimeWindow {
  try {
    const { attemptedStartTime: from, attemptedEndTime: to } = parseAttemptedWindow(
      url.searchParams,
    );
    return checkRange({ operation, dialect, from, to, now });
  } catch (error) {
    throw new ProxyError(400, badInput(error, "the attempted time window is invalid"));
  }
}

/**
 * Reads a JSON body of at most `maxBytes`, or null when there is none.
 * @throws {ProxyError} 413 when larger, 400 when not JSON.
 */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ProxyError(413, `Request body exceeds ${maxBytes} bytes`);
  if (request.body === null) return null;
  const bytes = await readAtMost(request.body, maxBytes);
  if (bytes === null) throw new ProxyError(413, `Request body exceeds ${maxBytes} bytes`);
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ProxyError(400, "Request body is not valid JSON");
  }
}

/**
 * Analytics filters from the POST body `{ filters: { channels, skills } }` and the query.
 * @throws {ProxyError} 400 on a malformed filter.
 */
export function analyticsFilters(url: URL, body: unknown, dialect: Dialect): AnalyticsFilters {
  const raw = (body as { filters?: Record<string, unknown> } | null)?.filters;
  for (const name of ["handoffids", "source"]) {
    if ((raw !== null && typeof raw === "object" && name in raw) || url.searchParams.has(name)) {
      // Rows grouped by these come back with extra fields the proxy does not cache [INF].
      throw new ProxyError(400, `Analytics filter ${name} is not supported by the proxy`);
    }
  }
  try {
    const filters = parseAnalyticsFilters(body, dialect);
    const channels = listParam(url, "channels");
    const skills = listParam(url, "skills");
    if (channels !== undefined) {
      filters.channels = [...(filters.channels ?? []), ...channels.map(normalizeChannel)];
    }
    if (skills !== undefined) filters.skills = [...(filters.skills ?? []), ...skills];
    return filters;
  } catch (error) {
    throw new ProxyError(400, badInput(error, "the filters are invalid"));
  }
}

/**
 * Transaction filters from a JSON body and the query (`channels`, `skills`, `messagestatus`, `handoffids`).
 * @throws {ProxyError} 400 on a malformed filter, or one the proxy cannot apply (`source`).
 */
export function transactionFilters(url: URL, body: unknown, dialect: Dialect): TransactionFilters {
  let filters: TransactionFilters;
  try {
    filters = parseTransactionFilters(body, dialect);
  } catch (error) {
    throw new ProxyError(400, badInput(error, "the filters are invalid"));
  }
  const add = (
    key: "channels" | "skills" | "statuses" | "handoffIds",
    values: string[] | undefined,
  ) => {
    if (values !== undefined) filters[key] = [...(filters[key] ?? []), ...values];
  };
  add("channels", listParam(url, "channels")?.map(normalizeChannel));
  add("skills", listParam(url, "skills"));
  // Echoed as given; matched in any case (selectTransactions), as LivePerson does.
  add("statuses", listParam(url, "messagestatus"));
  add("handoffIds", listParam(url, "handoffids"));
  if (filters.sources !== undefined || url.searchParams.has("source")) {
    // Rows carry no source, so the proxy cannot filter cached data by it.
    throw new ProxyError(400, "Filter source is not supported by the proxy");
  }
  return filters;
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

/**
 * A paging query parameter (`offset`, `limit`) in [min, max], or `fallback` when absent.
 * @throws {ProxyError} 400 otherwise.
 */
export function pagingParam(
  url: URL,
  name: string,
  range: { fallback: number; min: number; max: number },
): number {
  try {
    return intParam(url, name, range);
  } catch (error) {
    throw new ProxyError(400, (error as Error).message);
  }
}

function badInput(error: unknown, fallback: string): string {
  if (isValidationError(error) || error instanceof RangeError || error instanceof TypeError) {
    return (error as Error).message.slice(0, 300);
  }
  return fallback;
}
