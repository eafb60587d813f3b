#!/usr/bin/env node
/**
 * The `lp-reporting` command: reports of LivePerson's Outbound Reporting API from the shell.
 * Runs on Node from the built package (`npx lp-reporting`) and on Deno from source
 * (`deno run -A cli/main.ts`).
 *
 * @module
 */
import process from "node:process";
import { EXIT } from "./exit-codes.ts";
import { run } from "./run.ts";

const controller = new AbortController();
process.on("SIGINT", () => {
  // A second Ctrl-C leaves at once.
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort(new DOMException("Interrupted", "AbortError"));
});

const code = await run(process.argv.slice(2), {
  env: process.env,
  stderr: (text) => void process.stderr.write(text),
  stderrIsTty: process.stderr.isTTY === true,
  signal: controller.signal,
});
// Requests still settling after Ctrl-C must not hold the process open.
process.stdout.write("", () => process.exit(code));
