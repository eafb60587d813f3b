import type { TimeWindow } from "../../lib/windows.ts";
import { cacheKey } from "../cache/keys.ts";
import { KV_MIN_TTL_SECONDS } from "../cache/window-store.ts";
import { type Tier, TIERS } from "../cache/freshness.ts";
import { noteAge, noteTier, noteTtl } from "./cache-outcome.ts";
import { type LoadContext, logKvFailure, mayReadCache } from "./load-context.ts";

/** What makes two requests' answers the same: their window, filters and page. */
export interface ResponseShape {
  operation: "accountAnalytics" | "transactions";
  window: TimeWindow;
  filters: Record<string, readonly string[] | undefined>;
  page?: { offset: number; limit: number };
}

/**
 * The key of a finished answer. Answers are cached beside the day windows they are built
 * from, so a repeated request is one KV read with no parsing: the fast path of a hit.
 */
export function responseKey(context: LoadContext, shape: ResponseShape): string {
  const { caller } = context;
  const filters: Record<string, readonly string[]> = {};
  for (const [name, values] of Object.entries(shape.filters)) {
    if (values !== undefined) filters[name] = values;
  }
  if (shape.page !== undefined) filters["limit"] = [String(shape.page.limit)];
  // The answer echoes the caller's filters as given (order, repeats): part of its identity.
  filters["echo"] = [JSON.stringify(shape.filters)];
  return cacheKey({
    accountId: caller.accountId,
    app: caller.app,
    operation: `${shape.operation}-response`,
    dialect: caller.dialect,
    from: shape.window.from,
    to: shape.window.to,
    filters,
    ...(shape.page === undefined ? {} : { page: shape.page.offset }),
  });
}

/** A fresh cached answer, or null (absent, stale, unreadable, or not for this caller yet). */
export async function cachedResponse(context: LoadContext, key: string): Promise<string | null> {
  if (!await mayReadCache(context)) return null;
  try {
    const stored = await context.store.getText(key);
    if (stored === null || !stored.fresh) return null;
    context.outcome.hits += 1;
    if (stored.detail !== undefined) context.outcome.detail = stored.detail;
    if (TIERS.includes(stored.tier as Tier)) noteTier(context.outcome, stored.tier as Tier);
    if (stored.age !== undefined) {
      noteAge(context.outcome, stored.age + context.now - stored.storedAt);
    }
    noteTtl(context.outcome, stored.freshUntil - context.now);
    return stored.text;
  } catch (error) {
    // KV failing is a miss: the answer is built from the day windows.
    logKvFailure(context, "read answer", error);
    return null;
  }
}

/** Why a window is not cached but its answer is micro-cached (`OPEN_TTL_SECONDS`). */
const MICRO_CACHED: ReadonlySet<string> = new Set(["open", "too-recent"]);

/**
 * Caches a finished answer when every window it was built from is cached and fresh, for as
 * long as the least fresh of them; an answer over an open or too-recent window (relayed, never
 * stored as a day) for `OPEN_TTL_SECONDS`, so pollers of today cost one upstream call per
 * window per TTL (LivePerson's data lags by up to 20 minutes anyway).
 */
export async function storeResponse(
  context: LoadContext,
  key: string,
  text: string,
): Promise<void> {
  const { outcome } = context;
  if (outcome.stale > 0) return;
  const micro = outcome.bypassed > 0 && outcome.detail !== null &&
    MICRO_CACHED.has(outcome.detail);
  if (!micro && (outcome.bypassed > 0 || outcome.ttlMs === null || outcome.ttlMs <= 0)) return;
  const freshForMs = micro
    ? Math.min(context.caller.settings.openTtlMs, outcome.ttlMs ?? Infinity)
    : outcome.ttlMs!;
  try {
    await context.store.putText(key, text, {
      freshForMs,
      // KV expires entries at whole seconds: one more keeps the entry until it is stale, so an
      // open window's pollers never refresh it early.
      kvTtlSeconds: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(freshForMs / 1000) + 1),
      ...(micro ? { detail: outcome.detail! } : {}),
      ...(outcome.tier === null ? {} : { tier: outcome.tier }),
      age: outcome.ageMs ?? 0,
    });
  } catch (error) {
    // Not stored: the next request builds it again.
    logKvFailure(context, "write answer", error);
  }
}
