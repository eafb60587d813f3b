// Issue 5 item 3: tenant isolation inside workerd. With every target window warmed in the cache
// by its rightful key, randomized attempts read another account's data: another account's key,
// wrong keys, pass-through credentials of another account, tricks in the path, and filters that
// try to collide with cache keys. A leak is any 2xx carrying data of an account whose
// credentials were not presented. The drop-in ways in (OAuth 1.0a signed for the proxy, proxy
// tokens) are among the credentials tried. Also checks that no answer or log line carries a secret
// (issue 5 item 5) and that the warmed windows still read back unchanged (no cache poisoning).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyticsFromTransactions } from "../../../lib/funnel/aggregate.ts";
import type { AnalyticsRow, App, Dialect } from "../../../lib/model/canonical.ts";
import { parseAnalyticsResponse } from "../../../lib/model/wire-to-responses.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import { signOAuth1 } from "../../../lib/auth/oauth1.ts";
import { sha256, toHex } from "../../../worker/auth/digest.ts";
import { DEMO_PROXY_TENANTS } from "../../../worker/auth/tenants.ts";
import {
  ACCOUNTS,
  brief,
  captureLogs,
  DAY_MS,
  DEMO_KEYS,
  type LogCapture,
  logProblems,
  reliabilityLine,
  responseProblem,
  type Rig,
  rig,
  scanKv,
  T0,
  TODAY,
} from "./support.ts";

const ORIGIN = "http://proxy.test";
const PASSTHROUGH = "30000003";
const KEYED = ACCOUNTS.filter((a) => a !== PASSTHROUGH);
const BEARER: Readonly<Record<string, string>> = Object.fromEntries(
  DEMO_TENANTS.map((t) => [t.accountId, t.bearer]),
);
/** Days the cache is warmed for, and days it is not. */
const WARM_DAYS = [2, 3, 4].map((n) => TODAY - n * DAY_MS);
const COLD_DAYS = [5, 6, 7, 8].map((n) => TODAY - n * DAY_MS);
const APPS: readonly App[] = ["prmsg", "c2m"];
const DIALECTS: readonly Dialect[] = ["current", "2.0"];
const prefixOf = (dialect: Dialect): string => (dialect === "current" ? "/api" : "");
/** Placeholders resolved when the request is built: the AppJWT the proxy got, and a forgery. */
const APP_JWT = "{appjwt-10000001}";
const FORGED_JWT = "{forged-appjwt-30000003}";
/** Placeholders of the drop-in ways in: a proxy token issued for account 10000001 by the
 * proxy's Sentinel endpoint, and an OAuth 1.0a signature of the request with 20000002's keys. */
const PROXY_TOKEN = "{proxy-token-10000001}";
const SIGNED_OAUTH1 = "{oauth1-20000002}";
/** The proxy key of a pass-through tenant bound to every demo account (second configuration). */
const ALL_KEY = "iso-passthrough-key-all-accounts";

/** One attempt: headers (with placeholders), a path with its query, and what it tries. */
interface Attempt {
  trick: string;
  method: "GET" | "POST";
  path: string;
  headers: [string, string][];
  body: string | null;
  dialect: Dialect;
}

// ---------------------------------------------------------------------------------------------
// Who may read what

/**
 * The accounts whose credentials the headers hold: a keyed tenant's proxy key anywhere, or the
 * pass-through key together with that account's own LivePerson bearer in Authorization.
 */
function entitled(headers: [string, string][]): Set<string> {
  const accounts = new Set<string>();
  const values = headers.map(([, value]) => value.trim());
  const bearers = headers.filter(([name]) => name.toLowerCase() === "authorization").map((
    [, value],
  ) => /^bearer +(\S+)$/i.exec(value.trim())?.[1] ?? "");
  for (const account of KEYED) {
    const key = DEMO_KEYS[account]!;
    if (values.includes(key) || bearers.includes(key)) accounts.add(account);
  }
  if (values.includes(DEMO_KEYS[PASSTHROUGH]!) && bearers.includes(BEARER[PASSTHROUGH]!)) {
    accounts.add(PASSTHROUGH);
  }
  // Lenient on purpose: a drop-in credential anywhere opens its account (a leak is data of
  // another account, whatever the precedence of headers).
  if (values.some((value) => value.includes(SIGNED_OAUTH1))) accounts.add("20000002");
  if (bearers.includes(PROXY_TOKEN)) accounts.add("10000001");
  if (values.includes(ALL_KEY)) {
    // A pass-through key bound to every account opens the accounts whose credential is sent.
    for (const account of ACCOUNTS) if (bearers.includes(BEARER[account]!)) accounts.add(account);
    if (bearers.includes(APP_JWT)) accounts.add(ACCOUNTS[0]!);
  }
  return accounts;
}

// ---------------------------------------------------------------------------------------------
// Generators

