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

/** Options of {@link launchBrowser}. */
export interface LaunchOptions {
  /**
   * Keep the same-origin policy (CORS) on: @sparticuz/chromium's own arguments turn it off
   * with `--disable-web-security`, which a CORS test must not inherit.
   * @default false
   */
  webSecurity?: boolean;
}

/** Launches a headless Chromium; close it in the test's `afterAll`. */
export async function launchBrowser({ webSecurity = false }: LaunchOptions = {}): Promise<Browser> {
  const fromEnv = process.env["CHROMIUM_PATH"];
  if (fromEnv !== undefined && fromEnv !== "") {
    return await playwright.launch({ executablePath: fromEnv, headless: true, args: ARGS });
  }
  const packaged = webSecurity
    ? chromium.args.filter((arg) => arg !== "--disable-web-security")
    : chromium.args;
  return await playwright.launch({
    executablePath: await chromium.executablePath(),
    headless: true,
    args: [...packaged, ...ARGS],
  });
}
