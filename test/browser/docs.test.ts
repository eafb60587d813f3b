// The API reference at /_edge/docs in a real headless Chromium against the Worker started like
// `npm start`: every route of openapi.json renders, one "Try it out" call with a demo key
// succeeds, and no request goes to any origin but the proxy's (each one is blocked and recorded).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import document from "../../openapi.json" with { type: "json" };
import { launchBrowser } from "../support/browser.ts";
import { continueChecked } from "../support/checked-route.ts";

const KEY = "demo-key-10000001";
const DAY_MS = 86_400_000;

/** A running `wrangler dev` (test/reliability/server/harness.mjs, plain JavaScript). */
interface DevServer {
  base: string;
  log(): string;
  stop(): Promise<unknown>;
}

interface Harness {
  freePort(): Promise<number>;
  tempDir(prefix: string): string;
  startServer(options: { port: number; persistDir: string; logDir: string }): Promise<DevServer>;
}

let server: DevServer;
let browser: Browser;
let page: Page;
const foreign: string[] = [];
const failed: string[] = [];

beforeAll(async () => {
  // A computed specifier: the harness has no type declarations of its own.
  const specifier = new URL("../reliability/server/harness.mjs", import.meta.url).href;
  const harness = (await import(specifier)) as Harness;
  server = await harness.startServer({
    port: await harness.freePort(),
    persistDir: harness.tempDir("docs-state-"),
    logDir: harness.tempDir("docs-log-"),
  });
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: "en-US" });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === server.base) return await continueChecked(route);
    foreign.push(url);
    await route.abort("blockedbyclient");
  });
  page = await context.newPage();
  page.on("requestfailed", (request) => {
    if (new URL(request.url()).origin === server.base) failed.push(request.url());
  });
  page.on("pageerror", (error) => failed.push(`page error: ${error.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every operation of the document as Swagger UI labels it: `GET /_edge/health`. */
function documentedOperations(): string[] {
  const operations: string[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, object>)) {
    for (const method of Object.keys(item)) {
      if (["get", "post"].includes(method)) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations.sort();
}

describe("/_edge/docs", () => {
  it("renders every route of openapi.json", async () => {
    const response = await page.goto(`${server.base}/_edge/docs`);
    expect(response?.status()).toBe(200);
    await page.locator(".opblock").first().waitFor({ timeout: 60_000 });
    const rendered = await page.locator(".opblock").evaluateAll((blocks) =>
      blocks.map((block) =>
        `${block.querySelector(".opblock-summary-method")?.textContent} ${
          block.querySelector(".opblock-summary-path")?.getAttribute("data-path")
        }`
      )
    );
    expect(rendered.sort()).toEqual(documentedOperations());
    expect(await page.locator(".info .title").textContent()).toContain("lp-reporting-edge");
  });

  it('performs a "Try it out" call of the funnel with a demo key', async () => {
    await page.locator("button.authorize").first().click();
    const scheme = page.locator(".auth-container", { hasText: "proxyKeyHeader" });
    await scheme.locator("input").fill(KEY);
    await scheme.locator("button[type=submit]").click();
    await page.locator(".dialog-ux button.btn-done").first().click();

    const operation = page.locator(".opblock", {
      has: page.locator('.opblock-summary-path[data-path="/_edge/funnel/{accountId}/{app}"]'),
    });
    await operation.locator(".opblock-summary").click();
    await operation.locator("button.try-out__btn").click();
    const day = (daysAgo: number): string =>
      new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
    await operation.locator('tr[data-param-name="accountId"] input').fill("10000001");
    await operation.locator('tr[data-param-name="app"] select').selectOption("prmsg");
    await operation.locator('tr[data-param-name="from"] input').fill(day(10));
    await operation.locator('tr[data-param-name="to"] input').fill(day(4));
    await operation.locator('tr[data-param-name="groupBy"] input').fill("channel");
    const answer = page.waitForResponse((r) => r.url().includes("/_edge/funnel/10000001/prmsg"));
    await operation.locator("button.execute").click();
    const response = await answer;
    expect(response.status(), await response.text()).toBe(200);
    expect(response.request().headers()["x-api-key"]).toBe(KEY);
    const live = operation.locator(".live-responses-table tbody .response-col_status").first();
    await expect.poll(async () => (await live.textContent())?.trim()).toBe("200");
    const body = await operation.locator(
      ".live-responses-table tbody .response-col_description pre",
    )
      .first().textContent();
    expect(JSON.parse(body ?? "{}").groups.length).toBeGreaterThan(0);
  });

  it("made no request to another origin, and every request to the proxy succeeded", () => {
    expect(foreign).toEqual([]);
    expect(failed).toEqual([]);
  });
});
