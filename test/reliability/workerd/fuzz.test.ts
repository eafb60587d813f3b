// Issue 5 item 1: property-based fuzzing of the Worker inside workerd. Generated requests
// (paths in both dialects and mangled, /_edge routes, the Sentinel token endpoint and the Domain
// API, OAuth 1.0a and JWT-shaped credentials, methods, query strings, headers, bodies)
// must never get a 5xx, every error must come in LivePerson's shape with the trace id of its
// header, and no answer, header or log line may carry a secret (issue 5 item 5).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import {
  ACCOUNTS,
  brief,
  captureLogs,
  DAY_MS,
  DEMO_KEYS,
  type LogCapture,
  logProblems,
  MAX_BODY_BYTES,
  reliabilityLine,
  responseProblem,
  type Rig,
  rig,
  scanKv,
  T0,
  TODAY,
} from "./support.ts";

/** One generated request, compact enough to print; large parts are described, then built. */
interface RequestSpec {
  method: string;
  path: string;
  query: QuerySpec;
  headers: [string, string][];
  body: BodySpec | null;
}

type QuerySpec =
  | { kind: "pairs"; pairs: [string, string][] }
  | { kind: "raw"; text: string }
  | { kind: "huge"; name: string; length: number };

type BodySpec =
  | { kind: "text"; text: string }
  | { kind: "nested"; depth: number; wrap: boolean; open: "[" | "{" }
  | { kind: "padded"; json: string; bytes: number }
  | { kind: "huge-array"; bytes: number };

const ORIGIN = "http://proxy.test";
const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Building requests from specs

function bodyText(spec: BodySpec): string {
  switch (spec.kind) {
    case "text":
      return spec.text;
    case "nested": {
      const inner = spec.open === "["
        ? "[".repeat(spec.depth) + "]".repeat(spec.depth)
        : '{"a":'.repeat(spec.depth) + "1" + "}".repeat(spec.depth);
      return spec.wrap ? `{"filters":{"channels":${inner}}}` : inner;
    }
    case "padded":
      // Valid JSON, padded with whitespace to exactly `bytes` (or left as it is when longer).
      return spec.json + " ".repeat(Math.max(0, spec.bytes - spec.json.length));
    case "huge-array": {
      const items = Math.max(1, Math.floor((spec.bytes - 2) / 2));
      return "[" + "1,".repeat(items - 1) + "1]";
    }
  }
}

function queryText(spec: QuerySpec): string {
  switch (spec.kind) {
    case "pairs":
      return spec.pairs.length === 0 ? "" : "?" + new URLSearchParams(spec.pairs).toString();
    case "raw":
      return spec.text === "" ? "" : "?" + spec.text;
    case "huge":
      return `?attemptedStartTime=${TODAY - 3 * DAY_MS}&attemptedEndTime=${TODAY - 2 * DAY_MS}&${
        encodeURIComponent(spec.name)
      }=${"9".repeat(spec.length)}`;
  }
}

function build(spec: RequestSpec): Request {
  const headers = new Headers();
  for (const [name, value] of spec.headers) headers.append(name, value);
  const init: RequestInit = { method: spec.method, headers };
  if (spec.body !== null) init.body = bodyText(spec.body);
  return new Request(ORIGIN + spec.path + queryText(spec.query), init);
}

// ---------------------------------------------------------------------------------------------
// Generators

