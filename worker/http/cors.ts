/**
 * CORS for browser apps on other origins (`CORS_ORIGINS`, an allowlist, empty by default).
 * Preflights of the drop-in and `/_edge` routes are answered for listed origins with the methods
 * the route takes (its 405's `Allow`, so the route table stays the only list) and the headers
 * the routes read; other origins get no CORS headers at all. Header names are listed, never
 * reflected from the request, so no proxy key or credential is ever echoed.
 * @module
 */

import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../request-state.ts";

/** The request headers the routes read: a proxy key, a credential, a JSON or form body. */
const ALLOWED_HEADERS = "authorization, content-type, x-api-key";
/** The response headers a page may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = "x-request-trace-id, cache-status, retry-after";
/** How long a browser may reuse a preflight answer, in seconds. */
const MAX_AGE_SECONDS = "600";

/**
 * Reads `CORS_ORIGINS` once, with the settings: origins separated by commas or spaces.
 * @param raw The setting, if set.
 * @returns The origins, normalized (`https://app.example.com`); empty when unset.
 * @throws {TypeError} When an entry is not an http(s) origin (a path, a wildcard, a typo).
 */
export function parseCorsOrigins(raw: string | undefined): readonly string[] {
  const origins: string[] = [];
  for (const entry of (raw ?? "").split(/[\s,]+/)) {
    if (entry === "") continue;
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // Reported below.
    }
    if (
      url === null || (url.protocol !== "https:" && url.protocol !== "http:") ||
      // An allowlist: no wildcards, whatever a URL parser makes of them.
      entry.includes("*") ||
      url.origin !== entry.replace(/\/$/, "").toLowerCase()
    ) {
      throw new TypeError(
        `CORS_ORIGINS holds an entry that is not an http(s) origin: ${
          JSON.stringify(entry.slice(0, 100))
        }`,
      );
    }
    origins.push(url.origin);
  }
  return Object.freeze(origins);
}

/**
 * The CORS middleware: for a listed `Origin`, a preflight of a route is answered 204 with
 * `Access-Control-Allow-Methods` from the route's `Allow`, and every other answer carries
 * `Access-Control-Allow-Origin`. Unknown paths (404) and other origins get no CORS headers.
 * @returns A Hono middleware; put it after the one that sets the settings.
 */
export function cors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header("origin");
    const allowed = origin !== undefined && c.get("settings").corsOrigins.includes(origin);
    const preflight = allowed && c.req.method === "OPTIONS" &&
      c.req.header("access-control-request-method") !== undefined;
    await next();
    if (c.get("settings").corsOrigins.length > 0) c.header("vary", "Origin", { append: true });
    if (!allowed) return;
    // Every route answers OPTIONS with its 405 and `Allow`: that is the preflight's method list.
    const methods = c.res.headers.get("allow");
    if (preflight && c.res.status === 405 && methods !== null) {
      c.res = new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-methods": methods,
          "access-control-allow-headers": ALLOWED_HEADERS,
          "access-control-max-age": MAX_AGE_SECONDS,
        },
      });
    }
    if (preflight && c.res.status !== 204) return;
    c.header("access-control-allow-origin", origin);
    c.header("access-control-expose-headers", EXPOSED_HEADERS);
  };
}
