import type { Context } from "hono";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";
import { upstreamFetch } from "../upstream/upstream-fetch.ts";
import { EDGE_PREFIX } from "./edge.ts";

const PREFIX = `${EDGE_PREFIX}/sandbox/direct/`;

/**
 * `GET /_edge/sandbox/direct/{host}/{path}`: the embedded sandbox's own answer to
 * `https://{host}/{path}` with the caller's headers (its LivePerson credential, never a proxy
 * key), on local runs only (or the sandbox Worker bound as `SANDBOX`) — the same upstream the proxy sees, with no cache or schedule in
 * between: what the benchmarks compare the proxy with, and a way to check an answer by hand.
 */
export async function sandboxDirect(c: Context<AppEnv>): Promise<Response> {
  c.get("state").route = `${PREFIX}{host}/{path}`;
  const settings = c.get("settings");
  if (settings.upstream !== "sandbox") throw new ProxyError(404, "No embedded sandbox");
  const url = new URL(c.req.url);
  const target = new URL(`https://${url.pathname.slice(PREFIX.length)}${url.search}`);
  const headers = new Headers(c.req.raw.headers);
  headers.delete("x-api-key");
  return await upstreamFetch(settings, c.env)(new Request(target, { headers }));
}
