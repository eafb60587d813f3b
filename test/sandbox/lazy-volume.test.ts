import { describe, expect, it } from "vitest";
import { analyticsFromTransactions } from "../../lib/funnel/aggregate.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { bearer, DAY, NOW, pullTransactions, reportingUrl } from "./support.ts";

const ACCOUNT = "10000001";
const TODAY = Math.floor(NOW / DAY) * DAY;
const HOUR = 3_600_000;

async function page(
  sandbox: ReturnType<typeof createSandbox>,
  from: number,
  offset: number,
  limit: number,
): Promise<unknown> {
  const url = reportingUrl(
    sandbox,
    ACCOUNT,
    "current",
    `app/prmsg/transactions/?attemptedStartTime=${from}&attemptedEndTime=${
      from + DAY
    }&offset=${offset}&limit=${limit}`,
  );
  const response = await sandbox.fetch(url, { headers: bearer(sandbox, ACCOUNT) });
  expect(response.status).toBe(200);
  return response.json();
}

describe("createSandbox() generates large days lazily, block by block", { timeout: 30_000 }, () => {
  const options = { now: () => NOW, volume: 200_000, rateLimit: Number.POSITIVE_INFINITY };

  it("answers the same page twice with the same transactions, in one sandbox and in another", async () => {
    const sandbox = createSandbox(options);
    const from = TODAY - 40 * DAY;
    const first = await page(sandbox, from, 150_321, 700);
    const second = await page(sandbox, from, 150_321, 700);
    const elsewhere = await page(createSandbox(options), from, 150_321, 700);
    expect((first as { transactions: unknown[] }).transactions).toHaveLength(700);
    expect(second).toEqual(first);
    expect(elsewhere).toEqual(first);
  });

  it("pages a day deep into it while generating only the blocks the page touches", async () => {
    const sandbox = createSandbox(options);
    const from = TODAY - 10 * DAY;
    const total = sandbox.transactionCount({
      accountId: ACCOUNT,
      app: "prmsg",
      from,
      to: from + DAY,
    });
    expect(total).toBeGreaterThan(170_000);
    const body = await page(sandbox, from, total - 500, 1000) as {
      page: { count: number; nextOffset: number };
    };
    expect(body.page.count).toBe(500);
    // 200,000 a day in 96 blocks: a page of 500 touches one or two of them.
    expect(sandbox.storeStats().blocksGenerated).toBeLessThanOrEqual(2);
  });

  it("concatenated pages are the whole day: no id missing or repeated, in attempt order", async () => {
    const sandbox = createSandbox({ ...options, volume: 20_000 });
    const from = TODAY - 3 * DAY;
    const query = { accountId: ACCOUNT, app: "prmsg" as const, from, to: from + DAY };
    const { transactions, pages } = await pullTransactions(sandbox, {
      ...query,
      dialect: "current",
      limit: 2_999,
    });
    const truth = sandbox.transactions(query);
    expect(pages).toBeGreaterThan(5);
    expect(transactions.length).toBe(sandbox.transactionCount(query));
    expect(new Set(transactions.map((tx) => tx.transactionId)).size).toBe(transactions.length);
    expect(transactions.map((tx) => tx.transactionId)).toEqual(
      truth.map((tx) => tx.transactionId),
    );
    const times = transactions.map((tx) => tx.attemptedTime as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it(
    "analytics equal the aggregate of the transactions at 200,000 a day",
    { timeout: 30_000 },
    () => {
      const sandbox = createSandbox(options);
      for (const day of [TODAY, TODAY - DAY, TODAY - 4 * DAY, TODAY - 45 * DAY]) {
        const whole = { accountId: ACCOUNT, app: "c2m" as const, from: day, to: day + DAY };
        const attempted = sandbox.analytics(whole).reduce((sum, row) => sum + row.attempted, 0);
        expect(attempted).toBe(sandbox.transactionCount(whole));
        // Two hours, cut mid-block at both ends: whole blocks from counters, the rest by transaction.
        const slice = { ...whole, from: day + 5 * HOUR + 123_457, to: day + 7 * HOUR + 98_765 };
        expect(sandbox.analytics(slice)).toEqual(
          analyticsFromTransactions(sandbox.transactions(slice)),
        );
      }
    },
  );

  it("holds at most the configured transactions, in whole blocks, whatever is read", async () => {
    const sandbox = createSandbox({ ...options, cacheTransactions: 30_000 });
    for (const offset of [0, 40_000, 90_000, 160_000]) {
      await page(sandbox, TODAY - 7 * DAY, offset, 9_999);
    }
    sandbox.analytics({
      accountId: ACCOUNT,
      app: "prmsg",
      from: TODAY - 8 * DAY,
      to: TODAY - 5 * DAY,
    });
    const stats = sandbox.storeStats();
    expect(stats.transactionsHeld).toBeLessThanOrEqual(30_000);
    // A block of a 200,000-a-day account holds about 2,100 transactions.
    expect(stats.blocksHeld).toBeGreaterThan(0);
    expect(stats.blocksHeld).toBeLessThanOrEqual(16);
    expect(stats.sumsHeld).toBe(3 * 96);
  });
});
