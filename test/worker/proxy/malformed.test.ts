// A corpus of malformed requests: each gets a 4xx in LivePerson's error shape, never a 5xx, and
// those the proxy can reject itself never reach the upstream.
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  daysAgo,
  expectLpError,
  harness,
  keyed,
  OAUTH2,
  PASSTHROUGH,
  passthrough,
  quietLogs,
  T0,
} from "./support.ts";

quietLogs();

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  status: number;
}

const A = `/api/account/${OAUTH2.accountId}/app/prmsg`;
const L = `/account/${OAUTH2.accountId}/app/prmsg`;
const FROM = daysAgo(5);
const TO = FROM + DAY_MS;
const OK = `attemptedStartTime=${FROM}&attemptedEndTime=${TO}`;
const HEADERS = keyed(OAUTH2.key);

const win = (from: string | number, to: string | number): string =>
  `attemptedStartTime=${from}&attemptedEndTime=${to}`;

function timeCases(): Case[] {
  const bad: [string, string][] = [
    ["missing both times", ""],
    ["missing the end", `attemptedStartTime=${FROM}`],
    ["missing the start", `attemptedEndTime=${TO}`],
    ["empty times", win("", "")],
    ["letters", win("abc", TO)],
    ["a fractional start", win(`${FROM}.5`, TO)],
    ["an exponent", win("1.7e12", TO)],
    ["a negative start", win(-1, TO)],
    ["a negative end", win(FROM, -TO)],
    ["a hex start", win("0x1A", TO)],
    ["a padded start", win(`%20${FROM}`, TO)],
    ["a plus sign", win(`%2B${FROM}`, TO)],
    ["swapped times", win(TO, FROM)],
    ["equal times", win(FROM, FROM)],
    ["an overflowing start", win("99999999999999999999999", TO)],
    ["an overflowing end", win(FROM, "9".repeat(400))],
    ["beyond year 9999", win(FROM, "253402300800000")],
    ["Infinity", win("Infinity", TO)],
    ["NaN", win(FROM, "NaN")],
    ["a start beyond the retention", win(T0 - 400 * DAY_MS, T0 - 399 * DAY_MS)],
    ["epoch zero", win(0, DAY_MS)],
    ["seconds instead of ms", win(Math.floor(FROM / 1000), Math.floor(TO / 1000))],
  ];
  return [
    ...["analytics", "transactions"].flatMap((op) =>
      bad.map(([name, query]) => ({
        name: `${op}: ${name}`,
        path: `${A}/${op}/?${query}`,
        status: 400,
      }))
    ),
    {
      name: "transactions over 24 h",
      path: `${A}/transactions/?${win(FROM, TO + 1)}`,
      status: 400,
    },
    {
      name: "2.0 transactions over 24 h",
      path: `${L}/transactions/?${win(FROM - DAY_MS, TO)}`,
      status: 400,
    },
    {
      name: "current analytics over 60 days",
      path: `${A}/analytics/?${win(FROM - 60 * DAY_MS, TO)}`,
      status: 400,
    },
    {
      name: "2.0 analytics over 24 h",
      path: `${L}/analytics/?${win(FROM, TO + 1)}`,
      status: 400,
    },
  ];
}

function bodyCases(): Case[] {
  const post = (name: string, op: string, body: BodyInit, status = 400): Case => ({
    name,
    path: `${A}/${op}/?${OK}`,
    init: { method: "POST", body, headers: { ...HEADERS, "content-type": "application/json" } },
    status,
  });
  return [
    post("truncated JSON", "analytics", '{"filters": {"channels": ["sms"]'),
    post("not JSON", "transactions", "channels=sms"),
    post("a bare word", "analytics", "nul"),
    post("a JSON array", "analytics", "[1, 2]"),
    post("a JSON string", "transactions", '"sms"'),
    post("a JSON number", "transactions", "42"),
    post("filters not an object", "analytics", '{"filters": 5}'),
    post("channels not a list", "analytics", '{"filters": {"channels": "sms"}}'),
    post("channels of numbers", "transactions", '{"channels": [1, 2]}'),
    post("skills of objects", "transactions", '{"skills": [{}]}'),
    post("a source filter", "transactions", '{"source": ["API"]}'),
    post("deep nesting", "analytics", `${"[".repeat(20_000)}${"]".repeat(20_000)}`),
    post("unterminated nesting", "transactions", "{".repeat(30_000)),
    post("invalid UTF-8", "analytics", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
    post("a body over MAX_BODY_BYTES", "analytics", `{"x":"${"a".repeat(70_000)}"}`, 413),
    post(
      "a streamed body over MAX_BODY_BYTES",
      "transactions",
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(8_192).fill(0x20));
          controller.close();
        },
      }),
      413,
    ),
  ];
}

