/**
 * The dashboard's one call: `GET /_edge/funnel/{accountId}/{app}` on the proxy that served
 * the page, with failures as {@link ApiError} in LivePerson's error shape.
 *
 * @module
 */
import type { Funnel, FunnelTotals } from "../lib/funnel/funnel.ts";
import { DAY_MS } from "../lib/time/durations.ts";
import { formatUtcDay, parseDay } from "../lib/time/utc-days.ts";
import { type CacheStatus, parseCacheStatus } from "./cache-status.ts";
import type { DayRange } from "./ranges.ts";
import { authHeaders, type Credentials } from "./session.ts";

/** One group of a funnel answer. */
export interface FunnelGroup {
  /** The group's dimension values, e.g. `{ day: "2026-11-01" }`; `{}` without grouping. */
  key: Record<string, string | null>;
  /** The summed counts. */
  totals: FunnelTotals;
  /** The computed funnel. */
  funnel: Funnel;
}

/** A funnel answer and what the proxy's cache did for it. */
export interface FunnelAnswer {
  /** The groups, in the proxy's order. */
  groups: FunnelGroup[];
  /** The `Cache-Status` of the answer (RFC 9211), or null when absent. */
  cache: CacheStatus | null;
}

/** What to ask for. */
export interface FunnelQuery {
  /** The account id. */
  accountId: string;
  /** The app. */
  app: string;
  /** The days. */
  range: DayRange;
  /** The grouping, e.g. `"day"`; empty for one group. */
  groupBy: string;
}

/** A failed call: the status, LivePerson's `{ code, requestTraceId, message }`, `Retry-After`. */
export class ApiError extends Error {
  override name = "ApiError";
  /** The HTTP status; 0 when the proxy could not be reached. */
  readonly status: number;
  /** The error body's `code`, or null. */
  readonly code: number | null;
  /** The error body's `requestTraceId`, or null. */
  readonly requestTraceId: string | null;
  /** The `Retry-After` of a 429 or 503, in seconds, or null. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    message: string,
    details: { code?: number | null; requestTraceId?: string | null; retryAfter?: number | null },
  ) {
    super(message);
    this.status = status;
    this.code = details.code ?? null;
    this.requestTraceId = details.requestTraceId ?? null;
    this.retryAfterSeconds = details.retryAfter ?? null;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * The path of a funnel query.
 *
 * @param query The query.
 * @returns E.g. `/_edge/funnel/10000001/prmsg?from=2026-11-01&to=2026-12-01&groupBy=day` for
 * the days of November.
 */
export function funnelPath(query: FunnelQuery): string {
  // The proxy's `to` is exclusive (whole UTC days before it): the day after the range's last.
  const to = formatUtcDay(parseDay(query.range.to) + DAY_MS);
  const params = new URLSearchParams({ from: query.range.from, to });
  if (query.groupBy !== "") params.set("groupBy", query.groupBy);
  const account = encodeURIComponent(query.accountId);
  return `/_edge/funnel/${account}/${encodeURIComponent(query.app)}?${params}`;
}

/**
 * Fetches a funnel.
 *
 * @param query What to ask for.
 * @param credentials The proxy key.
 * @param signal Aborts the call.
 * @param onFilling Told how many of the range's days are stored while the proxy fills the rest
 * (it answers 202 with `Retry-After` until they are all stored).
 * @returns The groups and the cache status.
 * @throws {ApiError} On a non-2xx answer, or status 0 when the proxy could not be reached.
 */
export async function fetchFunnel(
  query: FunnelQuery,
  credentials: Credentials,
  signal: AbortSignal,
  onFilling?: (daysStored: number, daysTotal: number) => void,
): Promise<FunnelAnswer> {
  let response: Response;
  for (;;) {
    try {
      response = await fetch(funnelPath(query), { headers: authHeaders(credentials), signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ApiError(0, "The proxy could not be reached", {});
    }
    if (response.status !== 202) break;
    // The proxy is storing the range's days in the background: report how far, ask again.
    const filling = await response.json() as { daysStored?: number; daysTotal?: number };
    onFilling?.(filling.daysStored ?? 0, filling.daysTotal ?? 0);
    const retryAfter = Number(response.headers.get("retry-after") ?? "5");
    await wait(Math.min(Number.isFinite(retryAfter) ? retryAfter : 5, 30) * 1000, signal);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Reported below as a malformed answer.
  }
  if (!response.ok) {
    const fields = (body ?? {}) as { code?: unknown; requestTraceId?: unknown; message?: unknown };
    const retryAfter = Number(response.headers.get("retry-after") ?? "");
    throw new ApiError(
      response.status,
      typeof fields.message === "string" ? fields.message : response.statusText,
      {
        code: typeof fields.code === "number" ? fields.code : null,
        requestTraceId: typeof fields.requestTraceId === "string" ? fields.requestTraceId : null,
        retryAfter: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
      },
    );
  }
  const groups = (body as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) {
    throw new ApiError(response.status, "The proxy's answer is not a funnel", {});
  }
  return {
    groups: groups as FunnelGroup[],
    cache: parseCacheStatus(response.headers.get("cache-status")),
  };
}