const KEYS = Object.values(DEMO_KEYS);
const BEARERS = DEMO_TENANTS.map((t) => t.bearer);
const ascii = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: "grapheme-ascii", maxLength });
/** Printable ASCII a header value may hold (no control characters). */
const headerValue = (maxLength: number): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${maxLength}}$`));
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);

/** The methods workerd's Request accepts (any case; it refuses CONNECT and unknown tokens). */
const OTHER_METHODS = [
  "PURGE",
  "TRACE",
  "COPY",
  "LOCK",
  "MKCOL",
  "MOVE",
  "PROPFIND",
  "PROPPATCH",
  "SEARCH",
  "UNLOCK",
  "ACL",
  "REPORT",
  "MKACTIVITY",
  "CHECKOUT",
  "MERGE",
  "MSEARCH",
  "NOTIFY",
  "SUBSCRIBE",
  "UNSUBSCRIBE",
  "QUERY",
];
const methods: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom("GET", "POST") },
  { weight: 3, arbitrary: fc.constantFrom("HEAD", "PUT", "DELETE", "PATCH", "OPTIONS") },
  { weight: 1, arbitrary: fc.mixedCase(fc.constantFrom("get", "post", "head", "patch")) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
);

/** Day boundaries and instants around the fixed clock, a few days back (cheap, cacheable). */
const dayStart = fc.integer({ min: 1, max: 10 }).map((n) => TODAY - n * DAY_MS);

/** A time value as the query carries it: valid, or broken in every way we could think of. */
const timeValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: dayStart.map(String) },
  {
    weight: 2,
    arbitrary: fc.tuple(dayStart, fc.integer({ min: 0, max: 47 })).map(([d, h]) =>
      String(d + h * HOUR_MS)
    ),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "",
      "-1",
      "-86400000",
      "0",
      "1.5",
      `${TODAY - DAY_MS}.5`,
      "1e12",
      "1e400",
      "abc",
      "NaN",
      "Infinity",
      "-Infinity",
      "0x10",
      " 1760000000000",
      "+1760000000000",
      "99999999999999999999",
      "9007199254740993",
      "8640000000000001",
      "253402300800000",
      "2026-10-10",
      "2026-10-10T00:00:00Z",
      String(T0 + 400 * DAY_MS),
      String(Date.UTC(2025, 0, 1)),
      "１７６０００００００００００",
    ),
  },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: ascii(20) },
);

const windowPairs: fc.Arbitrary<[string, string][]> = fc.oneof(
  // Valid windows: within a day (transactions, 2.0 analytics) or longer (current analytics).
  {
    weight: 4,
    arbitrary: fc.tuple(dayStart, fc.constantFrom(1, 2, 6, 24), fc.integer({ min: 0, max: 23 }))
      .map(([d, hours, shift]): [string, string][] => [
        ["attemptedStartTime", String(d + shift * HOUR_MS)],
        ["attemptedEndTime", String(d + shift * HOUR_MS + hours * HOUR_MS)],
      ]),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(dayStart, fc.constantFrom(1, 2, 7, 30, 60, 61)).map((
      [d, days],
    ): [string, string][] => [
      ["attemptedStartTime", String(d - (days - 1) * DAY_MS)],
      ["attemptedEndTime", String(d + DAY_MS)],
    ]),
  },
  // Swapped, equal, missing, repeated, arbitrary.
  {
    weight: 1,
    arbitrary: dayStart.map((d): [string, string][] => [
      ["attemptedStartTime", String(d + DAY_MS)],
      ["attemptedEndTime", String(d)],
    ]),
  },
  {
    weight: 1,
    arbitrary: dayStart.map((d): [string, string][] => [
      ["attemptedStartTime", String(d)],
      ["attemptedEndTime", String(d)],
    ]),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(timeValue, fc.boolean()).map(([v, start]): [string, string][] => [
      [start ? "attemptedStartTime" : "attemptedEndTime", v],
    ]),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(timeValue, timeValue, timeValue).map(([a, b, c]): [string, string][] => [
      ["attemptedStartTime", a],
      ["attemptedEndTime", b],
      ["attemptedStartTime", c],
    ]),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(timeValue, timeValue).map(([a, b]): [string, string][] => [
      ["attemptedStartTime", a],
      ["attemptedEndTime", b],
    ]),
  },
);

const pageValue = fc.oneof(
  fc.constantFrom("0", "1", "2", "10", "999", "9999", "10000", "-1", "1.5", "abc", "", "1e3"),
  fc.constantFrom("99999999999", "1000000000", "1000000001", "00001", " 5"),
  fc.integer().map(String),
);

/** Filter values, including the separators of cache keys and of the wire. */
const filterValue = fc.oneof(
  fc.constantFrom("sms", "SMS", "wa", "WhatsApp", "inapp", "INAPP", "rcs", "", ",", ",,sms,"),
  fc.constantFrom(
    "a|b",
    "x;y=z",
    "skill-1",
    "DELIVERED",
    "failed",
    "%",
    "__proto__",
    "constructor",
  ),
  ascii(30),
);

const extraPairs: fc.Arbitrary<[string, string][]> = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom("offset", "limit"), pageValue),
    fc.tuple(
      fc.constantFrom("channels", "skills", "messagestatus", "handoffids", "source", "groupBy"),
      filterValue,
    ),
    fc.tuple(ascii(12), ascii(30)),
  ),
  { maxLength: 6 },
);

const querySpec: fc.Arbitrary<QuerySpec> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.tuple(windowPairs, extraPairs).map(([w, e]): QuerySpec => ({
      kind: "pairs",
      pairs: [...w, ...e],
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<QuerySpec>(
      { kind: "raw", text: "attemptedStartTime=%ZZ&attemptedEndTime=%" },
      { kind: "raw", text: "attemptedStartTime=%E0%A4%A&attemptedEndTime=%C0%AF" },
      { kind: "raw", text: "&&&==&attemptedStartTime&attemptedEndTime=" },
      { kind: "raw", text: "attemptedStartTime[]=1&attemptedEndTime[0]=2" },
      { kind: "raw", text: "%00=%00&channels=%00" },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom("x", "channels", "skills", "offset", "attemptedEndTime"),
      fc.constantFrom(2_000, 20_000, 100_000),
    ).map(([name, length]): QuerySpec => ({ kind: "huge", name, length })),
  },
  { weight: 1, arbitrary: ascii(60).map((text): QuerySpec => ({ kind: "raw", text })) },
);

/** An account segment: mostly `account`, else another account, a trick on it, or garbage. */
function accountSegment(account: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(account) },
    { weight: 2, arbitrary: fc.constantFrom(...ACCOUNTS) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        `0${account}`,
        `${account}.`,
        `${account}%2E`,
        account.replace(/\d/g, (d) => `%3${d}`),
        `${account}%2F..%2F${ACCOUNTS[0]}`,
        `${account}%20`,
        `+${account}`,
        account.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
        `${account}0`,
        `${account};x=1`,
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("", ".", "..", "%2e%2e", "-1", "1e7", "99999999", "__proto__"),
    },
    { weight: 1, arbitrary: fc.webSegment() },
  );
}

/** The rightful credentials of the demo account at `index` (DEMO_TENANTS order). */
function rightfulAuth(index: number): fc.Arbitrary<[string, string][]> {
  const tenant = DEMO_TENANTS[index]!;
  const key = DEMO_KEYS[tenant.accountId]!;
  if (tenant.accountId === "30000003") {
    return fc.constant([["x-api-key", key], ["authorization", `Bearer ${tenant.bearer}`]]);
  }
  return fc.constantFrom<[string, string][]>([["x-api-key", key]], [[
    "authorization",
    `Bearer ${key}`,
  ]]);
}

const mangledPath = (account: string): fc.Arbitrary<string> =>
  fc.tuple(
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom("/api", "") },
      { weight: 1, arbitrary: fc.constantFrom("/API", "/Api", "//api", "/api/api", "/v2/api") },
    ),
    fc.oneof(
      { weight: 10, arbitrary: fc.constant("account") },
      { weight: 1, arbitrary: fc.constantFrom("ACCOUNT", "accounts", "Account", "") },
    ),
    accountSegment(account),
    fc.oneof(
      { weight: 10, arbitrary: fc.constant("app") },
      { weight: 1, arbitrary: fc.constantFrom("APP", "apps", "") },
    ),
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom("prmsg", "c2m") },
      { weight: 1, arbitrary: fc.constantFrom("PRMSG", "token", "", "%70rmsg", "c2m.") },
      { weight: 1, arbitrary: fc.webSegment() },
    ),
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom("analytics", "transactions") },
      {
        weight: 3,
        arbitrary: fc.tuple(
          fc.oneof(fc.constantFrom("1", "cmp-1", "%2F", ".."), fc.webSegment()),
          fc.boolean(),
        )
          .map(([id, analytics]) => `campaigns/${id}${analytics ? "/analytics" : ""}`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "ANALYTICS",
          "analytics/extra",
          "transactions%2F",
          "campaigns",
          "",
        ),
      },
      { weight: 1, arbitrary: fc.webSegment() },
    ),
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom("", "/") },
      {
        weight: 1,
        arbitrary: fc.constantFrom("//", "/.", "/..", "%2F", "/%2e", ";", "/index.html"),
      },
    ),
  ).map(([prefix, account, id, app, appId, op, tail]) =>
    `${prefix}/${account}/${id}/${app}/${appId}/${op}${tail}`
  );

/** Routed reporting paths (tricks in the account and app only), and mangled ones. */
const reportingPath = (account: string): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.constantFrom("/api", ""),
        accountSegment(account),
        fc.oneof(
          { weight: 12, arbitrary: fc.constantFrom("prmsg", "c2m") },
          { weight: 1, arbitrary: fc.constantFrom("PRMSG", "token", "%70rmsg", "c2m.", "x") },
        ),
        fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom("analytics", "transactions") },
          {
            weight: 1,
            arbitrary: fc.constantFrom("campaigns/1", "campaigns/cmp-1/analytics", "campaigns/%2F"),
          },
        ),
        fc.constantFrom("", "/"),
      ).map(([prefix, id, app, op, tail]) => `${prefix}/account/${id}/app/${app}/${op}${tail}`),
    },
    { weight: 1, arbitrary: mangledPath(account) },
  );

/** OAuth 1.0a keys the demo tenants hold upstream, and near misses: what the verifier reads. */
const oauthValue = fc.oneof(
  fc.constantFrom(
    ...DEMO_TENANTS.flatMap((t) => [t.oauth1.consumerKey, t.oauth1.token]),
    "HMAC-SHA1",
    "PLAINTEXT",
    "1.0",
    String(Math.floor(T0 / 1000)),
    String(Math.floor(T0 / 1000) - 400),
    "tR3+Ty81lMeYAr/Fid0kMTYa/WM=",
    "%ZZ",
    "",
  ),
  ascii(30),
);

/** `Authorization: OAuth …` headers: every required parameter or some, well or badly formed. */
const oauthHeader: fc.Arbitrary<string> = fc.tuple(
  fc.subarray([
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_signature",
    "oauth_version",
    "realm",
  ], { minLength: 0 }),
  fc.array(oauthValue, { minLength: 8, maxLength: 8 }),
  fc.constantFrom("OAuth ", "oauth ", "OAuth", "OAuth  "),
  fc.constantFrom(", ", ",", " , "),
).map(([names, values, scheme, separator]) =>
  scheme +
  names.map((name, i) => `${name}="${encodeURIComponent(values[i] ?? "")}"`).join(separator)
);

const base64url = (text: string): string =>
  btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Bearer credentials in JWT form (read as proxy tokens): forged, unsigned, garbled. */
const jwtBearer: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom('{"alg":"HS256","typ":"JWT"}', '{"alg":"none"}', '{"alg":"RS256"}', "{}", "[]"),
  fc.oneof(
    fc.record({
      iss: fc.constantFrom("lp-reporting-edge", "Sentinel"),
      sub: fc.constantFrom("demo-oauth2", "demo-oauth1", "demo-passthrough", "x"),
      aud: fc.constantFrom(...ACCOUNTS.map((a) => `le${a}`), "le", "10000001"),
      exp: fc.constantFrom(Math.floor(T0 / 1000) + 60, Math.floor(T0 / 1000) - 60, 1e20),
    }).map((claims) => JSON.stringify(claims)),
    ascii(40),
  ),
  fc.stringMatching(/^[A-Za-z0-9_-]{0,43}$/),
).map(([header, payload, signature]) =>
  `Bearer ${base64url(header)}.${base64url(payload)}.${signature}`
);

/** Authentication headers: right, wrong, other account's, duplicated, oversized, malformed. */
const authHeaders: fc.Arbitrary<[string, string][]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<[string, string][]>([]) },
  { weight: 3, arbitrary: oauthHeader.map((h): [string, string][] => [["authorization", h]]) },
  { weight: 2, arbitrary: jwtBearer.map((b): [string, string][] => [["authorization", b]]) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(...KEYS).map((k): [string, string][] => [[
      "authorization",
      `Bearer ${k}`,
    ]]),
  },
  {
    weight: 6,
    arbitrary: fc.constantFrom(...KEYS).map((k): [string, string][] => [["x-api-key", k]]),
  },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...BEARERS)).map((
      [k, b],
    ): [string, string][] => [["x-api-key", k], ["authorization", `Bearer ${b}`]]),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom("x-api-key", "authorization"), fc.constantFrom(...KEYS))
      .map(([name, k]): [string, string][] => {
        const value = name === "authorization" ? `Bearer ${k}` : k;
        return [[name, value], [name, value]];
      }),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.constantFrom("authorization", "x-api-key"),
      fc.constantFrom(513, 8_193, 20_000, 70_000),
      fc.constantFrom("a", "demo-key-10000001", "="),
    ).map(([name, length, unit]): [string, string][] => [[
      name,
      (name === "authorization" ? "Bearer " : "") + unit.repeat(Math.ceil(length / unit.length)),
    ]]),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<[string, string][]>(
      [["authorization", "Bearer"]],
      [["authorization", "Bearer "]],
      [["authorization", "bearer demo-key-10000001"]],
      [["authorization", "BEARER  demo-key-20000002"]],
      [["authorization", "Bearer demo-key-10000001 demo-key-20000002"]],
      [["authorization", "Bearer demo-key-10000001,demo-key-20000002"]],
      [["authorization", "Basic ZGVtby1rZXktMTAwMDAwMDE6"]],
      [["authorization", 'OAuth oauth_consumer_key="sandbox-app-key-20000002"']],
      [["x-api-key", ""]],
      [["x-api-key", "demo-key-10000001 "]],
      [["x-api-key", "DEMO-KEY-10000001"]],
      [["x-api-key", "demo-key-30000003"], ["authorization", "Bearer demo-key-30000003"]],
      [["x-api-key", "demo-key-30000003"]],
    ),
  },
  { weight: 2, arbitrary: headerValue(80).map((v): [string, string][] => [["x-api-key", v]]) },
  {
    weight: 1,
    arbitrary: headerValue(80).map((v): [string, string][] => [["authorization", v]]),
  },
);

const extraHeaders: fc.Arbitrary<[string, string][]> = fc.array(
  fc.oneof(
    fc.tuple(
      fc.constant("content-type"),
      fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", ""),
    ),
    fc.tuple(
      fc.constant("content-length"),
      fc.constantFrom("abc", "-1", "0", "3", "99999999", "1e9"),
    ),
    fc.tuple(
      fc.constantFrom("accept", "cookie", "x-forwarded-for", "cf-connecting-ip"),
      headerValue(40),
    ),
    fc.tuple(token, headerValue(40)),
  ),
  { maxLength: 3 },
);

const bodySpec: fc.Arbitrary<BodySpec> = fc.oneof(
  // Invalid JSON.
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom(
        "{",
        "[",
        '{"filters":',
        "nul",
        "{'a':1}",
        "\u0000",
        "{}}",
        "[1,]",
        "\ufeff{}",
      ),
      fc.constant('{"__proto__":{"polluted":true},"filters":{"__proto__":[]}}'),
      ascii(40),
    ).map((text): BodySpec => ({ kind: "text", text })),
  },
  // Deep nesting, alone or inside a filter.
  {
    weight: 2,
    arbitrary: fc.record({
      depth: fc.constantFrom(10, 100, 1_000, 5_000, 20_000),
      wrap: fc.boolean(),
      open: fc.constantFrom<"[" | "{">("[", "{"),
    }).map((r): BodySpec => ({ kind: "nested", ...r })),
  },
  // Wrong types and random JSON.
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom(
        5,
        "str",
        [],
        [1],
        true,
        null,
        { filters: 5 },
        { filters: null },
        { filters: [] },
        { filters: { channels: "sms" } },
        { filters: { channels: [1, 2] } },
        { filters: { skills: {} } },
        { filters: { channels: [null] } },
        { channels: 7, skills: "x" },
        { messagestatus: [{}], handoffids: [[]] },
        { source: ["x"] },
      ),
      fc.jsonValue({ maxDepth: 4 }),
    ).map((value): BodySpec => ({ kind: "text", text: JSON.stringify(value) ?? "null" })),
  },
  // Valid filters, with separators in the values.
  {
    weight: 3,
    arbitrary: fc.record({
      channels: fc.array(filterValue, { maxLength: 3 }),
      skills: fc.array(filterValue, { maxLength: 3 }),
      wrapped: fc.boolean(),
    }).map(({ channels, skills, wrapped }): BodySpec => ({
      kind: "text",
      text: JSON.stringify(wrapped ? { filters: { channels, skills } } : { channels, skills }),
    })),
  },
  // At and over MAX_BODY_BYTES.
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      MAX_BODY_BYTES - 1,
      MAX_BODY_BYTES,
      MAX_BODY_BYTES + 1,
      200_000,
      1_100_000,
    ).map((bytes): BodySpec => ({ kind: "padded", json: '{"filters":{}}', bytes })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(MAX_BODY_BYTES + 2, 300_000).map((bytes): BodySpec => ({
      kind: "huge-array",
      bytes,
    })),
  },
);

/** Adds a body when the method may carry one (GET and HEAD requests cannot). */
function withBody(
  method: fc.Arbitrary<string>,
  bodyWeight: number,
): fc.Arbitrary<{ method: string; body: BodySpec | null }> {
  return method.chain((m) =>
    /^(GET|HEAD)$/i.test(m)
      ? fc.constant({ method: m, body: null })
      : fc.option(bodySpec, { freq: bodyWeight }).map((body) => ({ method: m, body }))
  );
}

const reportingRequest: fc.Arbitrary<RequestSpec> = fc.integer({ min: 0, max: 2 }).chain((index) =>
  fc.record({
    mb: withBody(methods, 2),
    path: reportingPath(ACCOUNTS[index]!),
    query: querySpec,
    auth: fc.oneof({ weight: 3, arbitrary: rightfulAuth(index) }, {
      weight: 2,
      arbitrary: authHeaders,
    }),
    extra: extraHeaders,
  })
).map(({ mb, path, query, auth, extra }) => ({
  method: mb.method,
  path,
  query,
  headers: [...auth, ...extra],
  body: mb.body,
}));

/** Requests aimed at the body readers: authorized POSTs of valid windows, with any body. */
const bodyRequest: fc.Arbitrary<RequestSpec> = fc.record({
  account: fc.integer({ min: 0, max: 2 }),
  dialect: fc.constantFrom("/api", ""),
  app: fc.constantFrom("prmsg", "c2m"),
  op: fc.constantFrom("analytics", "transactions"),
  day: fc.integer({ min: 2, max: 6 }).map((n) => TODAY - n * DAY_MS),
  body: bodySpec,
  extra: extraHeaders,
  method: fc.oneof({ weight: 9, arbitrary: fc.constant("POST") }, {
    weight: 1,
    arbitrary: fc.constantFrom("PUT", "PATCH", "DELETE"),
  }),
}).map(({ account, dialect, app, op, day, body, extra, method }) => {
  const tenant = DEMO_TENANTS[account]!;
  const auth: [string, string][] = account === 2
    ? [["x-api-key", DEMO_KEYS[tenant.accountId]!], ["authorization", `Bearer ${tenant.bearer}`]]
    : [["x-api-key", DEMO_KEYS[tenant.accountId]!]];
  return {
    method,
    path: `${dialect}/account/${tenant.accountId}/app/${app}/${op}/`,
    query: {
      kind: "pairs",
      pairs: [["attemptedStartTime", String(day)], ["attemptedEndTime", String(day + DAY_MS)]],
    },
    headers: [...auth, ...extra],
    body,
  };
});

const funnelDay = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(1, 2, 3, 5, 8, 13, 30).map((n) => String(TODAY - n * DAY_MS)),
  },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 4, 9).map((n) => formatDay(TODAY - n * DAY_MS)) },
  { weight: 3, arbitrary: timeValue },
);

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const groupByValue = fc.oneof(
  fc.subarray(["day", "channel", "skill", "account"]).map((d) => d.join(",")),
  fc.constantFrom("campaign", "handoff", "ivrNumber", "campaign,day", "day,,channel", "DAY", ""),
  ascii(20),
);

/** The proxy's own routes, right and mangled. */
const edgeRequest: fc.Arbitrary<RequestSpec> = fc.record({
  mb: withBody(
    fc.oneof({ weight: 4, arbitrary: fc.constant("GET") }, { weight: 1, arbitrary: methods }),
    1,
  ),
  route: fc.oneof(
    { weight: 8, arbitrary: fc.constant("funnel") },
    // Operators' routes: absent without an admin key (the fuzz's keys are tenants').
    { weight: 2, arbitrary: fc.constant("admin") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "/_edge/health",
        "/_edge/sandbox/counters",
        "/_edge/health/",
        "/_EDGE/health",
        "/_edge//health",
        "/_edge",
        "/_edge/",
        "/_edge/sandbox",
        "/_edge/funnel",
        "/_edge/%2E%2E/health",
        "/_edge/health/..",
        "/_edge/admin",
        "/_edge/admin/",
        "/_edge/admin/backfill",
        "/_edge/ADMIN/backfill/10000001/prmsg",
      ),
    },
  ),
  account: fc.constantFrom(...ACCOUNTS).chain(accountSegment),
  app: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("prmsg", "c2m") },
    { weight: 1, arbitrary: fc.constantFrom("PRMSG", "x", "", "prmsg/extra") },
  ),
  from: fc.option(funnelDay, { freq: 8 }),
  to: fc.option(funnelDay, { freq: 8 }),
  groupBy: fc.option(groupByValue, { freq: 4 }),
  extraQuery: extraPairs,
  auth: authHeaders,
}).map(({ mb, route, account, app, from, to, groupBy, extraQuery, auth }) => {
  const pairs: [string, string][] = [];
  if (from !== null) pairs.push(["from", from]);
  if (to !== null) pairs.push(["to", to]);
  if (groupBy !== null) pairs.push(["groupBy", groupBy]);
  return {
    method: mb.method,
    path: route === "funnel"
      ? `/_edge/funnel/${account}/${app}`
      : route === "admin"
      ? `/_edge/admin/backfill/${account}/${app}`
      : route,
    query: { kind: "pairs", pairs: [...pairs, ...extraQuery] },
    headers: auth,
    body: mb.body,
  };
});

/** The Sentinel-compatible token endpoint and the Domain API, right and mangled. */
const dropInRequest: fc.Arbitrary<RequestSpec> = fc.record({
  route: fc.constantFrom("token", "domain"),
  method: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("POST", "GET") }, {
    weight: 1,
    arbitrary: methods,
  }),
  account: fc.constantFrom(...ACCOUNTS).chain(accountSegment),
  service: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom("sentinel", "agentVep", "connectToMessagingDomain") },
    { weight: 1, arbitrary: fc.constantFrom("Sentinel", "", "%2F", "baseURI.json", "..") },
    { weight: 1, arbitrary: fc.webSegment() },
  ),
  query: fc.oneof(
    fc.constantFrom<[string, string][]>(
      [["v", "1.0"], ["grant_type", "client_credentials"]],
      [["version", "1.0"]],
      [["grant_type", "password"]],
      [],
    ),
    extraPairs,
  ),
  form: fc.array(
    fc.tuple(
      fc.constantFrom("client_id", "client_secret", "grant_type", "scope"),
      fc.oneof(
        fc.constantFrom(
          ...DEMO_TENANTS.flatMap((t) => [t.oauth2.clientId, t.oauth2.clientSecret]),
          "client_credentials",
        ),
        ascii(30),
      ),
    ),
    { maxLength: 4 },
  ),
  contentType: fc.constantFrom(
    "application/x-www-form-urlencoded",
    "application/json",
    "text/plain",
    "",
  ),
  auth: authHeaders,
}).map(({ route, method, account, service, query, form, contentType, auth }) => {
  const bodyless = ["GET", "HEAD"].includes(method.toUpperCase());
  const body = bodyless || form.length === 0
    ? null
    : { kind: "text" as const, text: new URLSearchParams(form).toString() };
  return {
    method,
    path: route === "token"
      ? `/sentinel/api/account/${account}/app/token`
      : `/api/account/${account}/service/${service}/baseURI.json`,
    query: { kind: "pairs", pairs: query },
    headers: contentType === "" ? auth : [["content-type", contentType], ...auth],
    body,
  };
});

/** Anything at all: random paths, methods, headers and queries. */
const randomRequest: fc.Arbitrary<RequestSpec> = fc.record({
  mb: withBody(methods, 1),
  path: fc.oneof(
    fc.webPath().map((p) => (p.startsWith("/") ? p : `/${p}`)),
    fc.array(fc.oneof(fc.webSegment(), fc.constantFrom("api", "account", "app", "_edge", "..")), {
      maxLength: 8,
    }).map((segments) => `/${segments.join("/")}`),
  ),
  query: fc.oneof(
    ascii(80).map((text): QuerySpec => ({ kind: "raw", text })),
    fc.array(fc.tuple(ascii(10), ascii(30)), { maxLength: 5 }).map((pairs): QuerySpec => ({
      kind: "pairs",
      pairs,
    })),
  ),
  headers: fc.array(fc.tuple(token, headerValue(60)), { maxLength: 5 }),
  auth: authHeaders,
}).map(({ mb, path, query, headers, auth }) => ({
  method: mb.method,
  path,
  query,
  headers: [...auth, ...headers],
  body: mb.body,
}));

// ---------------------------------------------------------------------------------------------
// The runs

/** A request whose answers come concurrently: one miss several times over, plus others. */
const concurrentBatch: fc.Arbitrary<RequestSpec[]> = fc.tuple(
  fc.record({
    account: fc.integer({ min: 0, max: 2 }),
    dialect: fc.constantFrom("/api", ""),
    app: fc.constantFrom("prmsg", "c2m"),
    op: fc.constantFrom("analytics", "transactions"),
    // Days the other runs never ask for, so the copies miss the cache together.
    day: fc.integer({ min: 11, max: 300 }).map((n) => TODAY - n * DAY_MS),
    method: fc.constantFrom("GET", "POST"),
  }),
  fc.integer({ min: 2, max: 5 }),
  fc.array(fc.oneof(reportingRequest, bodyRequest, edgeRequest), { minLength: 2, maxLength: 3 }),
).map(([miss, copies, others]) => {
  const tenant = DEMO_TENANTS[miss.account]!;
  const key = DEMO_KEYS[tenant.accountId]!;
  const spec: RequestSpec = {
    method: miss.method,
    path: `${miss.dialect}/account/${tenant.accountId}/app/${miss.app}/${miss.op}/`,
    query: {
      kind: "pairs",
      pairs: [
        ["attemptedStartTime", String(miss.day)],
        ["attemptedEndTime", String(miss.day + DAY_MS)],
      ],
    },
    headers: tenant.accountId === "30000003"
      ? [["x-api-key", key], ["authorization", `Bearer ${tenant.bearer}`]]
      : [["x-api-key", key]],
    body: null,
  };
  return [...Array.from({ length: copies }, () => spec), ...others];
});

/** One answer, for the log check at the end. */
interface Answer {
  traceId: string;
  status: number;
  spec: RequestSpec;
}

let proxy: Rig;
let logs: LogCapture;
const tally = { cases: 0, failures: 0, byStatus: new Map<number, number>() };
/** KV entries read back after each run, and those carrying a secret. */
const kv = { entries: 0, problems: [] as string[] };
const answers: Answer[] = [];
const runs: { name: string; numRuns: number; seed: number; ms: number; statuses: string }[] = [];
const started = Date.now();

/** Sends one request; the problem with its answer (request included), or null. */
async function send(spec: RequestSpec): Promise<string | null> {
  const request = build(spec);
  tally.cases += 1;
  const response = await proxy.call(request);
  const text = await response.text();
  tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
  answers.push({
    traceId: response.headers.get("x-request-trace-id") ?? "",
    status: response.status,
    spec,
  });
  const problem = responseProblem(request.method, response, text, proxy.secrets);
  return problem === null ? null : `${problem}\n  status: ${response.status}`;
}

/** Runs requests (concurrently when several) and throws, with the requests, on anything wrong. */
async function probe(specs: RequestSpec[]): Promise<void> {
  const errorsBefore = logs.errors.length;
  const linesBefore = logs.lines.length;
  const problems = await Promise.all(specs.map(send));
  const logProblem = logProblems(
    {
      ...logs,
      lines: logs.lines.slice(linesBefore),
      errors: logs.errors.slice(errorsBefore),
      rejections: logs.rejections,
    },
    proxy.secrets,
  )[0] ?? null;
  const problem = problems.find((p) => p !== null) ?? logProblem;
  if (problem !== null && problem !== undefined) {
    throw new Error(`${problem}\n  request(s): ${brief(specs.length === 1 ? specs[0] : specs)}`);
  }
}

async function run(name: string, arbitrary: fc.Arbitrary<RequestSpec[]>, numRuns: number) {
  const seed = Math.floor(Math.random() * 2 ** 31);
  const begin = Date.now();
  const details = await fc.check(fc.asyncProperty(arbitrary, probe), { numRuns, seed });
  const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
  tally.byStatus.clear();
  runs.push({
    name,
    numRuns: details.numRuns,
    seed,
    ms: Date.now() - begin,
    statuses: statuses.join(" "),
  });
  if (details.failed) tally.failures += 1;
  const scan = await scanKv(proxy.env.CACHE, proxy.secrets);
  kv.entries += scan.entries;
  kv.problems.push(...scan.problems);
  const cause = details.failed ? String(details.errorInstance) : "";
  expect(details.failed, `${fc.defaultReportMessage(details) ?? ""}\n${cause}`).toBe(false);
}

const one = (arbitrary: fc.Arbitrary<RequestSpec>): fc.Arbitrary<RequestSpec[]> =>
  arbitrary.map((spec) => [spec]);

/**
 * The answers without their request log line (README: the trace id is "also in the
 * x-request-trace-id header and the request's JSON log line"), or whose line has another status.
 */
function unloggedAnswers(): string[] {
  const logged = new Map<string, number>();
  for (const line of logs.lines) {
    try {
      const entry = JSON.parse(line) as { traceId?: unknown; status?: unknown };
      if (typeof entry.traceId === "string") logged.set(entry.traceId, Number(entry.status));
    } catch {
      // Not a request log line; logProblems() judges it.
    }
  }
  return answers.filter((a) => logged.get(a.traceId) !== a.status).map((a) =>
    `${a.status} ${a.spec.method} ${a.spec.path} (logged: ${logged.get(a.traceId) ?? "nothing"})`
  );
}

describe("fuzzing the Worker in workerd", () => {
  beforeAll(() => {
    proxy = rig();
    logs = captureLogs();
  });

  afterAll(() => {
    logs.restore();
    const problems = logProblems(logs, proxy.secrets);
    const unlogged = unloggedAnswers();
    reliabilityLine(logs.print, {
      test: "Fuzzing (fast-check, workerd)",
      cases: tally.cases,
      failures: tally.failures + problems.length + unlogged.length + kv.problems.length,
      lost: 0,
      notes: `${proxy.upstreamCalls()} upstream calls; ${logs.lines.length} log lines, ` +
        `${logs.errors.length} error lines, ${unlogged.length} answers without their log line ` +
        `(statuses ${[...new Set(unlogged.map((u) => u.slice(0, 3)))].join(", ") || "none"})` +
        `${unlogged.length > 0 ? ` (e.g. ${unlogged[0]})` : ""}; ${proxy.secrets.tokens.size} ` +
        `AppJWTs and ${proxy.secrets.dynamicCount} run-time secrets watched; ${kv.entries} KV ` +
        `entries read back after the runs, ${kv.problems.length} with a secret; runs ${
          runs.map((r) =>
            `${r.name} ${r.numRuns} (seed ${r.seed}, ${r.ms} ms; statuses ${r.statuses})`
          ).join(", ")
        }; ${Date.now() - started} ms`,
    });
  });

  it("recognizes 5xx, answers not in LivePerson's shape and secrets (the checks can fail)", () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
      responseProblem(
        "GET",
        new Response(body, {
          status,
          headers: { "content-type": "application/json", "x-request-trace-id": id, ...headers },
        }),
        body,
        proxy.secrets,
      );
    const lp = (traceId: string) =>
      JSON.stringify({ code: 0, requestTraceId: traceId, message: "m" });
    expect(answer(400, lp(id))).toBeNull();
    expect(answer(500, lp(id))).toMatch(/^status 500/);
    expect(answer(404, lp("another"))).toMatch(/is not the header's/);
    expect(answer(401, JSON.stringify({ code: 0, message: "m" }))).toMatch(/has keys/);
    expect(answer(403, "forbidden")).toMatch(/not JSON/);
    expect(answer(200, `{"token":"${DEMO_TENANTS[0]!.bearer}"}`)).toMatch(/secret .* in body/);
    expect(answer(200, "{}", { "x-debug": DEMO_KEYS["20000002"]! })).toMatch(/in header x-debug/);
    const capture = { ...logs, lines: [`{"status":500}`], errors: ["boom"], rejections: [] };
    expect(logProblems(capture, proxy.secrets)).toHaveLength(2);
  });

  it("reporting paths in both dialects answer < 500 in LivePerson's shape, leaking nothing", async () => {
    await run("reporting", one(reportingRequest), 4_500);
  });

  it("request bodies of every kind answer < 500 in LivePerson's shape, leaking nothing", async () => {
    await run("bodies", one(bodyRequest), 2_000);
  });

  it("/_edge routes answer < 500 in LivePerson's shape, leaking nothing", async () => {
    await run("edge", one(edgeRequest), 1_500);
  });

  it("the token endpoint and the Domain API answer < 500 in LivePerson's shape, leaking nothing", async () => {
    await run("drop-in", one(dropInRequest), 1_000);
  });

  it("random requests answer < 500 in LivePerson's shape, leaking nothing", async () => {
    await run("random", one(randomRequest), 1_000);
  });

  it("concurrent misses and mixed requests answer < 500 in LivePerson's shape, leaking nothing", async () => {
    // 300 batches of 4 to 8 requests.
    await run("concurrent", concurrentBatch, 300);
  });

  it("the whole run did >= 10,000 requests and logged no error, no unhandled rejection and no secret", () => {
    expect(tally.cases).toBeGreaterThanOrEqual(10_000);
    expect(proxy.upstreamCalls()).toBeGreaterThan(0);
    expect(proxy.secrets.tokens.size).toBeGreaterThan(0);
    expect(proxy.secrets.dynamicCount).toBeGreaterThan(0);
    expect(logProblems(logs, proxy.secrets)).toEqual([]);
    expect(kv.entries).toBeGreaterThan(0);
    expect(kv.problems).toEqual([]);
  });

  it("every answer has its request log line with its trace id and status", () => {
    const unlogged = unloggedAnswers();
    expect(unlogged.length, `e.g.\n${unlogged.slice(0, 5).join("\n")}`).toBe(0);
  });
});
