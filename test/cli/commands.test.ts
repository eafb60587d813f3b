/** The built CLI on Node against --sandbox: every subcommand in every format. */
import { parse } from "csv-parse/sync";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANALYTICS_FIELDS,
  CONSUMER_REPORT_CSV_COLUMNS,
  OPT_OUT_CSV_COLUMNS,
  TRANSACTION_FIELDS,
} from "../../lib/mod.ts";
import type { ProcessResult } from "../support/run-process.ts";
import { asJson, cliNode, FROM, libraryClient, pooled, ROOT, TO } from "./support.ts";

interface Case {
  args: string[];
  expected: unknown[];
  csvHeader: readonly string[];
}

const range = ["--from", String(FROM), "--to", String(TO)];
const cases = new Map<string, Case>();
const runs = new Map<string, ProcessResult>();
let dir = "";

beforeAll(async () => {
  if (!existsSync(resolve(ROOT, "dist/cli/main.js"))) {
    throw new Error("Cannot test the built CLI as dist/ is missing: run npm run build");
  }
  dir = mkdtempSync(join(tmpdir(), "lp-cli-"));
  const client = libraryClient();
  const transactions = await client.transactions({ from: FROM, to: TO }).toArray();
  const campaignId = transactions.find((tx) => tx.proactiveCampaignId !== null)!
    .proactiveCampaignId!;
  const funnel = await client.funnel({ from: FROM, to: TO, groupBy: ["channel"] });
  cases.set("funnel", {
    args: ["funnel", ...range, "--group-by", "channel"],
    expected: funnel,
    csvHeader: ["channel", "attempted"],
  });
  cases.set("analytics", {
    args: ["analytics", ...range],
    expected: await client.accountAnalytics({ from: FROM, to: TO }),
    csvHeader: ANALYTICS_FIELDS,
  });
  cases.set("transactions", {
    args: ["transactions", ...range],
    expected: transactions,
    csvHeader: TRANSACTION_FIELDS,
  });
  cases.set("campaign", {
    args: ["campaign", campaignId],
    expected: await client.campaignReport(campaignId).toArray(),
    csvHeader: CONSUMER_REPORT_CSV_COLUMNS.map((c) => c.name),
  });
  cases.set("campaign-analytics", {
    args: ["campaign-analytics", campaignId],
    expected: await client.campaignAnalytics(campaignId),
    csvHeader: ANALYTICS_FIELDS,
  });
  cases.set("opt-outs", {
    args: ["opt-outs", ...range],
    expected: await client.optOuts({ from: FROM, to: TO }).toArray(),
    csvHeader: OPT_OUT_CSV_COLUMNS.map((c) => c.name),
  });
  const tasks = [...cases].flatMap(([name, { args }]) =>
    ["table", "csv", "json", "ndjson"].map((format) => async () => {
      runs.set(`${name} ${format}`, await cliNode([...args, "--sandbox", "--format", format]));
    })
  );
  await pooled(tasks, 4);
}, 180_000);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function ran(key: string): ProcessResult {
  const result = runs.get(key)!;
  expect([key, result.code, result.stderr.split("\n").at(-2)]).toEqual([key, 0, expect.anything()]);
  return result;
}

describe("lp-reporting on Node (built package) against --sandbox", () => {
  it("--format json equals the library's result for every subcommand", () => {
    for (const [name, { expected }] of cases) {
      expect([name, JSON.parse(ran(`${name} json`).stdout)]).toEqual([name, asJson(expected)]);
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it("--format ndjson is one library record per line", () => {
    for (const [name, { expected }] of cases) {
      const lines = ran(`${name} ndjson`).stdout.split("\n");
      expect(lines.at(-1)).toBe("");
      const parsed = lines.slice(0, -1).map((line) => JSON.parse(line) as unknown);
      expect([name, parsed]).toEqual([name, asJson(expected)]);
    }
  });

  it("--format csv parses back with csv-parse: the header, then one record per library row", () => {
    for (const [name, { expected, csvHeader }] of cases) {
      const text = ran(`${name} csv`).stdout;
      expect(text.endsWith("\r\n")).toBe(true);
      const records: string[][] = parse(text, { record_delimiter: "\r\n" });
      expect([name, records[0]?.slice(0, csvHeader.length)]).toEqual([name, [...csvHeader]]);
      expect([name, records.length - 1]).toEqual([name, expected.length]);
    }
    const tx = cases.get("transactions")!.expected as { transactionId: string }[];
    const records: Record<string, string>[] = parse(ran("transactions csv").stdout, {
      columns: true,
      record_delimiter: "\r\n",
    });
    expect(records.map((r) => r.transactionId)).toEqual(tx.map((t) => t.transactionId));
  });

  it("--format table prints a header line and one line per record, with data only on stdout", () => {
    for (const [name, { expected, csvHeader }] of cases) {
      const lines = ran(`${name} table`).stdout.trimEnd().split("\n");
      expect([name, lines[0]?.split(/\s+/)[0]]).toEqual([name, csvHeader[0]]);
      expect([name, lines.length - 1]).toEqual([name, expected.length]);
    }
    expect(ran("funnel table").stdout).toMatch(/^sms\s+[\d,]+\s+[\d,]+ \(\d+\.\d%\).*\bn\/a\b/m);
  });

  it("--output writes the data to the file and nothing to stdout", async () => {
    const file = join(dir, "q.csv");
    const result = await cliNode([
      ...cases.get("opt-outs")!.args,
      "--sandbox",
      "--output",
      file,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(readFileSync(file, "utf8")).toBe(ran("opt-outs csv").stdout);
  });

  it("doctor passes against the sandbox and confirms the sandbox's assumptions", async () => {
    const result = await cliNode(["doctor", "--sandbox"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("✓ Sentinel token");
    expect(result.stdout).toContain("✓ paging of transactions");
    expect(result.stdout).not.toMatch(/✗|contradicted/);
    expect(result.stdout.match(/^ {2}confirmed /gm)?.length).toBeGreaterThanOrEqual(4);
  });
});
