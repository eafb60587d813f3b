/** Ctrl-C during a 30-day transactions export: exit 130, whole rows only in the file. */
import { parse } from "csv-parse/sync";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRANSACTION_FIELDS } from "../../lib/mod.ts";
import { cleanEnv, ROOT } from "./support.ts";

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-interrupt-"));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("lp-reporting on SIGINT", () => {
  it("stops a 30-day transactions export, keeps whole rows and exits 130", async () => {
    const output = join(dir, "month.csv");
    const child = spawn("node", [
      resolve(ROOT, "dist/cli/main.js"),
      "transactions",
      "--sandbox",
      "--from",
      "30d",
      "--output",
      output,
    ], {
      cwd: ROOT,
      env: cleanEnv({ LP_SANDBOX_VOLUME: "2000" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    // Interrupt once the first rows are in the file: well before the 30 days are done.
    await new Promise<void>((ready, fail) => {
      const poll = setInterval(() => {
        if (child.exitCode !== null) {
          clearInterval(poll);
          fail(new Error(`The export ended before it could be interrupted: ${stderr}`));
        } else if (existsSync(output) && statSync(output).size > 0) {
          clearInterval(poll);
          ready();
        }
      }, 20);
    });
    child.kill("SIGINT");
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr.trimEnd().split("\n").at(-1)).toBe(
      "lp-reporting: interrupted; what was fetched is written, whole rows only",
    );
    const text = readFileSync(output, "utf8");
    expect(text.endsWith("\r\n")).toBe(true);
    // csv-parse refuses a record with a different number of fields: a cut row fails here.
    const records: string[][] = parse(text, { record_delimiter: "\r\n" });
    expect(records[0]).toEqual(TRANSACTION_FIELDS);
    expect(records.length).toBeGreaterThan(1);
    expect(records.length).toBeLessThan(30 * 2000);
  }, 30_000);
});
