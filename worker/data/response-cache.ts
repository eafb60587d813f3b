import type { TimeWindow } from "../../lib/windows.ts";
import { cacheKey } from "../cache/keys.ts";
import { KV_MIN_TTL_SECONDS } from "../cache/window-store.ts";
import { noteTtl } from "./cache-outcome.ts";
import { type LoadContext, mayReadCache } from "./load-context.ts";

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
    noteTtl(context.outcome, stored.freshUntil - context.now);
    return stored.text;
  } catch {
    // KV failing is a miss: the answer is built from the day windows.
    return null;
  }
}

/**
 * Caches a finished answer when every window it was built from is cached and fresh, for as
 * long as the least fresh of them.
 */
export async function storeResponse(
  context: LoadContext,
  key: string,
  text: string,
): Promise<void> {
  const { outcome } = context;
  if (outcome.bypassed > 0 || outcome.stale > 0 || outcome.ttlMs === null || outcome.ttlMs <= 0) {
    return;
  }
  const freshForMs = outcome.ttlMs;
  try {
    await context.store.putText(key, text, {
      freshForMs,
      kvTtlSeconds: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(freshForMs / 1000)),
    });
  } catch {
    // Not stored: the next request builds it again.
  }
}
