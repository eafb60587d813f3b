// Exports: CSV and NDJSON from the drop-in routes and the funnel, and the streamed export of any
// range, checked against the drop-in JSON pages row for row (CSV through csv-parse).
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { TRANSACTION_CSV_COLUMNS } from "../../../lib/export/transaction-columns.ts";
import type { Transaction } from "../../../lib/model/canonical.ts";
import { parseTransactionsPage } from "../../../lib/model/wire-to-responses.ts";
import {
  DAY_MS,
  daysAgo,
  expectLpError,
  type Harness,
  harness,
  keyed,
  OAUTH2,
  quietLogs,
  reportPath,
} from "./support.ts";

/** Every transaction of `days` whole days through the drop-in JSON pages (current dialect). */
async function dropInRows(h: Harness, from: number, days: number): Promise<Transaction[]> {
  const rows: Transaction[] = [];
  for (let day = from; day < from + days * DAY_MS; day += DAY_MS) {
    let offset: number | null = 0;
    while (offset !== null) {
      const path = reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
        query: { offset: String(offset), limit: "40" },
      });
      const response = await h.call(path, { headers: keyed(OAUTH2.key) });
      expect(response.status).toBe(200);
      const page = parseTransactionsPage(await response.json(), "current");
      rows.push(...page.transactions);
      offset = page.page.nextOffset;
    }
  }
  return rows;
}

/** A transaction as csv-parse reads its CSV line: every cell a string, empty for none. */
function csvRecord(tx: Transaction): Record<string, string> {
  return Object.fromEntries(TRANSACTION_CSV_COLUMNS.map((column) => {
    const cell = column.value(tx);
    return [column.name, cell === null || cell === undefined ? "" : String(cell)];
  }));
}

function exportPath(from: number, to: number, query: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: String(from), to: String(to), ...query });
  return `/_edge/export/${OAUTH2.accountId}/prmsg/transactions?${params}`;
}

describe("exports", () => {
  quietLogs();

  it("a 7-day CSV export equals the drop-in pages of those days, row for row", async () => {
    const h = harness();
    const from = daysAgo(10);
    const expected = await dropInRows(h, from, 7);
    expect(expected.length).toBeGreaterThan(100);
    const response = await h.call(exportPath(from, from + 7 * DAY_MS, { format: "csv" }), {
      headers: keyed(OAUTH2.key),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get("content-disposition")).toMatch(/\.csv"$/);
    const text = await response.text();
    expect(text.split("\r\n")[0]).toBe(TRANSACTION_CSV_COLUMNS.map((c) => c.name).join(","));
    const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    expect(records).toEqual(expected.map(csvRecord));
  });

  it("a 7-day NDJSON export (Accept) equals the drop-in pages, one canonical transaction a line", async () => {
    const h = harness();
    const from = daysAgo(12);
    const expected = await dropInRows(h, from, 7);
    const response = await h.call(exportPath(from, from + 7 * DAY_MS), {
      headers: { ...keyed(OAUTH2.key, "x-api-key"), accept: "application/x-ndjson" },
    });
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text()).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);
  });

  it("the export stops loading days when the client goes away", async () => {
    const h = harness();
    const from = daysAgo(40);
    const response = await h.call(exportPath(from, from + 30 * DAY_MS), {
      headers: keyed(OAUTH2.key),
    });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    const days = new Set(
      h.reportingCalls().map((call) => call.url.searchParams.get("attemptedStartTime")),
    );
    expect(days.size).toBeGreaterThan(0);
    expect(days.size).toBeLessThan(5);
  });

  it("an export that outlasts REQUEST_DEADLINE_MS streams every row: each page has its own deadline", async () => {
    // 6 days of one page each, 300 ms a page: 1.8 s of upstream work under a 1 s deadline.
    const h = harness({
      sandbox: { volume: 20, faults: { latencyMs: 300 } },
      env: { REQUEST_DEADLINE_MS: "1000" },
    });
    const from = daysAgo(8);
    const to = from + 6 * DAY_MS;
    const response = await h.call(exportPath(from, to, { format: "ndjson" }), {
      headers: keyed(OAUTH2.key),
    });
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split("\n");
    const truth = h.sandbox.transactions({ accountId: OAUTH2.accountId, app: "prmsg", from, to });
    expect(truth.length).toBeGreaterThan(20);
    expect(lines.length).toBe(truth.length);
    expect(
      new Set(h.reportingCalls().map((call) => call.url.searchParams.get("attemptedStartTime")))
        .size,
    ).toBe(6);
  });

  it("the export refuses json, a bad format, a missing or reversed range and an old start", async () => {
    const h = harness();
    const headers = keyed(OAUTH2.key);
    const from = daysAgo(3);
    for (
      const path of [
        exportPath(from, from + DAY_MS, { format: "json" }),
        exportPath(from, from + DAY_MS, { format: "xlsx" }),
        `/_edge/export/${OAUTH2.accountId}/prmsg/transactions?from=${from}`,
        exportPath(from, from - DAY_MS),
        exportPath(daysAgo(500), from),
      ]
    ) {
      await expectLpError(await h.call(path, { headers }), 400);
    }
    await expectLpError(await h.call(exportPath(from, from + DAY_MS)), 401);
  });

  it("drop-in analytics, transactions and the funnel answer CSV and NDJSON", async () => {
    const h = harness();
    const day = daysAgo(5);
    const headers = keyed(OAUTH2.key);
    const analytics = await h.call(
      reportPath("2.0", OAUTH2.accountId, "analytics", day, day + DAY_MS),
      { headers: { ...headers, accept: "text/csv" } },
    );
    expect(analytics.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(analytics.headers.get("cache-status")).toMatch(/^lp-reporting-edge/);
    const rows = parse(await analytics.text(), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!["day"]).toBe(new Date(day).toISOString().slice(0, 10));

    const page = await h.call(
      reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
        query: { limit: "3", offset: "2", format: "ndjson" },
      }),
      { headers },
    );
    const json = await h.call(
      reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
        query: { limit: "3", offset: "2" },
      }),
      { headers },
    );
    const lines = (await page.text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toEqual(parseTransactionsPage(await json.json(), "current").transactions);

    const funnel = await h.call(
      `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${day}&to=${
        day + DAY_MS
      }&groupBy=channel&format=csv`,
      { headers },
    );
    expect(funnel.status).toBe(200);
    const groups = parse(await funnel.text(), { columns: true }) as Record<string, string>[];
    expect(groups.length).toBeGreaterThan(0);
    expect(Object.keys(groups[0]!).slice(0, 2)).toEqual(["channel", "attempted"]);
  });
});