function routeCases(): Case[] {
  const get = (name: string, path: string, status: number, method = "GET"): Case => ({
    name,
    path,
    init: { method, headers: HEADERS },
    status,
  });
  return [
    get("the root", "/", 404),
    get("/api", "/api", 404),
    get("an app without an operation", `${A}/`, 404),
    get("an unknown operation", `${A}/users/?${OK}`, 404),
    get("an extra segment", `${A}/analytics/extra?${OK}`, 404),
    get("an empty campaign id", `${A}/campaigns/?${OK}`, 404),
    get("an unknown edge route", "/_edge/nope", 404),
    get("a favicon", "/favicon.ico", 404),
    get("a bad percent-encoding", `/api/account/%E0%A4%A/app/prmsg/analytics/?${OK}`, 403),
    get("a lone surrogate", `/api/account/%ED%A0%80/app/prmsg/analytics/?${OK}`, 403),
    get("PUT analytics", `${A}/analytics/?${OK}`, 405, "PUT"),
    get("DELETE transactions", `${A}/transactions/?${OK}`, 405, "DELETE"),
    get("PATCH 2.0 analytics", `${L}/analytics?${OK}`, 405, "PATCH"),
    get("POST a campaign report", `${A}/campaigns/202610101/`, 405, "POST"),
    get("PUT campaign analytics", `${L}/campaigns/202610101/analytics`, 405, "PUT"),
    get("an offset of -1", `${A}/transactions/?${OK}&offset=-1`, 400),
    get("an offset of letters", `${A}/transactions/?${OK}&offset=abc`, 400),
    get("a fractional offset", `${A}/transactions/?${OK}&offset=1.5`, 400),
    get("an overflowing offset", `${A}/transactions/?${OK}&offset=99999999999999`, 400),
    get("a limit of 0", `${A}/transactions/?${OK}&limit=0`, 400),
    get("a limit of 10000", `${A}/transactions/?${OK}&limit=10000`, 400),
    get("a negative limit", `${A}/transactions/?${OK}&limit=-5`, 400),
    get("an empty limit", `${A}/transactions/?${OK}&limit=`, 400),
    get("a campaign offset of letters", `${A}/campaigns/202610101/?offset=x`, 400),
    get("an unknown app", `/api/account/${OAUTH2.accountId}/app/foo/analytics/?${OK}`, 400),
    get("an upper-case app", `/api/account/${OAUTH2.accountId}/app/PRMSG/transactions/?${OK}`, 400),
    get("an empty app", `/api/account/${OAUTH2.accountId}/app//analytics/?${OK}`, 404),
    get("a source query filter", `${A}/transactions/?${OK}&source=API`, 400),
    get("a funnel without times", `/_edge/funnel/${OAUTH2.accountId}/prmsg`, 400),
    get(
      "a funnel with an unknown dimension",
      `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${FROM}&to=${TO}&groupBy=color`,
      400,
    ),
    get(
      "a funnel with swapped times",
      `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${TO + DAY_MS}&to=${FROM}`,
      400,
    ),
    get(
      "a funnel beyond the retention",
      `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${T0 - 500 * DAY_MS}&to=${FROM}`,
      400,
    ),
    get(
      "a funnel grouped by two transaction dimensions",
      `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${FROM}&to=${TO}&groupBy=campaign,handoff`,
      400,
    ),
    get("a POST to the health route", "/_edge/health", 405, "POST"),
    get(
      "a funnel of an unknown app",
      `/_edge/funnel/${OAUTH2.accountId}/x?from=${FROM}&to=${TO}`,
      400,
    ),
  ];
}

