import type { Context } from "hono";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";
import { EDGE_PREFIX } from "./edge.ts";

type C = Context<AppEnv>;

/** The page of the API reference and the OpenAPI document among the static assets (`scripts/build-docs.mjs`). */
const REFERENCE_ASSET = `${EDGE_PREFIX}/docs/reference`;
const DOCUMENT_ASSET = `${EDGE_PREFIX}/docs/openapi.json`;

/**
 * `GET /_edge/openapi.json`: the proxy's OpenAPI 3.1 document (the committed `openapi.json`),
 * served from the static assets, so the Worker's bundle does not carry it.
 *
 * @throws {ProxyError} 404 when the assets are not built (`npm run build:docs`).
 */
export async function openApiJson(c: C): Promise<Response> {
  c.get("state").route = `${EDGE_PREFIX}/openapi.json`;
  return await fromAssets(c, DOCUMENT_ASSET, "application/json", "The OpenAPI document");
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
  // Workers static assets: `reference.html` is served as `reference` (html_handling auto-trailing-slash).
  return await fromAssets(c, REFERENCE_ASSET, "text/html; charset=utf-8", "The API reference");
}

async function fromAssets(c: C, path: string, type: string, what: string): Promise<Response> {
  const assets = c.env.ASSETS;
  const asset = assets === undefined
    ? null
    : await assets.fetch(new Request(new URL(path, c.req.url)));
  if (asset === null || !asset.ok) {
    await asset?.body?.cancel();
    throw new ProxyError(404, `${what} is not built (npm run build:docs)`);
  }
  return new Response(asset.body, {
    headers: { "content-type": type, "cache-control": "no-cache" },
  });
}
