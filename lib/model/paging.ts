import type { Page } from "./canonical.ts";

/** LP: page length "varies from 1 to 9999" (liveperson-api-notes.md §4). */
export const MAX_PAGE_SIZE = 9999;

/**
 * The page of `total` rows that starts at row `offset` and holds at most `limit` rows, in the
 * wire's terms (`previousOffset`/`nextOffset` null for none), and the slice it covers.
 */
export function pageAt(
  offset: number,
  limit: number,
  total: number,
): { page: Page; start: number; end: number } {
  const start = Math.min(offset, total);
  const end = Math.min(offset + limit, total);
  return {
    start,
    end,
    page: {
      count: end - start,
      previousOffset: offset === 0 ? null : Math.max(0, offset - limit),
      currentOffset: offset,
      nextOffset: offset + limit < total ? offset + limit : null,
    },
  };
}
