// Shared set-up of the drop-in tests: OAuth 1.0a requests signed for the proxy's URL, proxy
// tokens from its Sentinel endpoint, and every route of both dialects to call each way in.
import { expect } from "vitest";
import { signOAuth1 } from "../../../lib/auth/oauth1.ts";
import type { OAuth1Credentials } from "../../../lib/auth/oauth1.ts";
import type { Dialect } from "../../../lib/model/canonical.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import { DAY_MS, daysAgo, type Harness, reportPath } from "./support.ts";

/** The sandbox credentials the demo tenants hold upstream (worker/auth/demo-tenants.ts). */
export const OAUTH2_CLIENT = DEMO_TENANTS[0]!.oauth2;
export const OAUTH1_KEYS: OAuth1Credentials = DEMO_TENANTS[1]!.oauth1;
/** OAuth 1.0a keys the pass-through tenant's account has upstream, but no tenant holds. */
export const UNHELD_KEYS: OAuth1Credentials = DEMO_TENANTS[2]!.oauth1;

/** One request to the proxy: a path relative to `http://proxy.test`, and its method and body. */
export interface RouteCall {
  name: string;
  path: string;
  method: "GET" | "POST";
  body?: string;
  contentType?: string;
}

/** Every reporting route of a dialect for an account, plus the funnel (dialect-free). */
export function routeCalls(dialect: Dialect, accountId: string): RouteCall[] {
  const day = daysAgo(6);
  const prefix = dialect === "current" ? "/api" : "";
  const campaignId = `${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}1`;
  const campaigns = `${prefix}/account/${accountId}/app/prmsg/campaigns/${campaignId}`;
  const json = "application/json";
  const calls: RouteCall[] = [
    {
      name: "analytics GET",
      path: reportPath(dialect, accountId, "analytics", day, day + DAY_MS),
      method: "GET",
    },
    {
      name: "analytics POST",
      path: reportPath(dialect, accountId, "analytics", day - DAY_MS, day),
      method: "POST",
      body: JSON.stringify({ filters: { channels: ["sms", "wa"] } }),
      contentType: json,
    },
    {
      name: "transactions GET",
      path: reportPath(dialect, accountId, "transactions", day, day + DAY_MS, {
        query: { limit: "3", offset: "2" },
      }),
      method: "GET",
    },
    {
      name: "transactions POST",
      path: reportPath(dialect, accountId, "transactions", day, day + DAY_MS, {
        app: "c2m",
      }),
      method: "POST",
      body: JSON.stringify({ channels: ["sms"] }),
      contentType: json,
    },
    { name: "campaign report", path: `${campaigns}/?limit=2`, method: "GET" },
    { name: "campaign analytics", path: `${campaigns}/analytics/`, method: "GET" },
  ];
  if (dialect === "current") {
    calls.push({
      name: "funnel",
      path: `/_edge/funnel/${accountId}/prmsg?from=${daysAgo(9)}&to=${daysAgo(7)}&groupBy=channel`,
      method: "GET",
    });
  }
  return calls;
}

/** The request of a call with some headers, on the proxy's test origin. */
export function requestOf(call: RouteCall, headers: HeadersInit = {}): Request {
  const all = new Headers(headers);
  if (call.contentType !== undefined) all.set("content-type", call.contentType);
  return new Request(`http://proxy.test${call.path}`, {
    method: call.method,
    headers: all,
    ...(call.body === undefined ? {} : { body: call.body }),
  });
}

/** Options of {@link signedRequest}. */
export interface SignOptions {
  /** The URL signed, when not the one called (another host, a tampered query). */
  signedUrl?: string;
  /** The clock of the signature. */
  now: number;
  nonce?: string;
}

/** A request signed with OAuth 1.0a keys for the proxy's URL (or `signedUrl`). */
export async function signedRequest(
  call: RouteCall,
  keys: OAuth1Credentials,
  options: SignOptions,
): Promise<Request> {
  const request = requestOf(call);
  const toSign = options.signedUrl === undefined
    ? request.clone()
    : new Request(options.signedUrl, request.clone());
  const header = await signOAuth1(toSign, keys, {
    now: options.now,
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  });
  request.headers.set("authorization", header);
  return request;
}

/** Calls the proxy with a prepared request. */
export async function send(h: Harness, request: Request): Promise<Response> {
  return await h.app.fetch(request, h.env);
}

/** A token from the proxy's Sentinel endpoint, as LivePerson's clients ask for one. */
export async function tokenResponse(
  h: Harness,
  accountId: string,
  form: Record<string, string>,
  query = "?v=1.0&grant_type=client_credentials",
): Promise<Response> {
  return await h.call(`/sentinel/api/account/${accountId}/app/token${query}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

/** A proxy token for the demo OAuth 2.0 tenant's account (or another account). */
export async function proxyToken(h: Harness, accountId = "10000001"): Promise<string> {
  const response = await tokenResponse(h, accountId, {
    client_id: OAUTH2_CLIENT.clientId,
    client_secret: OAUTH2_CLIENT.clientSecret,
  });
  const body = await response.json() as { access_token: string };
  expect(response.status).toBe(200);
  return body.access_token;
}
