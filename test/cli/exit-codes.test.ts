/** Exit codes and one-line messages of the built CLI for bad flags, ranges and credentials. */
import { describe, expect, it } from "vitest";
import { cliNode, pooled } from "./support.ts";

interface Expectation {
  args: string[];
  env?: Record<string, string>;
  code: number;
  message: RegExp;
}

const CASES: Expectation[] = [
  { args: ["funnel", "--bogus"], code: 2, message: /Unknown option '--bogus'/ },
  { args: ["fnnel"], code: 2, message: /Unknown command: "fnnel"/ },
  { args: ["funnel", "--sandbox", "--format", "xml"], code: 2, message: /Unknown --format/ },
  { args: ["campaign", "--sandbox"], code: 2, message: /campaign takes one campaign id/ },
  { args: ["transactions", "--sandbox", "--group-by", "day"], code: 2, message: /--group-by/ },
  {
    args: ["funnel", "--sandbox", "--from", "yesterday"],
    code: 2,
    message: /Cannot read --from as a time: "yesterday" \(use an ISO date/,
  },
  {
    args: ["funnel", "--sandbox", "--from", "20mo"],
    code: 5,
    message: /older than the 13-month retention.*\(check --from\/--to/,
  },
  {
    args: ["transactions", "--sandbox", "--from", "1d", "--to", "3d"],
    code: 5,
    message: /Cannot query transactions/,
  },
  { args: ["funnel", "--sandbox", "--channel", "fax"], code: 5, message: /not sms, wa or inapp/ },
  { args: ["funnel", "--from", "7d"], code: 3, message: /No account: set LP_ACCOUNT_ID/ },
  {
    args: ["funnel"],
    env: { LP_ACCOUNT_ID: "12345678" },
    code: 3,
    message: /No credentials: set LP_CLIENT_ID and LP_CLIENT_SECRET/,
  },
  {
    args: ["funnel"],
    env: { LP_ACCOUNT_ID: "12345678", LP_CONSUMER_KEY: "k" },
    code: 3,
    message: /set LP_CONSUMER_SECRET, LP_ACCESS_TOKEN, LP_ACCESS_TOKEN_SECRET as well/,
  },
  {
    args: ["funnel", "--sandbox", "--from", "2d"],
    env: { LP_CLIENT_ID: "wrong", LP_CLIENT_SECRET: "wrong" },
    code: 3,
    message: /status 401 .*\(check LP_ACCOUNT_ID and the credentials/,
  },
  {
    args: ["funnel", "--base-url", "https://proxy.example"],
    env: { LP_ACCOUNT_ID: "12345678" },
    code: 3,
    message: /No proxy key: set LP_PROXY_KEY/,
  },
];

describe("lp-reporting exit codes", () => {
  it("gives each failure its exit code and one line on stderr, and nothing on stdout", async () => {
    const results = await pooled(CASES.map((c) => () => cliNode(c.args, c.env)), 4);
    for (const [index, result] of results.entries()) {
      const { args, code, message } = CASES[index]!;
      const lines = result.stderr.trimEnd().split("\n");
      expect([args, result.code]).toEqual([args, code]);
      expect([args, lines.length]).toEqual([args, 1]);
      expect(lines[0]).toMatch(/^lp-reporting: /);
      expect(lines[0]).toMatch(message);
      expect([args, result.stdout]).toEqual([args, ""]);
    }
  });

  it("prints the usage on --help, exit 0", async () => {
    const result = await cliNode(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: lp-reporting <command>/);
    for (const command of ["funnel", "analytics", "transactions", "campaign", "opt-outs"]) {
      expect(result.stdout).toContain(`  ${command}`);
    }
  });
});