const near = fc.constantFrom(
  "demo-key-10000002",
  "demo-key-1000000",
  "demo-key-100000011",
  "Demo-key-10000001",
  "DEMO-KEY-20000002",
  "demo-key-20000002=",
  "demo-key-30000003a",
  "sandbox-le-bearer-30000003x",
  "sandbox-le-bearer-3000000",
  "sandbox-le-bearer-30000003.",
);
/** Every credential that could be misused, and near misses of them. */
const credential: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Object.values(DEMO_KEYS), ALL_KEY) },
  { weight: 3, arbitrary: fc.constantFrom(...Object.values(BEARER)) },
  { weight: 2, arbitrary: fc.constantFrom(APP_JWT, FORGED_JWT, PROXY_TOKEN) },
  { weight: 2, arbitrary: near },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,40}$/) },
);

/** A header carrying a credential, in the forms the proxy reads and some it must not. */
const credentialHeader: fc.Arbitrary<[string, string]> = fc.tuple(
  fc.constantFrom("x-api-key", "authorization", "X-Api-Key", "Authorization"),
  credential,
  fc.constantFrom("Bearer ", "bearer ", "Bearer  ", "", "Basic ", "OAuth "),
).map((
  [name, value, scheme],
) => [name, name.toLowerCase() === "authorization" ? scheme + value : value]);

/** Header sets: another account's key, pass-through with another's credential, and mixes. */
const kit: fc.Arbitrary<[string, string][]> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...KEYED), fc.boolean()).map((
      [account, viaHeader],
    ): [string, string][] =>
      viaHeader
        ? [["x-api-key", DEMO_KEYS[account]!]]
        : [["authorization", `Bearer ${DEMO_KEYS[account]!}`]]
    ),
  },
  {
    // X-API-Key demo-key-30000003 with another tenant's credential.
    weight: 3,
    arbitrary: credential.filter((c) => c !== BEARER[PASSTHROUGH]).map((
      c,
    ): [string, string][] => [["x-api-key", DEMO_KEYS[PASSTHROUGH]!], [
      "authorization",
      `Bearer ${c}`,
    ]]),
  },
  {
    // ... or vice versa: another tenant's key with the pass-through account's own bearer.
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...KEYED), fc.constantFrom(...Object.values(BEARER)))
      .map(([account, bearer]): [string, string][] => [["x-api-key", DEMO_KEYS[account]!], [
        "authorization",
        `Bearer ${bearer}`,
      ]]),
  },
  { weight: 3, arbitrary: fc.array(credentialHeader, { minLength: 0, maxLength: 3 }) },
  {
    // The drop-in ways in, alone: OAuth 1.0a signed for the proxy, or a proxy token.
    weight: 3,
    arbitrary: fc.constantFrom<[string, string][]>(
      [["authorization", SIGNED_OAUTH1]],
      [["authorization", `Bearer ${PROXY_TOKEN}`]],
    ),
  },
);

/** A path of `account` in a dialect, for an operation below `/app/{app}/`. */
type Trick = (own: string, target: string, rest: string, prefix: string) => string;

const digitsIn = (account: string, zero: number): string =>
  account.replace(/\d/g, (d) => encodeURIComponent(String.fromCharCode(zero + Number(d))));

