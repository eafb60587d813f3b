/** The CLI from source on Deno against --sandbox: each subcommand, CSV, exit codes. */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { TRANSACTION_FIELDS } from "../../lib/mod.ts";
import type { ProcessResult } from "../support/run-process.ts";
import { asJson, cliDeno, FROM, libraryClient, pooled, TO } from "./support.ts";

const range = ["--from", new Date(FROM).toISOString(), "--to", String(TO)];
const expected = new Map<string, { args: string[]; value: unknown[] }>();
const runs = new Map<string, ProcessResult>();

beforeAll(async () => {
  const client = libraryClient();
  const transactions = await client.transactions({ from: FROM, to: TO }).toArray();
  const campaignId = transactions.find((tx) => tx.proactiveCampaignId !== null)!
    .proactiveCampaignId!;
  expected.set("funnel", {
    args: ["funnel", ...range, "--group-by", "day,channel"],
    value: await client.funnel({ from: FROM, to: TO, groupBy: ["day", "channel"] }),
  });
  expected.set("analytics", {
    args: ["analytics", ...range, "--channel", "wa"],
    value: await client.accountAnalytics({ from: FROM, to: TO, channels: ["wa"] }),
  });
  expected.set("transactions", { args: ["transactions", ...range], value: transactions });
  expected.set("campaign", {
    args: ["campaign", campaignId],
    value: await client.campaignReport(campaignId).toArray(),
  });
  expected.set("campaign-analytics", {
    args: ["campaign-analytics", campaignId],
    value: await client.campaignAnalytics(campaignId),
  });
  expected.set("opt-outs", {
    args: ["opt-outs", ...range],
    value: await client.optOuts({ from: FROM, to: TO }).toArray(),
  });
  const tasks = [
    ...[...expected].map(([name, { args }]) => async () => {
      runs.set(name, await cliDeno([...args, "--sandbox", "--format", "json", "--quiet"]));
    }),
    async () => {
      runs.set("csv", await cliDeno(["transactions", ...range, "--sandbox", "--quiet"]));
    },
    async () => {
      runs.set("doctor", await cliDeno(["doctor", "--sandbox"]));
    },
    async () => {
      runs.set("bad flag", await cliDeno(["funnel", "--sandbox", "--group", "day"]));
    },
    async () => {
      runs.set("no credentials", await cliDeno(["analytics"], { LP_ACCOUNT_ID: "12345678" }));
    },
  ];
  await pooled(tasks, 3);
}, 180_000);

describe("lp-reporting on Deno (from source) against --sandbox", () => {
  it("--format json equals the library's result for every subcommand", () => {
    for (const [name, { value }] of expected) {
      const result = runs.get(name)!;
      expect([name, result.code, result.stderr]).toEqual([name, 0, ""]);
      expect([name, JSON.parse(result.stdout)]).toEqual([name, asJson(value)]);
    }
  });

  it("writes transactions as CSV that csv-parse reads back", () => {
    const result = runs.get("csv")!;
    expect(result.code, result.stderr).toBe(0);
    const records: Record<string, string>[] = parse(result.stdout, {
      columns: true,
      record_delimiter: "\r\n",
    });
    expect(Object.keys(records[0]!)).toEqual(TRANSACTION_FIELDS);
    const transactions = expected.get("transactions")!.value as { transactionId: string }[];
    expect(records.map((r) => r.transactionId)).toEqual(transactions.map((t) => t.transactionId));
  });

  it("passes doctor against the sandbox", () => {
    const result = runs.get("doctor")!;
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toMatch(/✗|contradicted/);
  });

  it("exits 2 on a bad flag and 3 without credentials, with one line on stderr", () => {
    const bad = runs.get("bad flag")!;
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/^lp-reporting: .*--group/)]);
    const none = runs.get("no credentials")!;
    expect([none.code, none.stderr]).toEqual([
      3,
      expect.stringMatching(/^lp-reporting: No credentials: set LP_CLIENT_ID/),
    ]);
    expect(bad.stdout + none.stdout).toBe("");
  });
});
