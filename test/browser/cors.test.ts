// CORS in a real browser: a page on a second local origin calls the proxy (`npm start`'s Worker
// with CORS_ORIGINS listing that origin) with a demo key and with a proxy token; a page on an
// unlisted origin is refused by Chromium itself.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../support/browser.ts";
import { checkAnswersOf } from "../support/checked-route.ts";

interface DevServer {
  base: string;
  log(): string;
  stop(): Promise<unknown>;
}

interface Harness {
  freePort(): Promise<number>;
  tempDir(prefix: string): string;
  startServer(options: {
    port: number;
    persistDir: string;
    logDir: string;
    vars?: Record<string, string>;
  }): Promise<DevServer>;
  scanText(text: string, where: string, findings: unknown[]): number;
}

// A computed specifier: the harness is plain JavaScript without type declarations.
const harnessUrl = new URL("../reliability/server/harness.mjs", import.meta.url).href;

// The page's own script: what a browser app on another origin does to call the proxy.
const PAGE = `<!doctype html>
<html><head><title>cors</title></head><body><script>
  window.callProxy = async (url, init) => {
    try {
      const response = await fetch(url, init);
      return {
        status: response.status,
        traceId: response.headers.get("x-request-trace-id"),
        body: await response.json(),
      };
    } catch (error) {
      return { error: String(error) };
    }
  };
</script></body></html>`;

function servePage(port: number): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(PAGE);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

interface Answer {
  status?: number;
  traceId?: string | null;
  body?: Record<string, unknown>;
  error?: string;
}

describe("CORS from a second origin in Chromium", () => {
  let harness: Harness;
  let proxy: DevServer;
  let browser: Browser;
  const pages: Server[] = [];
  let listed = "";
  let unlisted = "";

  beforeAll(async () => {
    harness = (await import(harnessUrl)) as Harness;
    const [listedPort, unlistedPort] = [await harness.freePort(), await harness.freePort()];
    listed = `http://127.0.0.1:${listedPort}`;
    unlisted = `http://127.0.0.1:${unlistedPort}`;
    pages.push(await servePage(listedPort), await servePage(unlistedPort));
    proxy = await harness.startServer({
      port: await harness.freePort(),
      persistDir: harness.tempDir("cors-state-"),
      logDir: harness.tempDir("cors-logs-"),
      vars: { CORS_ORIGINS: listed },
    });
    browser = await launchBrowser({ webSecurity: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    for (const page of pages) page.close();
  }, 30_000);

  // One page, navigated to each origin in turn (the packaged Chromium runs single-process);
  // the proxy's answers are checked against openapi.json as the browser receives them.
  let checked: (() => Promise<void>) | undefined;
  async function callFrom(origin: string, path: string, init: RequestInit): Promise<Answer> {
    const page = browser.contexts()[0]?.pages()[0] ?? await browser.newPage();
    checked ??= checkAnswersOf(page, proxy.base);
    await page.goto(`${origin}/`);
    const answer = await page.evaluate(
      ([url, options]) =>
        (window as unknown as { callProxy(u: string, i: RequestInit): Promise<Answer> })
          .callProxy(url, options),
      [`${proxy.base}${path}`, init] as const,
    );
    await checked();
    return answer;
  }

  const day = Math.floor(Date.now() / 86_400_000 - 5) * 86_400_000;
  const analytics = `/api/account/10000001/app/prmsg/analytics/?attemptedStartTime=${day}` +
    `&attemptedEndTime=${day + 86_400_000}`;

  it("a listed origin's page reads analytics with a demo key in X-API-Key (preflighted)", async () => {
    const answer = await callFrom(listed, analytics, {
      headers: { "x-api-key": "demo-key-10000001" },
    });
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Array.isArray(answer.body?.["analytics"])).toBe(true);
    expect((answer.body?.["requestMetadata"] as { accountId: string }).accountId).toBe("10000001");
  });

  it("a listed origin's page gets a proxy token from the Sentinel endpoint and reads with it", async () => {
    const token = await callFrom(
      listed,
      "/sentinel/api/account/10000001/app/token?v=1.0&grant_type=client_credentials",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "client_id=sandbox-client-10000001&client_secret=sandbox-secret-10000001",
      },
    );
    expect(token.status).toBe(200);
    const accessToken = String(token.body?.["access_token"]);
    const answer = await callFrom(listed, analytics, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.body?.["analytics"])).toBe(true);
  });

  it("an unlisted origin's page is refused by the browser, and no key reaches the log", async () => {
    const answer = await callFrom(unlisted, analytics, {
      headers: { "x-api-key": "demo-key-10000001" },
    });
    expect(answer.status).toBeUndefined();
    expect(answer.error).toMatch(/TypeError: Failed to fetch/);
    const findings: unknown[] = [];
    harness.scanText(proxy.log(), "wrangler dev log", findings);
    expect(findings).toEqual([]);
  });
});
