// The browser runs' share of the contract check: the proxy's answers to the page's API calls
// reach it through the test's route handler, checked against openapi.json on the way
// (test/contract/setup.ts fails the test on a violation).
import type { APIResponse, Route } from "playwright-core";
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
