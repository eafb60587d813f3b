import type { Context } from "hono";
import document from "../../openapi.json" with { type: "json" };
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";
import { EDGE_PREFIX } from "./edge.ts";

type C = Context<AppEnv>;

/** The page of the API reference among the static assets (`scripts/build-docs.mjs`). */
const REFERENCE_ASSET = `${EDGE_PREFIX}/docs/reference`;

/** `GET /_edge/openapi.json`: the proxy's OpenAPI 3.1 document (the committed `openapi.json`). */
export function openApiJson(c: C): Response {
  c.get("state").route = `${EDGE_PREFIX}/openapi.json`;
  return c.json(document);
}

/**
 * `GET /_edge/docs`: the interactive API reference, Swagger UI over `/_edge/openapi.json`.
 * The page, Swagger UI's bundle and its stylesheet are static assets under `/_edge/docs/`;
 * this route serves the page through the `ASSETS` binding, so the reference has one address
 * without a trailing-slash redirect and answers like the other `/_edge` routes.
 *
 * @throws {ProxyError} 404 when the assets are not built (`npm run build:docs`).
 */
export async function docsPage(c: C): Promise<Response> {
  c.get("state").route = `${EDGE_PREFIX}/docs`;
  const assets = c.env.ASSETS;
  // Workers static assets: `reference.html` is served as `reference` (html_handling auto-trailing-slash).
  const page = assets === undefined
    ? null
    : await assets.fetch(new Request(new URL(REFERENCE_ASSET, c.req.url)));
  if (page === null || !page.ok) {
    await page?.body?.cancel();
    throw new ProxyError(404, "The API reference is not built (npm run build:docs)");
  }
  return new Response(page.body, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" },
  });
}
