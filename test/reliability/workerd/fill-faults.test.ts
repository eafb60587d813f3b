// The background fill under faults: days filled through a sandbox that answers 500s, 429s,
// truncated and schema-breaking pages, drops connections, and through an R2 bucket whose writes
// fail, for several seeds. While the faults last, every answer for the day is the truth or
// LivePerson's error, never part of the day; once they end the fill resumes, the day is stored
// whole (every transaction once) and served with 0 upstream calls, and no page that was stored
// was fetched again.
import { describe, expect, it } from "vitest";
import type { FaultOptions } from "../../../lib/sandbox/mod.ts";
import {
  baseEnv,
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  type Harness,
  harness,
  keyed,
  OAUTH2,
  quietLogs,
  reportPath,
} from "../../worker/proxy/support.ts";
import { reliabilityLine, sameData, seeded } from "../node/fault-support.ts";

const print = console.log.bind(console);
quietLogs();

const headers = keyed(OAUTH2.key);
const SEEDS = [1, 2, 3] as const;
const PAGE = 50;
/** Deliveries of the fill while the faults last: each may fail, and the queue redelivers. */
const FAULTY_DELIVERIES = 4;

interface FillCell {
  name: string;
  /** The sandbox's faults on reporting calls. */
  faults?: Omit<FaultOptions, "seed">;
  /** Share of upstream calls that fail as a dropped connection. */
  dropRate?: number;
  /** Share of R2 writes that fail. */
  writeFailRate?: number;
}

const CELLS: readonly FillCell[] = [
  { name: "500s 30%", faults: { errorRate: 0.3 } },
  { name: "429s 30%", faults: { rateLimitRate: 0.3 } },
  { name: "truncated 30%", faults: { truncateRate: 0.3 } },
  { name: "schema-breaking 30%", faults: { breakSchemaRate: 0.3 } },
  { name: "dropped connections 30%", dropRate: 0.3 },
  { name: "R2 writes failing 30%", writeFailRate: 0.3 },
  {
    name: "mixed all",
    faults: { errorRate: 0.1, rateLimitRate: 0.1, truncateRate: 0.1, breakSchemaRate: 0.1 },
    dropRate: 0.1,
    writeFailRate: 0.1,
  },
];

interface Tally {
  cases: number;
  exact: number;
  errors: number;
  problems: string[];
  pages: number;
  refetched: number;
  /** Faults injected: the sandbox's, dropped connections and failed writes. */
  injected: number;
}

const tally: Tally = {
  cases: 0,
  exact: 0,
  errors: 0,
  problems: [],
  pages: 0,
  refetched: 0,
  injected: 0,
};

/** Writes of an R2 bucket that fail while `on`, and how many did. */
interface WriteFaults {
  on: boolean;
  writes: number;
}

