/**
 * The lanes of a fill: the pages of a day's chain from its first missing page, fetched a few
 * at a time. Each lane takes the next offset as it frees, assuming the upstream's pages are
 * `FILL_PAGE_SIZE` long (a wrong guess is a stored page off the chain, and the fill walks the
 * chain again); a lane's next call starts while its last page is being stored.
 *
 * One lane cannot keep the rate filled at the upstream's latency, but a lane that takes a page
 * not yet proven to exist (named by a stored page's next offset) may cost a call past the day's
 * end. So further lanes open only once the day has proven long (at most 10 % of its calls past
 * the end), and only while the attempted times of its pages so far say its end is still a few
 * pages away; near the end, one lane takes each page as the one before proves it. That reads
 * the pages as in attempt order, as the sandbox serves them (LivePerson documents no order,
 * liveperson-api-notes.md): pages in another order never look far from the end, so they are
 * fetched one at a time, and a day whose traffic stops early costs at most the 10 %.
 *
 * @module
 */
import { DAY_MS } from "../../lib/windows.ts";
import type { PageMeta } from "../store/day-ledger.ts";
import { type DayAccess, obtainPage } from "../store/day-pages.ts";

/** Most pages a fill fetches at once: enough to keep 10 requests/s going at ~100-200 ms latency. */
const FILL_LANES = 3;
/** Pages of a day proven to exist before each further lane opens. */
const PAGES_PER_LANE = 10;
/** Pages the day's times must still leave before its end for a lane to take an unproven page. */
const END_MARGIN_PAGES = 5;

/** What one {@linkcode fetchChain} call did. */
export interface ChainFetch {
  /** Pages fetched from the upstream (stored, unless `failure` says otherwise). */
  fetched: number;
  /** The first failure of a lane or of storing a page; null when none. */
  failure: { error: unknown } | null;
}

/**
 * Obtains the pages of a generation's chain from `from` (its first missing page) until its last
 * page, `maxPages` pages fetched, or a failure; returns once every page it fetched is stored.
 * @param options `from`: the first missing offset; `maxPages`: the most pages to fetch (> 0).
 * @returns See {@linkcode ChainFetch}; a failure stops every lane at its next page.
 */
export async function fetchChain(
  access: DayAccess,
  generation: number,
  options: { from: number; maxPages: number },
): Promise<ChainFetch> {
  const { pageSize } = access.caller.settings.store;
  const { from, maxPages } = options;
  const reach = new DayReach(access.ref.day, pageSize);
  let next = from;
  let end = Infinity;
  // Offsets below it are pages that exist: up to the first missing one, then each next offset.
  let proven = from + 1;
  let fetched = 0;
  let active = 0;
  let failure: { error: unknown } | null = null;
  const fail = (error: unknown): void => {
    failure ??= { error };
  };
  const storing: Promise<void>[] = [];
  const lanes: Promise<void>[] = [];
  const lane = async (): Promise<void> => {
    try {
      while (failure === null && fetched < maxPages && next <= end) {
        // An unproven page only for a lane of its own; the others end until pages prove more.
        if (next >= proven && active > 1 && !reach.farFromEnd()) break;
        const offset = next;
        next += pageSize;
        const obtained = await obtainPage(access, generation, offset, { read: false, wait: false });
        if (obtained.fetched) {
          fetched++;
          storing.push(obtained.recorded.catch(fail));
        }
        const { meta } = obtained;
        reach.add(meta);
        if (meta.next === null) end = Math.min(end, offset);
        else proven = Math.max(proven, meta.next + 1);
        open();
      }
    } finally {
      active--;
    }
  };
  const open = (): void => {
    const long = 1 + Math.floor((proven - 1) / pageSize / PAGES_PER_LANE);
    const wanted = reach.farFromEnd() ? Math.min(FILL_LANES, long) : 1;
    while (active < Math.max(1, Math.min(wanted, maxPages - fetched)) && next <= end) {
      active++;
      lanes.push(lane().catch(fail));
    }
  };
  open();
  // Lanes open while others run: wait for each, including those opened meanwhile.
  for (let i = 0; i < lanes.length; i++) await lanes[i];
  await Promise.all(storing);
  return { fetched, failure };
}

/** How far into its day a chain's pages have come, by their attempted times. */
class DayReach {
  readonly #day: number;
  readonly #pageSize: number;
  /** The furthest page with a time: pages up to it, its earliest and latest attempted time. */
  #furthest: { pages: number; first: number; last: number } | null = null;

  constructor(day: number, pageSize: number) {
    this.#day = day;
    this.#pageSize = pageSize;
  }

  add(meta: PageMeta): void {
    if (meta.firstTime === null || meta.lastTime === null) return;
    const pages = Math.floor(meta.offset / this.#pageSize) + 1;
    if (this.#furthest !== null && this.#furthest.pages >= pages) return;
    this.#furthest = { pages, first: meta.firstTime, last: meta.lastTime };
  }

  /**
   * Whether the day's end is still more than END_MARGIN_PAGES pages away, at the slower of the
   * pace so far and the furthest page's own (traffic that thins toward midnight).
   */
  farFromEnd(): boolean {
    const furthest = this.#furthest;
    if (furthest === null) return false;
    const pace = Math.max(
      (furthest.last - this.#day) / furthest.pages,
      furthest.last - furthest.first,
    );
    return pace > 0 && this.#day + DAY_MS - furthest.last > END_MARGIN_PAGES * pace;
  }
}
