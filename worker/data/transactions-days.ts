import type { Transaction } from "../../lib/model/canonical.ts";
import { parseTransactionsPage } from "../../lib/model/wire-to-responses.ts";
import { transactionsPageToWire } from "../../lib/model/responses-to-wire.ts";
import { DAY_MS, startOfUtcDay, type TimeWindow } from "../../lib/windows.ts";
import { freshnessFor } from "../cache/freshness.ts";
import { cacheKey } from "../cache/keys.ts";
import { ProxyError } from "../http/proxy-error.ts";
import { callUpstream } from "../upstream/upstream.ts";
import { noteTtl } from "./cache-outcome.ts";
import {
  flightKey,
  isUpstreamFailure,
  type LoadContext,
  mayReadCache,
  noteUpstreamSuccess,
  readCached,
  writeCached,
} from "./load-context.ts";

/** Upper bound on the pages of one day, against an upstream whose `nextOffset` never ends. */
const MAX_PAGES = 10_000;

/**
 * Every transaction attempted in `window` (at most 24 h, so one or two UTC days), from
 * cached day windows where fresh, else from the upstream (each day fetched whole, every page).
 */
export async function transactionsIn(
  context: LoadContext,
  window: TimeWindow,
): Promise<Transaction[]> {
  const days: number[] = [];
  for (let day = startOfUtcDay(window.from); day < window.to; day += DAY_MS) days.push(day);
  const loaded = await Promise.all(days.map((day) => transactionsOfDay(context, day)));
  return loaded.flat().filter((tx) =>
    tx.attemptedTime !== null && tx.attemptedTime >= window.from && tx.attemptedTime < window.to
  );
}

async function transactionsOfDay(context: LoadContext, day: number): Promise<Transaction[]> {
  const { caller, now, outcome } = context;
  const window = { from: day, to: day + DAY_MS };
  const key = cacheKey({
    accountId: caller.accountId,
    app: caller.app,
    operation: "transactions",
    dialect: caller.dialect,
    from: window.from,
    to: window.to,
  });
  const freshness = freshnessFor(window, now, caller.settings.freshness);
  if (!freshness.cacheable) {
    outcome.bypassed += 1;
    outcome.detail ??= freshness.reason;
    const live = `${await flightKey(context, key)}|live`;
    const { value, collapsed } = await context.coalescer.run(live, () => fetchDay(context, window));
    if (collapsed) outcome.collapsed += 1;
    await noteUpstreamSuccess(context);
    return value;
  }
  const cached = await mayReadCache(context)
    ? await readCached(
      context,
      key,
      (body) => parseTransactionsPage(body, caller.dialect).transactions,
    )
    : null;
  if (cached?.fresh) {
    outcome.hits += 1;
    noteTtl(outcome, cached.freshUntil - now);
    return cached.value;
  }
  try {
    const { value, collapsed } = await context.coalescer.run(
      await flightKey(context, key),
      async () => {
        const rows = await fetchDay(context, window);
        const body = transactionsPageToWire({
          metadata: {
            accountId: caller.accountId,
            app: caller.app,
            attemptedStartTime: window.from,
            attemptedEndTime: window.to,
          },
          page: { count: rows.length, previousOffset: null, currentOffset: 0, nextOffset: null },
          transactions: rows,
        }, caller.dialect);
        return { rows, stored: await writeCached(context, key, body, freshness) };
      },
    );
    outcome.misses += 1;
    if (collapsed) outcome.collapsed += 1;
    else if (value.stored) outcome.stored += 1;
    noteTtl(outcome, freshness.freshForMs);
    await noteUpstreamSuccess(context);
    return value.rows;
  } catch (error) {
    if (cached !== null && isUpstreamFailure(error)) {
      outcome.stale += 1;
      outcome.detail ??= `upstream-${(error as ProxyError).status}`;
      return cached.value;
    }
    throw error;
  }
}

/** One whole day (or window) of transactions from the upstream, following `nextOffset`. */
async function fetchDay(context: LoadContext, window: TimeWindow): Promise<Transaction[]> {
  const rows: Transaction[] = [];
  let offset = 0;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await callUpstream(context.caller, {
      operation: "transactions",
      path: "transactions/",
      query: {
        attemptedStartTime: String(window.from),
        attemptedEndTime: String(window.to),
        ...(offset > 0 ? { offset: String(offset) } : {}),
      },
    }, (json) => parseTransactionsPage(json, context.caller.dialect));
    rows.push(...page.transactions);
    const next = page.page.nextOffset;
    if (next === null) return rows;
    if (next <= offset) throw new ProxyError(502, "The upstream's paging does not advance");
    offset = next;
  }
  throw new ProxyError(502, "The upstream's paging does not end");
}