function accountCases(): Case[] {
  const ids = [
    "abc",
    "-1",
    "1e7",
    "0",
    "",
    " ",
    "%00",
    "%0D%0Aset-cookie:x",
    "9".repeat(300),
    "%F0%9F%98%80",
    "..",
    "%2E%2E",
    "10000001%2F",
    "null",
    "undefined",
    "10000001.0",
    "__proto__",
    "constructor",
  ];
  return ids.flatMap((id) => [
    {
      name: `account ${JSON.stringify(id)} (current)`,
      path: `/api/account/${id}/app/prmsg/analytics/?${OK}`,
      init: { headers: HEADERS },
      status: -1,
    },
    {
      name: `account ${JSON.stringify(id)} (2.0)`,
      path: `/account/${id}/app/prmsg/transactions?${OK}`,
      init: { headers: HEADERS },
      status: -1,
    },
  ]);
}

describe("malformed requests", () => {
  const groups: [string, () => Case[]][] = [
    ["times and windows", timeCases],
    ["bodies", bodyCases],
    ["routes, methods and parameters", routeCases],
    ["account ids", accountCases],
  ];
  for (const [group, cases] of groups) {
    it(`createApp() answers every malformed request (${group}) with a 4xx in LivePerson's shape and no upstream call`, async () => {
      const h = harness();
      const seen = new Set<string>();
      for (const c of cases()) {
        const init: RequestInit = { headers: HEADERS, ...c.init };
        const response = await h.call(c.path, init);
        expect(response.status, c.name).toBeGreaterThanOrEqual(400);
        expect(response.status, c.name).toBeLessThan(500);
        if (c.status !== -1) expect(response.status, c.name).toBe(c.status);
        const body = await expectLpError(response);
        expect(body.message.length, c.name).toBeGreaterThan(0);
        expect(seen.has(body.requestTraceId), c.name).toBe(false);
        seen.add(body.requestTraceId);
        if (response.status === 405) expect(response.headers.get("allow"), c.name).toMatch(/GET/);
      }
      expect(h.upstream.map((r) => r.url.href)).toEqual([]);
    });
  }

  it("createApp() answers 413 over a configured MAX_BODY_BYTES, and accepts the same body under it", async () => {
    const h = harness({ env: { MAX_BODY_BYTES: "100" } });
    const body = JSON.stringify({ filters: { channels: ["sms"], skills: ["a".repeat(120)] } });
    const path = `${A}/analytics/?${OK}`;
    const init = { method: "POST", headers: HEADERS, body };
    await expectLpError(await h.call(path, init), 413);
    expect(h.upstream).toEqual([]);
    const roomy = harness({ env: { MAX_BODY_BYTES: "1000" } });
    expect((await roomy.call(path, init)).status).toBe(200);
  });

  it("createApp() answers 413 from a declared Content-Length before reading the body", async () => {
    const h = harness();
    const response = await h.call(`${A}/analytics/?${OK}`, {
      method: "POST",
      headers: { ...HEADERS, "content-length": "10000000" },
      body: "{}",
    });
    await expectLpError(response, 413);
    expect(h.upstream).toEqual([]);
  });

  it("createApp() answers a malformed request of a pass-through caller without forwarding its credential", async () => {
    const h = harness();
    for (
      const path of [
        `/api/account/${PASSTHROUGH.accountId}/app/prmsg/analytics/?${win(TO, FROM)}`,
        `/api/account/${PASSTHROUGH.accountId}/app/prmsg/transactions/?${OK}&limit=0`,
      ]
    ) {
      await expectLpError(await h.call(path, { headers: passthrough() }), 400);
    }
    expect(h.upstream).toEqual([]);
  });

  it("createApp() answers random garbage paths and queries with a 4xx, never a 5xx", async () => {
    const h = harness();
    let seed = 7;
    let sent = 0;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = "/%.?&=;:,@!$'()*+-_~[]{}|\\^`\"<> 0123456789abcdefAPIapi\u00e9\u{1F600}";
    const pick = (n: number): string =>
      Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    for (let i = 0; i < 150; i++) {
      const prefix = [A, L, "/api/account/", "/_edge/funnel/10000001/prmsg", ""][i % 5]!;
      const path = `${prefix}/${pick(1 + Math.floor(random() * 30))}`;
      let request: Request;
      try {
        request = new Request(`http://proxy.test${path.startsWith("/") ? path : `/${path}`}`);
      } catch {
        continue;
      }
      const response = await h.call(request.url.slice("http://proxy.test".length), {
        method: ["GET", "POST", "PUT"][i % 3]!,
        headers: HEADERS,
      });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      await expectLpError(response);
      sent += 1;
    }
    expect(sent).toBeGreaterThan(100);
    expect(h.upstream).toEqual([]);
  });
});