/** Ways to name the target account in the path: encodings, case, dots, zeros, digits, space. */
const TRICKS: Readonly<Record<string, Trick>> = {
  plain: (_o, t, r, p) => `${p}/account/${t}/${r}`,
  "%2F..": (o, t, r, p) => `${p}/account/${o}%2F..%2F${t}/${r}`,
  "%2f..": (o, t, r, p) => `${p}/account/${o}%2f..%2f${t}/${r}`,
  "%2F-app": (o, t, r, p) =>
    `${p}/account/${o}/app/${r.split("/")[1]}%2F..%2F..%2F${t}%2F${
      r.split("/").slice(0, 2).join("%2F")
    }/${r.split("/").slice(2).join("/")}`,
  "..": (o, t, r, p) => `${p}/account/${o}/../${t}/${r}`,
  "%2e%2e": (o, t, r, p) => `${p}/account/${o}/%2e%2e/${t}/${r}`,
  "..-after": (o, t, r, p) => `${p}/account/${t}/${r.replace("app/", `app/../../${o}/app/`)}`,
  "double-slash": (_o, t, r, p) => `${p}//account/${t}/${r}`,
  "double-slash-2": (_o, t, r, p) => `${p}/account//${t}/${r}`,
  "double-slash-3": (_o, t, r, p) => `${p}/account/${t}//${r}`,
  "upper-case": (_o, t, r, p) => `${p.toUpperCase()}/ACCOUNT/${t}/${r.toUpperCase()}`,
  "upper-api": (_o, t, r, p) => `${p === "" ? "/API" : p.toUpperCase()}/account/${t}/${r}`,
  "trailing-dot": (_o, t, r, p) => `${p}/account/${t}./${r}`,
  "trailing-dots": (_o, t, r, p) => `${p}/account/${t}../${r}`,
  "encoded-dot": (_o, t, r, p) => `${p}/account/${t}%2E/${r}`,
  "own-trailing-dot": (o, _t, r, p) => `${p}/account/${o}./${r}`,
  "leading-zero": (_o, t, r, p) => `${p}/account/0${t}/${r}`,
  "leading-zeros": (_o, t, r, p) => `${p}/account/000${t}/${r}`,
  "fullwidth-digits": (_o, t, r, p) => `${p}/account/${digitsIn(t, 0xff10)}/${r}`,
  "arabic-digits": (_o, t, r, p) => `${p}/account/${digitsIn(t, 0x0660)}/${r}`,
  "devanagari-digits": (_o, t, r, p) => `${p}/account/${digitsIn(t, 0x0966)}/${r}`,
  "encoded-digits": (_o, t, r, p) => `${p}/account/${t.replace(/\d/g, (d) => `%3${d}`)}/${r}`,
  "space-after": (_o, t, r, p) => `${p}/account/${t}%20/${r}`,
  "space-before": (_o, t, r, p) => `${p}/account/%20${t}/${r}`,
  tab: (_o, t, r, p) => `${p}/account/${t}%09/${r}`,
  newline: (_o, t, r, p) => `${p}/account/${t}%0A/${r}`,
  nul: (_o, t, r, p) => `${p}/account/${t}%00/${r}`,
  plus: (_o, t, r, p) => `${p}/account/+${t}/${r}`,
  "comma-list": (o, t, r, p) => `${p}/account/${o},${t}/${r}`,
  "semicolon": (o, t, r, p) => `${p}/account/${o};${t}/${r}`,
  "pipe": (o, t, r, p) => `${p}/account/${o}|${t}/${r}`,
  "encoded-pipe": (o, t, r, p) => `${p}/account/${o}%7C${t}/${r}`,
  "matrix-param": (_o, t, r, p) => `${p}/account/${t};jsessionid=1/${r}`,
  "hash": (_o, t, r, p) => `${p}/account/${t}%23/${r}`,
  "other-dialect": (_o, t, r, p) => `${p === "" ? "/api" : ""}/account/${t}/${r}`,
};

/** The window of an attempt: warmed days (cached leaks would show), cold days, partial windows. */
const window: fc.Arbitrary<{ from: number; to: number }> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...WARM_DAYS).map((d) => ({ from: d, to: d + DAY_MS })) },
  { weight: 1, arbitrary: fc.constantFrom(...COLD_DAYS).map((d) => ({ from: d, to: d + DAY_MS })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...WARM_DAYS), fc.integer({ min: 1, max: 23 })).map((
      [d, h],
    ) => ({ from: d + h * 3_600_000, to: d + DAY_MS })),
  },
);

/** What the path asks for below `/account/{id}/`, and its query. */
const operation = fc.record({
  app: fc.constantFrom(...APPS),
  op: fc.constantFrom(
    "analytics",
    "transactions",
    "campaign-report",
    "campaign-analytics",
    "funnel",
  ),
  window,
  slash: fc.boolean(),
  dialect: fc.constantFrom(...DIALECTS),
});

/** Cross-account attempts: a kit of credentials, a target it does not open, a trick. */
const crossAttempt: fc.Arbitrary<Attempt> = kit.filter((k) => entitled(k).size < ACCOUNTS.length)
  .chain((headers) => {
    const open = entitled(headers);
    const targets = ACCOUNTS.filter((a) => !open.has(a));
    const others = [...open];
    return fc.record({
      target: fc.constantFrom(...targets),
      own: others.length > 0 ? fc.constantFrom(...others) : fc.constantFrom(...ACCOUNTS),
      trick: fc.constantFrom(...Object.keys(TRICKS)),
      operation,
      extraAccount: fc.boolean(),
      method: fc.constantFrom<"GET" | "POST">("GET", "GET", "POST"),
    }).map(({ target, own, trick, operation: o, extraAccount, method }): Attempt => {
      const query = new URLSearchParams({
        attemptedStartTime: String(o.window.from),
        attemptedEndTime: String(o.window.to),
      });
      // LivePerson takes the account from the path; a query parameter must never override it.
      if (extraAccount) query.set("accountId", own === target ? ACCOUNTS[0]! : own);
      const campaign = `${new Date(o.window.from).toISOString().slice(0, 10).replaceAll("-", "")}1`;
      if (o.op === "funnel") {
        const funnelQuery = `from=${o.window.from}&to=${o.window.to}&groupBy=channel`;
        const segment = TRICKS[trick]!(own, target, "X", "").replace(/^\/account\//, "").replace(
          /\/X$/,
          "",
        );
        return {
          trick: `funnel:${trick}`,
          method: "GET",
          path: `/_edge/funnel/${segment}/${o.app}?${funnelQuery}`,
          headers,
          body: null,
          dialect: "current",
        };
      }
      const rest = o.op === "campaign-report"
        ? `app/prmsg/campaigns/${campaign}`
        : o.op === "campaign-analytics"
        ? `app/prmsg/campaigns/${campaign}/analytics`
        : `app/${o.app}/${o.op}`;
      const path = TRICKS[trick]!(own, target, rest + (o.slash ? "/" : ""), prefixOf(o.dialect));
      const campaignOp = o.op.startsWith("campaign");
      return {
        trick,
        method: campaignOp ? "GET" : method,
        path: `${path}?${query}`,
        headers,
        body: null,
        dialect: trick === "other-dialect"
          ? (o.dialect === "current" ? "2.0" : "current")
          : o.dialect,
      };
    });
  });