/** An R2 bucket whose writes fail at `rate` while `failed.on`, from a seeded sequence. */
function failingWrites(
  bucket: R2Bucket,
  rate: number,
  seed: number,
  failed: WriteFaults,
): R2Bucket {
  const roll = seeded(seed);
  return new Proxy(bucket, {
    get(target, name) {
      if (name === "put") {
        return (...args: Parameters<R2Bucket["put"]>) => {
          if (!failed.on || roll() >= rate) return target.put(...args);
          failed.writes += 1;
          return Promise.reject(new Error("R2 write failed (injected)"));
        };
      }
      const value = Reflect.get(target, name, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function wholeDay(day: number): string {
  return reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
    query: { offset: "0", limit: "9999" },
  });
}

function pagePath(day: number, offset: number): string {
  return reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
    query: { offset: String(offset), limit: String(PAGE) },
  });
}

/** Asks for the whole day and a page of it: each answer is the truth or LivePerson's error. */
async function probe(h: Harness, day: number, label: string): Promise<void> {
  for (const path of [wholeDay(day), pagePath(day, 2 * PAGE)]) {
    tally.cases += 1;
    const response = await h.call(path, { headers });
    const text = await response.text();
    if (response.status === 200) {
      if (sameData(JSON.parse(text), await directAnswer(h.oracle, "current", path))) {
        tally.exact += 1;
      } else {
        tally.problems.push(`${label}: ${path} answered 200 with data that is not the truth`);
      }
    } else if (response.status >= 500 || response.status === 429) {
      const body = JSON.parse(text) as { code?: unknown; message?: unknown };
      if (typeof body.code === "number" && typeof body.message === "string") tally.errors += 1;
      else tally.problems.push(`${label}: ${response.status} without LivePerson's error body`);
    } else {
      tally.problems.push(`${label}: ${path} answered ${response.status}`);
    }
  }
}

async function runCell(cell: FillCell, seed: number, day: number): Promise<void> {
  const label = `${cell.name}/seed ${seed}`;
  const drops = seeded(seed + 100);
  const failed: WriteFaults = { on: false, writes: 0 };
  const h = harness({
    sandbox: { volume: 600, pageSize: PAGE },
    env: {
      FILL_PAGE_SIZE: String(PAGE),
      INLINE_FILL_PAGES: "1",
      ...(cell.writeFailRate === undefined
        ? {}
        : { STORE: failingWrites(baseEnv.STORE, cell.writeFailRate, seed, failed) }),
    },
  });
  const truth = h.oracle.transactions({
    accountId: OAUTH2.accountId,
    app: "prmsg",
    from: day,
    to: day + DAY_MS,
  });
  const pages = Math.ceil(truth.length / PAGE);
  tally.pages += pages;
  // Page 0 is served through and enqueues the fill; then the faults start.
  await h.call(pagePath(day, 0), { headers });
  h.sandbox.setFaults(cell.faults === undefined ? undefined : { ...cell.faults, seed });
  failed.on = true;
  let dropped = 0;
  for (let delivery = 0; delivery < FAULTY_DELIVERIES; delivery++) {
    // The first delivery always meets a dropped connection when the cell drops any.
    const rate = cell.dropRate ?? 0;
    h.network.down = rate > 0 && (delivery === 0 || drops() < rate);
    if (h.network.down) dropped += 1;
    await h.drainFills(1);
    h.network.down = false;
    await probe(h, day, `${label}/during faults`);
  }
  h.sandbox.setFaults(undefined);
  failed.on = false;
  await h.drainFills();
  if (h.fills.length > 0) tally.problems.push(`${label}: the fill never ended`);
  // The fill has ended: the day is whole and served from storage alone.
  const before = h.reportingCalls().length;
  tally.cases += 1;
  const response = await h.call(wholeDay(day), { headers });
  const body = await response.json() as { transactions: { transactionId: string }[] };
  const ids = body.transactions.map((tx) => tx.transactionId);
  if (new Set(ids).size !== ids.length) tally.problems.push(`${label}: a transaction twice`);
  if (!sameData(body, await directAnswer(h.oracle, "current", wholeDay(day)))) {
    tally.problems.push(
      `${label}: the stored day is not the truth (${ids.length}/${truth.length})`,
    );
  } else tally.exact += 1;
  if (!/; hit/.test(cacheStatusOf(response))) {
    tally.problems.push(`${label}: the day is not served from storage after the fill`);
  }
  if (h.reportingCalls().length !== before) {
    tally.problems.push(`${label}: the stored day still costs upstream calls`);
  }
  // Pages fetched whole more than once: only those whose answer was broken may be.
  const fetched = new Map<string, number>();
  for (const call of h.reportingCalls()) {
    if (call.status !== 200 || call.url.searchParams.get("limit") !== String(PAGE)) continue;
    const offset = call.url.searchParams.get("offset") ?? "0";
    fetched.set(offset, (fetched.get(offset) ?? 0) + 1);
  }
  const faults = h.sandbox.counters().faults;
  const broken = (faults["truncate"] ?? 0) + (faults["break-schema"] ?? 0);
  const again = [...fetched.values()].reduce((n, count) => n + count - 1, 0);
  const injected = Object.values(faults).reduce((n, count) => n + count, 0) + dropped +
    failed.writes;
  tally.injected += injected;
  if (injected === 0) tally.problems.push(`${label}: no fault was injected`);
  tally.refetched += again;
  // A failed R2 write loses the page it carried: that page is fetched again, and only that one.
  if (again > broken + failed.writes) {
    tally.problems.push(
      `${label}: ${again} pages fetched again, but only ${broken} answers were broken and ` +
        `${failed.writes} writes failed`,
    );
  }
}

describe("Background fill under faults (Worker)", { timeout: 120_000 }, () => {
  for (const [i, cell] of CELLS.entries()) {
    it(`a day fills whole, exactly once, under: ${cell.name}`, async () => {
      const before = tally.problems.length;
      // A day of its own for each run: the answers cache (KV) is shared by the harnesses.
      for (const seed of SEEDS) await runCell(cell, seed, daysAgo(40 + i * SEEDS.length + seed));
      expect(tally.problems.slice(before)).toEqual([]);
    });
  }

  it("prints the RELIABILITY line", () => {
    print(reliabilityLine({
      test: "Background fill under faults (Worker)",
      cases: tally.cases,
      failures: tally.problems.length,
      lost: tally.problems.filter((p) => /truth|twice/.test(p)).length,
      notes: `${CELLS.length} fault cells (${CELLS.map((c) => c.name).join(", ")}) x ` +
        `${SEEDS.length} seeds, one day of ~600 transactions in pages of ${PAGE} each ` +
        `(${tally.pages} pages in all), ${FAULTY_DELIVERIES} faulty queue deliveries probed ` +
        `by a whole-day and a one-page request after each, then a clean resume: ${tally.exact} ` +
        `answers exactly the truth, ${tally.errors} LivePerson errors, 0 partial days; ` +
        `${tally.injected} faults injected; ` +
        `${tally.refetched} page fetches repeated (each after a broken answer or a failed ` +
        `write); hangs are the fault-hangs run's (the Worker's real 8 s timeout)`,
    }));
    expect(tally.problems).toEqual([]);
    expect(tally.exact).toBeGreaterThan(0);
    expect(tally.injected).toBeGreaterThan(0);
  });
});
