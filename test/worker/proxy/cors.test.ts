// CORS: preflights answered for listed origins with each route's methods, nothing for others.
import { describe, expect, it } from "vitest";
import { parseCorsOrigins } from "../../../worker/http/cors.ts";
import { DAY_MS, daysAgo, harness, OAUTH2, okJson, quietLogs, reportPath } from "./support.ts";

quietLogs();

const APP_ORIGIN = "http://127.0.0.1:5173";
const env = { CORS_ORIGINS: `${APP_ORIGIN}, https://dashboard.example.com` };

function preflight(origin: string, method = "GET"): RequestInit {
  return {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "x-api-key, content-type",
    },
  };
}

const ROUTES: [string, string, string][] = [
  [
    reportPath("current", OAUTH2.accountId, "analytics", daysAgo(3), daysAgo(2)),
    "POST",
    "GET, POST",
  ],
  [reportPath("2.0", OAUTH2.accountId, "transactions", daysAgo(3), daysAgo(2)), "GET", "GET, POST"],
  [`/api/account/${OAUTH2.accountId}/app/prmsg/campaigns/1/analytics/`, "GET", "GET"],
  [`/sentinel/api/account/${OAUTH2.accountId}/app/token?v=1.0`, "POST", "POST"],
  [`/api/account/${OAUTH2.accountId}/service/sentinel/baseURI.json?version=1.0`, "GET", "GET"],
  ["/_edge/health", "GET", "GET"],
  [`/_edge/funnel/${OAUTH2.accountId}/prmsg?from=1&to=2`, "GET", "GET"],
];

describe("CORS", () => {
  it("createApp() answers a listed origin's preflight of every route with the route's methods", async () => {
    const h = harness({ env });
    for (const [path, method, allowed] of ROUTES) {
      const response = await h.call(path, preflight(APP_ORIGIN, method));
      expect(response.status, path).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(response.headers.get("access-control-allow-methods")).toBe(allowed);
      expect(response.headers.get("access-control-allow-headers")).toBe(
        "authorization, content-type, x-api-key",
      );
      expect(response.headers.get("vary")).toMatch(/Origin/);
      expect(await response.text()).toBe("");
    }
    expect(h.upstream).toEqual([]);
  });

  it("createApp() gives other origins, unknown paths and unset CORS_ORIGINS no CORS headers", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [env, "https://evil.example", ROUTES[0]![0]],
      [env, `${APP_ORIGIN}/`, ROUTES[0]![0]],
      [env, APP_ORIGIN, "/api/account/1/nowhere"],
      [{}, APP_ORIGIN, ROUTES[0]![0]],
    ];
    for (const [vars, origin, path] of cases) {
      const h = harness({ env: vars });
      const response = await h.call(path, preflight(origin));
      expect(response.status).toBeGreaterThanOrEqual(404);
      for (const [name] of response.headers) expect(name).not.toMatch(/^access-control-/);
    }
  });

  it("createApp() adds Allow-Origin to a listed origin's answers and never reflects a key", async () => {
    const h = harness({ env });
    const from = daysAgo(8);
    const path = reportPath("current", OAUTH2.accountId, "analytics", from, from + DAY_MS);
    const response = await h.call(path, {
      headers: { origin: APP_ORIGIN, "x-api-key": OAUTH2.key },
    });
    await okJson(response);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(response.headers.get("access-control-expose-headers")).toMatch(/x-request-trace-id/);
    for (const [, value] of response.headers) expect(value).not.toContain(OAUTH2.key);
    const refused = await h.call(path, {
      headers: { origin: APP_ORIGIN, "x-api-key": "demo-key-1" },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    for (const [, value] of refused.headers) expect(value).not.toContain("demo-key-1");
  });
});

describe("parseCorsOrigins()", () => {
  it("parseCorsOrigins() reads origins separated by commas or spaces, and is empty by default", () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins("")).toEqual([]);
    expect(parseCorsOrigins("https://a.example, http://127.0.0.1:9000 https://b.example/")).toEqual(
      [
        "https://a.example",
        "http://127.0.0.1:9000",
        "https://b.example",
      ],
    );
  });

  it("parseCorsOrigins() refuses wildcards, paths and other schemes", () => {
    for (
      const raw of [
        "*",
        "https://a.example/app",
        "ftp://a.example",
        "a.example",
        "https://*.example",
      ]
    ) {
      expect(() => parseCorsOrigins(raw), raw).toThrow(/CORS_ORIGINS holds an entry/);
    }
  });
});