/** Filter values built to collide with cache-key separators and other accounts' key parts. */
const collidingValue = (target: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      `sms|${target}|prmsg`,
      `|${target}|prmsg|accountAnalytics|current|${WARM_DAYS[0]}|${WARM_DAYS[0]! + DAY_MS}||`,
      `x;accountId=${target}`,
      `a,b=${target}`,
      `sms;channels=wa,inapp`,
      `${target}`,
      `%7C${target}`,
      `v1|${target}`,
      "=",
      ";",
      "|",
      ",",
    ),
    fc.stringMatching(/^[|;=,%a-z0-9]{1,20}$/),
  );

/** Collision attempts: own, rightful credentials; filters naming another account. */
const collisionAttempt: fc.Arbitrary<Attempt> = fc.record({
  own: fc.constantFrom(...ACCOUNTS),
  target: fc.constantFrom(...ACCOUNTS),
  app: fc.constantFrom(...APPS),
  op: fc.constantFrom("analytics", "transactions"),
  dialect: fc.constantFrom(...DIALECTS),
  window,
  where: fc.constantFrom("query", "body"),
  names: fc.subarray(["channels", "skills", "messagestatus", "handoffids"], { minLength: 1 }),
}).chain((r) =>
  fc.array(collidingValue(r.target), { minLength: r.names.length, maxLength: r.names.length })
    .map((values): Attempt => {
      const headers: [string, string][] = r.own === PASSTHROUGH
        ? [["x-api-key", DEMO_KEYS[PASSTHROUGH]!], [
          "authorization",
          `Bearer ${BEARER[PASSTHROUGH]!}`,
        ]]
        : [["x-api-key", DEMO_KEYS[r.own]!]];
      const query = new URLSearchParams({
        attemptedStartTime: String(r.window.from),
        attemptedEndTime: String(r.window.to),
      });
      const filters: Record<string, string[]> = {};
      r.names.forEach((name, i) => (filters[name] = [values[i]!]));
      let body: string | null = null;
      if (r.where === "query") {
        for (const [name, list] of Object.entries(filters)) query.append(name, list.join(","));
      } else {
        const analyticsFilters = { channels: filters["channels"], skills: filters["skills"] };
        body = JSON.stringify(
          r.op === "analytics"
            ? { filters: analyticsFilters }
            : r.dialect === "2.0"
            ? { channels: filters["channels"], skills: filters["skills"] }
            : filters,
        );
      }
      return {
        trick: `collision:${r.where}:${r.names.join("+")}`,
        method: body === null ? "GET" : "POST",
        path: `${prefixOf(r.dialect)}/account/${r.own}/app/${r.app}/${r.op}/?${query}`,
        headers,
        body,
        dialect: r.dialect,
      };
    })
);

// ---------------------------------------------------------------------------------------------
// The run

let proxy: Rig;
let logs: LogCapture;
/** The proxy token of account 10000001, issued in `beforeAll`. */
let proxyToken = "no-proxy-token-yet";
const tags = new Map<string, string>();
const warmBodies = new Map<string, string>();
const tally = {
  attempts: 0,
  leaks: 0,
  problems: 0,
  poisoned: 0,
  kvEntries: 0,
  kvProblems: [] as string[],
  /** Statuses per family of attempts. */
  byFamily: new Map<string, Map<number, number>>(),
  ok: 0,
  started: Date.now(),
};

