/**
 * Progress on stderr under a real pseudo-terminal (util-linux `script`), piped, in CI and
 * with --quiet; stdout (here the --output file) stays data only.
 */
import { parse } from "csv-parse/sync";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, startOfUtcDay, TRANSACTION_FIELDS } from "../../lib/mod.ts";
import { runProcess } from "../support/run-process.ts";
import { cleanEnv, cliNode, ROOT } from "./support.ts";

const MAIN = resolve(ROOT, "dist/cli/main.js");
// Five whole UTC days of the default volume: about ten requests at ten a second, long enough
// to animate.
const END = startOfUtcDay(Date.now()) - DAY_MS;
const ARGS = ["transactions", "--sandbox", "--from", String(END - 5 * DAY_MS), "--to", String(END)];
const CLEAR_LINE = "\r\x1b[2K";
const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
const VOLUME = { LP_SANDBOX_VOLUME: "2000" };
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-progress-"));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function underPty(output: string, env: Record<string, string | undefined>) {
  const command = ["node", MAIN, ...ARGS, "--output", output].join(" ");
  return runProcess("script", ["-qfec", command, "/dev/null"], { cwd: ROOT, env });
}

function csvRows(text: string): string[][] {
  const records: string[][] = parse(text, { record_delimiter: "\r\n" });
  expect(records[0]).toEqual(TRANSACTION_FIELDS);
  return records.slice(1);
}

describe.concurrent("lp-reporting progress", () => {
  it("animates one redrawn line on a terminal, and the data stays clean", async () => {
    const output = join(dir, "tty.csv");
    const result = await underPty(output, cleanEnv(VOLUME));
    expect(result.code, result.stdout).toBe(0);
    const redraws = result.stdout.split(CLEAR_LINE).slice(1);
    const frames = new Set(redraws.map((line) => line[0]).filter((c) => c && SPINNER.includes(c)));
    expect(frames.size).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toMatch(/transactions: \d+\/5 windows, [\d,]+ rows, \d+ requests/);
    expect(redraws.at(-1)).toMatch(/^transactions: 5\/5 windows.*records written/);
    expect(csvRows(readFileSync(output, "utf8")).length).toBeGreaterThan(1000);
  });

  it("prints plain lines on a terminal when CI is set", async () => {
    const output = join(dir, "ci.csv");
    const result = await underPty(output, cleanEnv({ ...VOLUME, CI: "true" }));
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain("\x1b[");
    expect(result.stdout).toMatch(/^transactions: started\r?$/m);
  });

  it("prints plain occasional lines when stderr is piped, and stdout carries CSV only", async () => {
    const result = await cliNode(ARGS, VOLUME);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("\r");
    expect(result.stderr).not.toContain("\x1b");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("transactions: started");
    expect(lines.at(-1)).toMatch(/^transactions: 5\/5 windows, .* records written in \d+s$/);
    expect(csvRows(result.stdout).length).toBeGreaterThan(1000);
  });

  it("prints nothing on stderr with --quiet", async () => {
    const result = await cliNode([...ARGS, "--quiet", "--format", "ndjson"], VOLUME);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n").length).toBeGreaterThan(1000);
  });
});
