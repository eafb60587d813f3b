// The browser runs' share of the contract check: the proxy's answers to the page's API calls
// reach it through the test's route handler, checked against openapi.json on the way, or are
// checked as they arrive where the browser itself must see the proxy's answers (CORS)
// (test/contract/setup.ts fails the test on a violation).
import type { APIResponse, Page, Response as PageResponse, Route } from "playwright-core";
import { isDocumentedPath, recordViolations } from "../contract/contract.ts";

/** Statuses whose answers have no body. */
const BODILESS = new Set([101, 204, 205, 304]);

/**
 * Continues `route` to the proxy; an API call's answer (a fetch or XHR to a documented path)
 * is checked first.
 *
 * @param route A request the page makes to the proxy.
 */
export async function continueChecked(route: Route): Promise<void> {
  const request = route.request();
  // The page's API calls; navigations and assets go through untouched.
  const api = ["fetch", "xhr"].includes(request.resourceType()) &&
    isDocumentedPath(new URL(request.url()).pathname);
  if (!api) return await route.continue();
  let response: APIResponse;
  let body: Uint8Array<ArrayBuffer> | null;
  try {
    response = await route.fetch({ maxRedirects: 0 });
    body = BODILESS.has(response.status()) ? null : new Uint8Array(await response.body());
  } catch {
    // The proxy is unreachable, or the page closed meanwhile: the request fails as it would.
    return await route.abort("failed").catch(() => undefined);
  }
  const status = response.status();
  await recordViolations(
    { method: request.method(), url: request.url() },
    new Response(body, { status, headers: response.headers() }),
    { scope: "proxy" },
  );
  await route.fulfill({ response });
}

/**
 * Checks, as they arrive and without intercepting anything, the page's API calls to `origin`:
 * for runs whose browser must judge the proxy's own answers (CORS).
 *
 * @param page The page.
 * @param origin The proxy's origin.
 * @returns Waits for the checks of the answers received so far.
 */
export function checkAnswersOf(page: Page, origin: string): () => Promise<void> {
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    pending.push(checkAnswer(response, origin));
  });
  return async () => {
    await Promise.all(pending.splice(0));
  };
}

async function checkAnswer(response: PageResponse, origin: string): Promise<void> {
  const request = response.request();
  const url = new URL(request.url());
  if (
    !["fetch", "xhr"].includes(request.resourceType()) || url.origin !== origin ||
    !isDocumentedPath(url.pathname)
  ) return;
  const status = response.status();
  const body = BODILESS.has(status) ? null : new Uint8Array(await response.body());
  await recordViolations(
    { method: request.method(), url: request.url() },
    new Response(body, { status, headers: await response.allHeaders() }),
    { scope: "proxy" },
  );
}