function resolve(value: string): string {
  if (value.includes(PROXY_TOKEN)) return value.replace(PROXY_TOKEN, proxyToken);
  const jwt = [...proxy.secrets.tokens][0] ?? "no-appjwt-yet";
  if (value.includes(APP_JWT)) return value.replace(APP_JWT, jwt);
  if (value.includes(FORGED_JWT)) {
    // The proxy's own AppJWT for 10000001, its payload re-addressed to the pass-through account.
    const [header = "", payload = "", signature = ""] = jwt.split(".");
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<
      string,
      unknown
    >;
    claims["aud"] = `le${PASSTHROUGH}`;
    const forged = btoa(JSON.stringify(claims)).replace(/\+/g, "-").replace(/\//g, "_").replace(
      /=+$/,
      "",
    );
    return value.replace(FORGED_JWT, `${header}.${forged}.${signature}`);
  }
  return value;
}

async function request(attempt: Attempt): Promise<Request> {
  const headers = new Headers();
  const init: RequestInit = { method: attempt.method, headers };
  if (attempt.body !== null) init.body = attempt.body;
  for (const [name, value] of attempt.headers) {
    if (!value.includes(SIGNED_OAUTH1)) headers.append(name, resolve(value));
  }
  for (const [name, value] of attempt.headers) {
    if (!value.includes(SIGNED_OAUTH1)) continue;
    // Signed as an OAuth 1.0a client would, for this very request, with a fresh nonce.
    const unsigned = new Request(ORIGIN + attempt.path, init);
    headers.append(name, await signOAuth1(unsigned, DEMO_TENANTS[1]!.oauth1, { now: T0 }));
  }
  return new Request(ORIGIN + attempt.path, init);
}

/** The rightful headers of an account. */
function rightful(account: string): [string, string][] {
  return account === PASSTHROUGH
    ? [["x-api-key", DEMO_KEYS[account]!], ["authorization", `Bearer ${BEARER[account]!}`]]
    : [["x-api-key", DEMO_KEYS[account]!]];
}

function accountIdsIn(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) { for (const item of value) accountIdsIn(item, out); }
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "accountId") out.add(String(item));
      else accountIdsIn(item, out);
    }
  }
  return out;
}

/** Whether `row` (parsed from a body) is one of `truth`'s rows, on the fields the body has. */
function rowIn(row: AnalyticsRow, truth: AnalyticsRow[]): boolean {
  return truth.some((t) =>
    Object.entries(row).every(([key, value]) => t[key as keyof AnalyticsRow] === value)
  );
}

