import { describe, expect, it } from "vitest";
import { parseErrorBody } from "../../lib/model/error-body.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { DAY, NOW } from "./support.ts";

const today = Math.floor(NOW / DAY) * DAY;
const VA = "https://va.cx-reporting.liveperson.net/api/account/10000001/app/prmsg";
const LEGACY = "https://va.connect-to-messaging.liveperson.net/account/10000001/app/prmsg";
const AUTH = { authorization: "Bearer sandbox-le-bearer-10000001" };
const range = (from: number | string, to: number | string) =>
  `?attemptedStartTime=${from}&attemptedEndTime=${to}`;
const DAY_RANGE = range(today - DAY, today);

interface Case {
  name: string;
  url: string;
  init?: RequestInit;
  status: number;
}

const json = (body: string): RequestInit => ({
  method: "POST",
  headers: { ...AUTH, "content-type": "application/json" },
  body,
});

const CORPUS: Case[] = [
  { name: "root path", url: "https://va.cx-reporting.liveperson.net/", status: 404 },
  {
    name: "unknown operation",
    url: `${VA}/unknown/${DAY_RANGE}`,
    init: { headers: AUTH },
    status: 404,
  },
  {
    name: "extra path segment",
    url: `${VA}/transactions/extra${DAY_RANGE}`,
    init: { headers: AUTH },
    status: 404,
  },
  {
    name: "2.0 path on the current host",
    url:
      `https://va.cx-reporting.liveperson.net/account/10000001/app/prmsg/transactions/${DAY_RANGE}`,
    status: 404,
  },
  {
    name: "dot segments",
    url:
      `https://va.cx-reporting.liveperson.net/api/account/10000001/app/prmsg/../prmsg/transactions/x/${DAY_RANGE}`,
    status: 404,
  },
  {
    name: "unknown account",
    url:
      `https://va.cx-reporting.liveperson.net/api/account/99999999/app/prmsg/transactions/${DAY_RANGE}`,
    init: { headers: AUTH },
    status: 404,
  },
  {
    name: "unknown app",
    url:
      `https://va.cx-reporting.liveperson.net/api/account/10000001/app/xyz/transactions/${DAY_RANGE}`,
    init: { headers: AUTH },
    status: 400,
  },
  { name: "missing times", url: `${VA}/transactions/`, init: { headers: AUTH }, status: 400 },
  {
    name: "missing end",
    url: `${VA}/transactions/?attemptedStartTime=${today - DAY}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "non-numeric time",
    url: `${VA}/transactions/${range("yesterday", today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "negative time",
    url: `${VA}/transactions/${range(-5, today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "fractional time",
    url: `${VA}/transactions/${range(`${today - DAY}.5`, today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "overflowing time",
    url: `${VA}/transactions/${range("99999999999999999999", today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "swapped times",
    url: `${VA}/transactions/${range(today, today - DAY)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "empty window",
    url: `${VA}/transactions/${range(today, today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "transactions window over 24 h",
    url: `${VA}/transactions/${range(today - DAY - 1, today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "current analytics window over 60 days",
    url: `${VA}/analytics/${range(today - 61 * DAY, today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "2.0 analytics window over 24 h",
    url: `${LEGACY}/analytics/${range(today - 2 * DAY, today)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "start beyond 13-month retention",
    url: `${VA}/transactions/${range(today - 400 * DAY, today - 399 * DAY)}`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "negative offset",
    url: `${VA}/transactions/${DAY_RANGE}&offset=-1`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "zero limit",
    url: `${VA}/transactions/${DAY_RANGE}&limit=0`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "limit over 9999",
    url: `${VA}/transactions/${DAY_RANGE}&limit=10000`,
    init: { headers: AUTH },
    status: 400,
  },
  {
    name: "invalid JSON body",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: json("{channels:"),
    status: 400,
  },
  { name: "array body", url: `${VA}/transactions/${DAY_RANGE}`, init: json("[1,2]"), status: 400 },
  {
    name: "filter of the wrong type",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: json('{"channels":"sms"}'),
    status: 400,
  },
  {
    name: "unknown filter",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: json('{"colour":["red"]}'),
    status: 400,
  },
  {
    name: "analytics filter analytics does not have",
    url: `${VA}/analytics/${DAY_RANGE}`,
    init: json('{"filters":{"messagestatus":["READ"]}}'),
    status: 400,
  },
  {
    name: "deeply nested body",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: json(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
    status: 400,
  },
  {
    name: "oversize body",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: json(`{"skills":["${"x".repeat(1_100_000)}"]}`),
    status: 413,
  },
  { name: "no Authorization", url: `${VA}/transactions/${DAY_RANGE}`, status: 401 },
  {
    name: "empty bearer",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: { headers: { authorization: "Bearer " } },
    status: 401,
  },
  {
    name: "Basic scheme",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: { headers: { authorization: "Basic dXNlcjpwYXNz" } },
    status: 401,
  },
  {
    name: "garbage OAuth header",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: { headers: { authorization: 'OAuth oauth_signature="x' } },
    status: 401,
  },
  {
    name: "oversized Authorization",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: { headers: { authorization: `Bearer ${"a".repeat(16_000)}` } },
    status: 401,
  },
  {
    name: "malformed JWT",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: { headers: { authorization: "Bearer a.b.c" } },
    status: 401,
  },
  {
    name: "PUT on transactions",
    url: `${VA}/transactions/${DAY_RANGE}`,
    init: { method: "PUT", headers: AUTH, body: "{}" },
    status: 405,
  },
  {
    name: "DELETE on analytics",
    url: `${VA}/analytics/${DAY_RANGE}`,
    init: { method: "DELETE", headers: AUTH },
    status: 405,
  },
  {
    name: "Domain API without version",
    url: "https://api.liveperson.net/api/account/10000001/service/agentVep/baseURI.json",
    status: 400,
  },
  {
    name: "Domain API POST",
    url:
      "https://api.liveperson.net/api/account/10000001/service/agentVep/baseURI.json?version=1.0",
    init: { method: "POST" },
    status: 405,
  },
  {
    name: "token by GET",
    url:
      "https://va.sentinel.liveperson.net/sentinel/api/account/10000001/app/token?v=1.0&grant_type=client_credentials",
    status: 405,
  },
  {
    name: "token with a wrong grant",
    url:
      "https://va.sentinel.liveperson.net/sentinel/api/account/10000001/app/token?v=1.0&grant_type=password",
    init: { method: "POST", body: "client_id=a&client_secret=b" },
    status: 400,
  },
  {
    name: "campaign on c2m",
    url: "https://va.cx-reporting.liveperson.net/api/account/10000001/app/c2m/campaigns/202611261/",
    init: { headers: AUTH },
    status: 404,
  },
  {
    name: "campaign id out of range",
    url: `${VA}/campaigns/202613401/`,
    init: { headers: AUTH },
    status: 404,
  },
];

describe("sandbox malformed-request corpus", () => {
  const sandbox = createSandbox({
    now: () => NOW,
    volume: 20,
    rateLimit: Number.POSITIVE_INFINITY,
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))(
    "%s gets LivePerson's status and error body",
    async (_name, c) => {
      const response = await sandbox.fetch(c.url, c.init);
      expect(response.status).toBe(c.status);
      expect(response.headers.get("content-type")).toBe("application/json");
      const body = parseErrorBody(await response.json());
      expect(body.message.length).toBeGreaterThan(0);
      expect(body.requestTraceId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.message).not.toContain("sandbox-le-bearer");
    },
  );

  it("a valid request next to the corpus is answered 200", async () => {
    const response = await sandbox.fetch(`${VA}/transactions/${DAY_RANGE}`, { headers: AUTH });
    expect(response.status).toBe(200);
  });
});
