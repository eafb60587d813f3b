import type { Transaction } from "../model/canonical.ts";
import { ValidationError } from "../errors/validation-error.ts";
import { parseTransactionsPage } from "../model/wire-to-responses.ts";
import { formatChannel } from "../model/responses-to-wire.ts";
import type { TimeWindow } from "../windows.ts";
import { windowQuery } from "./analytics.ts";
import type { ClientContext } from "./context.ts";
import { orderedPool } from "./ordered-pool.ts";
import { Paginated } from "./paginated.ts";
import { checkChannels, checkList, planWindows, type RangeQuery } from "./query.ts";

/** A range of raw transactions, optionally filtered. */
export interface TransactionsQuery extends RangeQuery {
  /** Only these channels (`sms`, `wa`, `inapp`; any case). */
  channels?: readonly string[];
  /** Only these skills. */
  skills?: readonly string[];
  /** Only these statuses (`DELIVERED`, `FAILED`, `RESPONDED`, `READ`, …; current dialect). */
  statuses?: readonly string[];
}

/**
 * Every transaction of a range, lazily: 24-hour windows fetched concurrently under the rate
 * limit, each followed through all its pages (`nextOffset`), yielded in attempt order.
 * Filters go as query parameters, since `fetch` cannot send a GET body [INF].
 * @throws {TypeError | RangeError} at once on a bad range or filter, before any request.
 */
export function transactions(
  context: ClientContext,
  query: TransactionsQuery,
): Paginated<Transaction> {
  const windows = planWindows(context, "transactions", query);
  const filters: Record<string, string> = {};
  const channels = checkChannels(query.channels);
  const skills = checkList(query.skills, "skills");
  const statuses = checkList(query.statuses, "statuses");
  if (channels !== undefined) {
    filters["channels"] = channels.map((c) => formatChannel(c, context.dialect)).join(",");
  }
  if (skills !== undefined) filters["skills"] = skills.join(",");
  if (statuses !== undefined) {
    if (context.dialect === "2.0") {
      throw new TypeError("Cannot filter transactions by status in the 2.0 dialect");
    }
    filters["messagestatus"] = statuses.map((status) => status.toUpperCase()).join(",");
  }
  return new Paginated(async function* () {
    if (windows.length === 0) return;
    const base = await context.baseUrl(query.signal);
    const progress = context.progress(windows.length);
    const fetchWindow = async (window: TimeWindow, signal: AbortSignal): Promise<Transaction[]> => {
      const rows: Transaction[] = [];
      let offset = 0;
      for (;;) {
        const params = {
          ...windowQuery(window),
          ...filters,
          ...(offset > 0 ? { offset: String(offset) } : {}),
        };
        const page = await context.transport.json({
          method: "GET",
          url: context.url(base, "transactions/", params),
          limiterKey: context.limiterKey(base, "transactions"),
          signal,
        }, (json) => parseTransactionsPage(json, context.dialect));
        rows.push(...page.transactions);
        progress.addRows(page.transactions.length);
        const next = page.page.nextOffset;
        if (next === null) break;
        if (next <= offset) {
          throw new ValidationError(
            `Cannot page transactions as nextOffset does not advance: ${offset} -> ${next}`,
            {
              issues: [],
            },
          );
        }
        offset = next;
      }
      progress.windowDone(0);
      return rows;
    };
    const pool = orderedPool(windows, fetchWindow, {
      concurrency: context.concurrency,
      signal: query.signal,
    });
    for await (const rows of pool) yield* rows;
  });
}