/** Why a 2xx answer leaks, or null: data of an account whose credentials were not presented. */
function leakOf(attempt: Attempt, text: string): string | null {
  const open = entitled(attempt.headers);
  for (const [account, tag] of tags) {
    if (!open.has(account) && (text.includes(`${tag}-`) || text.includes(`H${tag}`))) {
      return `the answer carries transactions of account ${account}`;
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  for (const account of accountIdsIn(json, new Set())) {
    if (!open.has(account)) return `the answer is for account ${account}`;
  }
  const body = json as { analytics?: unknown; requestMetadata?: Record<string, unknown> };
  if (Array.isArray(body.analytics) && body.requestMetadata !== undefined) {
    const { accountId, app, attemptedStartTime, attemptedEndTime } = body.requestMetadata;
    if (typeof attemptedStartTime !== "number" || typeof attemptedEndTime !== "number") return null;
    let rows: AnalyticsRow[];
    try {
      rows = parseAnalyticsResponse(json, attempt.dialect).rows;
    } catch (error) {
      return `an analytics answer does not parse in the ${attempt.dialect} dialect: ${
        String(error)
      }`;
    }
    const campaign = body.requestMetadata["proactiveCampaignId"];
    // Account analytics of the window, or (campaign analytics) of the campaign's transactions.
    const truth = (account: string): AnalyticsRow[] =>
      typeof campaign === "string"
        ? analyticsFromTransactions(
          proxy.sandbox.transactions({
            accountId: account,
            app: app as App,
            from: attemptedStartTime,
            to: attemptedEndTime,
          }).filter((tx) => tx.proactiveCampaignId === campaign),
        )
        : proxy.sandbox.analytics({
          accountId: account,
          app: app as App,
          from: attemptedStartTime,
          to: attemptedEndTime,
        });
    const own = truth(String(accountId));
    for (const row of rows) {
      if (rowIn(row, own)) continue;
      const owner = ACCOUNTS.find((a) => a !== accountId && rowIn(row, truth(a)));
      return owner === undefined
        ? `an analytics row is not in account ${String(accountId)}'s data: ${JSON.stringify(row)}`
        : `the answer carries analytics rows of account ${owner}`;
    }
  }
  return null;
}

async function attemptOnce(attempt: Attempt): Promise<string | null> {
  tally.attempts += 1;
  const response = await proxy.call(await request(attempt));
  const text = await response.text();
  const family =
    /^(collision|funnel|all-accounts-passthrough|concurrent)/.exec(attempt.trick)?.[1] ??
      "cross";
  const statuses = tally.byFamily.get(family) ?? new Map<number, number>();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  tally.byFamily.set(family, statuses);
  const problem = responseProblem(attempt.method, response, text, proxy.secrets);
  if (problem !== null) {
    tally.problems += 1;
    return problem;
  }
  if (response.status < 200 || response.status >= 300) return null;
  tally.ok += 1;
  const leak = leakOf(attempt, text);
  if (leak !== null) {
    tally.leaks += 1;
    return `LEAK: ${leak}`;
  }
  return null;
}

async function check(attempts: Attempt[]): Promise<void> {
  const errorsBefore = logs.errors.length;
  const results = await Promise.all(attempts.map(attemptOnce));
  const problem = results.find((r) => r !== null) ??
    (logs.errors.length > errorsBefore ? `error line: ${logs.errors[errorsBefore]}` : null);
  if (problem !== null && problem !== undefined) {
    throw new Error(
      `${problem}\n  attempt(s): ${brief(attempts.length === 1 ? attempts[0] : attempts)}`,
    );
  }
}

function targetPaths(): { account: string; path: string; dialect: Dialect }[] {
  const paths: { account: string; path: string; dialect: Dialect }[] = [];
  for (const account of ACCOUNTS) {
    for (const app of APPS) {
      for (const dialect of DIALECTS) {
        for (const op of ["analytics", "transactions"]) {
          for (const day of WARM_DAYS) {
            paths.push({
              account,
              dialect,
              path: `${
                prefixOf(dialect)
              }/account/${account}/app/${app}/${op}/?attemptedStartTime=${day}&attemptedEndTime=${
                day + DAY_MS
              }`,
            });
          }
        }
      }
      paths.push({
        account,
        dialect: "current",
        path: `/_edge/funnel/${account}/${app}?from=${WARM_DAYS[2]}&to=${
          WARM_DAYS[0]! + DAY_MS
        }&groupBy=day,channel`,
      });
    }
  }
  return paths;
}

async function rightfulGet(account: string, path: string): Promise<Response> {
  return await proxy.call(
    new Request(ORIGIN + path, { headers: new Headers(rightful(account)) }),
  );
}

describe("tenant isolation in workerd", () => {
  beforeAll(async () => {
    proxy = rig();
    logs = captureLogs();
    const client = DEMO_TENANTS[0]!.oauth2;
    const issued = await proxy.call(
      new Request(
        `${ORIGIN}/sentinel/api/account/10000001/app/token?v=1.0&grant_type=client_credentials`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            client_id: client.clientId,
            client_secret: client.clientSecret,
          }),
        },
      ),
    );
    proxyToken = String((await issued.json() as { access_token?: unknown }).access_token);
    // Watched like the AppJWTs: no other answer, header, log line or KV entry may carry it.
    proxy.secrets.add(proxyToken);
    for (const account of ACCOUNTS) {
      const [tx] = proxy.sandbox.transactions({
        accountId: account,
        app: "prmsg",
        from: WARM_DAYS[0]!,
        to: WARM_DAYS[0]! + DAY_MS,
      });
      tags.set(account, tx!.transactionId.split("-")[0]!);
    }
  });

  afterAll(() => {
    logs.restore();
    const logged = logProblems(logs, proxy.secrets);
    const families = [...tally.byFamily].map(([family, statuses]) => {
      const counts = [...statuses].sort(([a], [b]) => a - b);
      const total = counts.reduce((sum, [, n]) => sum + n, 0);
      return `${family} ${total} (${counts.map(([s, n]) => `${s}:${n}`).join(" ")})`;
    });
    reliabilityLine(logs.print, {
      test: "Tenant isolation (workerd)",
      cases: tally.attempts,
      failures: tally.leaks + tally.problems + tally.poisoned + logged.length +
        tally.kvProblems.length,
      lost: tally.poisoned,
      notes:
        `${tally.leaks} leaks; ${warmBodies.size} windows warmed first with the rightful key ` +
        `(read back unchanged at the end: ${tally.poisoned} changed); ${tally.ok} answers were 2xx, ` +
        `each checked to carry only data of accounts whose credentials were sent; attempts by ` +
        `family: ${families.join(", ")}; ${tally.problems} answers not in LivePerson's shape or ` +
        `with a secret; ${proxy.secrets.tokens.size} AppJWTs watched; ${tally.kvEntries} KV ` +
        `entries read back, ${tally.kvProblems.length} with a secret; ` +
        `${logged.length} log problems; ${Date.now() - tally.started} ms`,
    });
  });

  it("warms every target window with its rightful key", async () => {
    for (const { account, path } of targetPaths()) {
      const response = await rightfulGet(account, path);
      const text = await response.text();
      expect(response.status, `${path}: ${text.slice(0, 200)}`).toBe(200);
      warmBodies.set(`${account} ${path}`, text);
    }
    // Read again: every window is now a hit, so cached leaks would show.
    for (const { account, path } of targetPaths()) {
      const response = await rightfulGet(account, path);
      await response.text();
      expect(response.headers.get("cache-status"), path).toMatch(/; hit/);
    }
    expect(proxy.secrets.tokens.size).toBeGreaterThan(0);
  });

  it("recognizes another account's data in an answer (the leak check can fail)", () => {
    const [victim, thief] = [ACCOUNTS[1]!, ACCOUNTS[0]!];
    const day = WARM_DAYS[0]!;
    const bodyOf = (account: string, op: string) =>
      warmBodies.get(
        `${account} /api/account/${account}/app/prmsg/${op}/?attemptedStartTime=${day}&attemptedEndTime=${
          day + DAY_MS
        }`,
      )!;
    const as = (headers: [string, string][]): Attempt => ({
      trick: "self-test",
      method: "GET",
      path: "/",
      headers,
      body: null,
      dialect: "current",
    });
    const thiefKey = as([["x-api-key", DEMO_KEYS[thief]!]]);
    expect(leakOf(thiefKey, bodyOf(victim, "transactions"))).toMatch(/transactions of account/);
    expect(leakOf(thiefKey, bodyOf(victim, "analytics"))).toMatch(/for account 20000002/);
    // The victim's rows under the thief's account id: caught by the rows.
    const relabelled = bodyOf(victim, "analytics").replace(`"${victim}"`, `"${thief}"`);
    expect(leakOf(thiefKey, relabelled)).toMatch(/analytics rows of account 20000002/);
    expect(leakOf(thiefKey, bodyOf(thief, "transactions"))).toBeNull();
    expect(leakOf(thiefKey, bodyOf(thief, "analytics"))).toBeNull();
    // The pass-through key alone does not open its account; with its bearer it does.
    const keyOnly = as([["x-api-key", DEMO_KEYS[PASSTHROUGH]!], ["authorization", "Bearer x"]]);
    expect(leakOf(keyOnly, bodyOf(PASSTHROUGH, "transactions"))).not.toBeNull();
    expect(leakOf(as(rightful(PASSTHROUGH)), bodyOf(PASSTHROUGH, "transactions"))).toBeNull();
  });

  it("never serves another account's data across 1,000 randomized cross-account attempts", async () => {
    const details = await fc.check(fc.asyncProperty(crossAttempt, (a) => check([a])), {
      numRuns: 1_000,
    });
    const cause = details.failed ? String(details.errorInstance) : "";
    expect(details.failed, `${fc.defaultReportMessage(details) ?? ""}\n${cause}`).toBe(false);
  });

  it("never opens the admin routes to tenant credentials, whatever the account or method", async () => {
    const adminAttempt = fc.record({
      headers: kit,
      target: fc.constantFrom(...ACCOUNTS),
      app: fc.constantFrom(...APPS),
      method: fc.constantFrom("GET", "POST"),
      path: fc.constantFrom("backfill", "backfill/", ""),
    });
    const before = proxy.upstreamCalls();
    const details = await fc.check(
      fc.asyncProperty(adminAttempt, async ({ headers, target, app, method, path }) => {
        const route = path === "" ? "/_edge/admin/" : `/_edge/admin/${path}`;
        const attempt: Attempt = {
          trick: "admin",
          method,
          path: `${route}${
            path === "backfill" ? `/${target}/${app}` : ""
          }?from=2026-09-01&to=2026-10-01`,
          headers,
          body: null,
          dialect: "current",
        };
        const response = await proxy.call(await request(attempt));
        const text = await response.text();
        tally.attempts += 1;
        const statuses = tally.byFamily.get("admin") ?? new Map<number, number>();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        tally.byFamily.set("admin", statuses);
        expect(responseProblem(method, response, text, proxy.secrets)).toBeNull();
        expect(response.status, text).toBe(404);
      }),
      { numRuns: 200 },
    );
    const cause = details.failed ? String(details.errorInstance) : "";
    expect(details.failed, `${fc.defaultReportMessage(details) ?? ""}\n${cause}`).toBe(false);
    expect(proxy.upstreamCalls()).toBe(before);
  });

  it("never serves another account's data to filters built to collide with cache keys", async () => {
    const details = await fc.check(fc.asyncProperty(collisionAttempt, (a) => check([a])), {
      numRuns: 300,
    });
    const cause = details.failed ? String(details.errorInstance) : "";
    expect(details.failed, `${fc.defaultReportMessage(details) ?? ""}\n${cause}`).toBe(false);
  });

  it("never serves another account's data while the rightful key's misses are in flight", async () => {
    // Each batch: a cold day of the target, asked by its rightful key and attacked at once.
    let day = 10;
    const batch = fc.tuple(
      fc.constantFrom(...ACCOUNTS),
      fc.constantFrom(...APPS),
      fc.constantFrom(...DIALECTS),
      fc.constantFrom("analytics", "transactions"),
      fc.array(kit, { minLength: 3, maxLength: 3 }),
    );
    const details = await fc.check(
      fc.asyncProperty(batch, async ([target, app, dialect, op, kits]) => {
        const from = TODAY - day++ * DAY_MS;
        const path = `${
          prefixOf(dialect)
        }/account/${target}/app/${app}/${op}/?attemptedStartTime=${from}&attemptedEndTime=${
          from + DAY_MS
        }`;
        const attacks = kits.filter((k) => !entitled(k).has(target)).map((headers): Attempt => ({
          trick: "concurrent",
          method: "GET",
          path,
          headers,
          body: null,
          dialect,
        }));
        const rightfulAnswers = Promise.all([rightfulGet(target, path), rightfulGet(target, path)]);
        await check(attacks);
        for (const response of await rightfulAnswers) {
          expect(response.status, await response.text()).toBe(200);
        }
      }),
      { numRuns: 100 },
    );
    const cause = details.failed ? String(details.errorInstance) : "";
    expect(details.failed, `${fc.defaultReportMessage(details) ?? ""}\n${cause}`).toBe(false);
  });

  it("never serves another account's windows to a pass-through key bound to every account", async () => {
    const first = proxy;
    const tenants = [...DEMO_PROXY_TENANTS, {
      name: "iso-passthrough-all",
      keySha256: toHex(await sha256(ALL_KEY)),
      accounts: [...ACCOUNTS],
      upstream: { kind: "passthrough" },
    }];
    proxy = rig({ PROXY_KEYS: JSON.stringify(tenants) }, first.secrets);
    first.secrets.add(ALL_KEY);
    try {
      // Warm every window by the keyed tenants, then by the shared key with each account's own
      // bearer: the cache is hot and every (bearer, account) pair has succeeded upstream.
      const allKey = (account: string): [string, string][] => [["x-api-key", ALL_KEY], [
        "authorization",
        `Bearer ${BEARER[account]!}`,
      ]];
      for (const { account, path } of targetPaths()) {
        for (const headers of [rightful(account), allKey(account)]) {
          const response = await proxy.call(
            new Request(ORIGIN + path, { headers: new Headers(headers) }),
          );
          expect(response.status, `${path}: ${await response.text()}`).toBe(200);
        }
      }
      const attempt = fc.record({
        credential,
        target: fc.constantFrom(...ACCOUNTS),
        trick: fc.constantFrom("plain", "plain", "plain", "leading-zero", "trailing-dot", "%2F.."),
        operation,
      }).filter(({ credential: c, target }) =>
        !entitled([["x-api-key", ALL_KEY], ["authorization", `Bearer ${c}`]]).has(target)
      ).map(({ credential: c, target, trick, operation: o }): Attempt => {
        const own = ACCOUNTS.find((a) => a !== target)!;
        const query = `attemptedStartTime=${o.window.from}&attemptedEndTime=${o.window.to}`;
        const op = o.op.startsWith("campaign") || o.op === "funnel" ? "transactions" : o.op;
        return {
          trick: `all-accounts-passthrough:${trick}`,
          method: "GET",
          path: `${
            TRICKS[trick]!(own, target, `app/${o.app}/${op}/`, prefixOf(o.dialect))
          }?${query}`,
          headers: [["x-api-key", ALL_KEY], ["authorization", `Bearer ${c}`]],
          body: null,
          dialect: o.dialect,
        };
      });
      const details = await fc.check(fc.asyncProperty(attempt, (a) => check([a])), {
        numRuns: 300,
      });
      const cause = details.failed ? String(details.errorInstance) : "";
      expect(details.failed, `${fc.defaultReportMessage(details) ?? ""}\n${cause}`).toBe(false);
    } finally {
      proxy = first;
    }
  });

  it("still reads every warmed window back unchanged with its rightful key", async () => {
    for (const { account, path } of targetPaths()) {
      const response = await rightfulGet(account, path);
      const text = await response.text();
      if (text !== warmBodies.get(`${account} ${path}`)) tally.poisoned += 1;
    }
    const scan = await scanKv(proxy.env.CACHE, proxy.secrets);
    tally.kvEntries = scan.entries;
    tally.kvProblems = scan.problems;
    expect(scan.entries).toBeGreaterThanOrEqual(warmBodies.size);
    expect(scan.problems).toEqual([]);
    expect(tally.poisoned).toBe(0);
  });

  it("made >= 1,000 attempts with 0 leaks, and logged no error and no secret", () => {
    expect(tally.attempts).toBeGreaterThanOrEqual(1_000);
    expect(tally.leaks).toBe(0);
    expect(tally.problems).toBe(0);
    expect(logProblems(logs, proxy.secrets)).toEqual([]);
  });
});
