/**
 * One page of a window's filtered transactions, read from whole days in order: how stored days
 * and archived days are paged, the same offsets as the upstream's paging of the window.
 *
 * @module
 */
import type { Transaction } from "../../lib/model/canonical.ts";
import { selectTransactions } from "../../lib/model/select-transactions.ts";
import { DAY_MS } from "../../lib/windows.ts";
import type { TransactionsAnswer, TransactionsRequest } from "./transactions-pages.ts";

/** One whole day: its midnight UTC and its transactions, a page at a time, in order. */
export interface WholeDay {
  day: number;
  pages: AsyncIterable<Transaction[]>;
}

/**
 * The page `request` asks for. A transaction without `attemptedTime` belongs to a window that
 * covers its whole day; reading stops at the first transaction past the page.
 * @param days The window's days, in order (their pages are read lazily).
 * @param request The window, filters, offset and limit.
 * @returns The page, with `nextOffset` set when a transaction follows it.
 */
export async function windowPage(
  days: readonly WholeDay[],
  request: TransactionsRequest,
): Promise<TransactionsAnswer> {
  const { window, filters, offset, limit } = request;
  const rows: Transaction[] = [];
  let matched = 0;
  let more = false;
  scan: for (const { day, pages } of days) {
    const wholeDay = window.from <= day && day + DAY_MS <= window.to;
    for await (const page of pages) {
      const inWindow = page.filter((tx) =>
        tx.attemptedTime === null
          ? wholeDay
          : tx.attemptedTime >= window.from && tx.attemptedTime < window.to
      );
      for (const tx of selectTransactions(inWindow, filters)) {
        if (matched === offset + limit) {
          more = true;
          break scan;
        }
        if (matched >= offset) rows.push(tx);
        matched++;
      }
    }
  }
  return {
    page: {
      count: rows.length,
      previousOffset: offset === 0 ? null : Math.max(0, offset - limit),
      currentOffset: offset,
      nextOffset: more ? offset + limit : null,
    },
    transactions: rows,
  };
}
