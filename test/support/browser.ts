// Headless Chromium for the browser runs: `CHROMIUM_PATH` when set, else the build that
// @sparticuz/chromium ships inside its npm package (so `npm ci` is the whole install).
import chromium from "@sparticuz/chromium";
import { type Browser, chromium as playwright } from "playwright-core";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches a headless Chromium; close it in the test's `afterAll`. */
export async function launchBrowser(): Promise<Browser> {
  const fromEnv = process.env["CHROMIUM_PATH"];
  if (fromEnv !== undefined && fromEnv !== "") {
    return await playwright.launch({ executablePath: fromEnv, headless: true, args: ARGS });
  }
  return await playwright.launch({
    executablePath: await chromium.executablePath(),
    headless: true,
    args: [...chromium.args, ...ARGS],
  });
}
