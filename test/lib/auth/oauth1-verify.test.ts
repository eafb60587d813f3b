// The OAuth 1.0a verifier against an independent signer: RFC 5849 written again here on
// node:crypto and encodeURIComponent, sharing no code with lib/auth/oauth1.ts.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  OAUTH1_MAX_SKEW_MS,
  oauth1SignatureMatches,
  oauth1TimestampProblem,
  readOAuth1Authorization,
} from "../../../lib/auth/oauth1-verify.ts";

/** RFC 3986 unreserved kept, all else %XX of UTF-8 (RFC 5849 §3.6), via encodeURIComponent. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

interface Keys {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** An independent RFC 5849 signer: the whole Authorization header of a request. */
function independentHeader(
  method: string,
  url: string,
  keys: Keys,
  nonce: string,
  timestamp: number,
  form: [string, string][] = [],
): string {
  const parsed = new URL(url);
  const oauth: [string, string][] = [
    ["oauth_consumer_key", keys.consumerKey],
    ["oauth_nonce", nonce],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", String(timestamp)],
    ["oauth_token", keys.token],
    ["oauth_version", "1.0"],
  ];
  const pairs = [...parsed.searchParams, ...form, ...oauth]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort((a, b) => (a[0] === b[0] ? (a[1]! < b[1]! ? -1 : 1) : a[0]! < b[0]! ? -1 : 1));
  const base = [
    method,
    rfc3986(`${parsed.protocol}//${parsed.host}${parsed.pathname}`),
    rfc3986(pairs.map(([k, v]) => `${k}=${v}`).join("&")),
  ].join("&");
  const signature = createHmac(
    "sha1",
    `${rfc3986(keys.consumerSecret)}&${rfc3986(keys.tokenSecret)}`,
  )
    .update(base, "utf8")
    .digest("base64");
  return `OAuth realm="proxy", ${
    [...oauth, ["oauth_signature", signature]].map(([k, v]) => `${k}="${rfc3986(v!)}"`).join(", ")
  }`;
}

const KEYS: Keys = {
  consumerKey: "ck:!*'()+ é",
  consumerSecret: "cs &=+/%~*ü😀",
  token: "tok en+/=&",
  tokenSecret: "ts&=%~*",
};
const NOW = 1_790_000_000_000;

async function verifies(request: Request, header: string, keys: Keys = KEYS): Promise<boolean> {
  const reading = readOAuth1Authorization(header);
  if (!reading.ok) throw new Error(reading.reason);
  return await oauth1SignatureMatches(request, request.url, reading.authorization, keys);
}

describe("oauth1SignatureMatches() against an independent node:crypto signer", () => {
  const urls = [
    "http://127.0.0.1:8787/api/account/20000002/app/prmsg/analytics/?attemptedStartTime=1&attemptedEndTime=2",
    "https://Proxy.Example.COM:443/account/20000002/app/c2m/transactions?channels=sms,wa&skills=a%20b&skills=%E2%82%AC%2B!*'()&x=",
    "https://proxy.example.com/_edge/funnel/20000002/prmsg?from=2026-10-01&to=2026-10-08&groupBy=day%2Cchannel&q=%F0%9F%98%80~._-",
  ];
  for (const url of urls) {
    it(`oauth1SignatureMatches() accepts the independent signature of ${url.slice(0, 60)}…`, async () => {
      const header = independentHeader("GET", url, KEYS, "n+/= é", NOW / 1000);
      expect(await verifies(new Request(url), header)).toBe(true);
      expect(await verifies(new Request(url), header, { ...KEYS, tokenSecret: "other" })).toBe(
        false,
      );
    });
  }

  it("oauth1SignatureMatches() covers form bodies with reserved and non-ASCII characters", async () => {
    const url = "https://proxy.example.com/api/account/1/app/prmsg/analytics/?a=1";
    const form: [string, string][] = [["filters", "sms & wa"], ["ü", "€+%"], ["a", "0"]];
    const header = independentHeader("POST", url, KEYS, "nonce", NOW / 1000, form);
    const request = (body: string) =>
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body,
      });
    const body = new URLSearchParams(form).toString();
    expect(await verifies(request(body), header)).toBe(true);
    expect(await verifies(request(body.replace("wa", "sms")), header)).toBe(false);
  });

  it("oauth1SignatureMatches() refuses the signature of another method or path", async () => {
    const url = "https://proxy.example.com/api/account/1/app/prmsg/analytics/";
    const header = independentHeader("POST", url, KEYS, "n", NOW / 1000);
    expect(await verifies(new Request(url), header)).toBe(false);
    expect(await verifies(new Request(`${url}x`, { method: "POST" }), header)).toBe(false);
  });
});

describe("readOAuth1Authorization() and oauth1TimestampProblem()", () => {
  it("readOAuth1Authorization() names the first missing parameter and refuses other methods", () => {
    const header = independentHeader("GET", "https://a.example/", KEYS, "n", 1);
    expect(readOAuth1Authorization(header.replace(/oauth_nonce="[^"]*", /, ""))).toEqual({
      ok: false,
      reason: "the OAuth header lacks oauth_nonce",
    });
    const plaintext = readOAuth1Authorization(header.replace("HMAC-SHA1", "PLAINTEXT"));
    expect(plaintext.ok).toBe(false);
    expect(readOAuth1Authorization("Bearer x")).toEqual({
      ok: false,
      reason: "the OAuth header is malformed",
    });
  });

  it("oauth1TimestampProblem() accepts ±300 s and refuses beyond or non-numeric", () => {
    const seconds = NOW / 1000;
    expect(OAUTH1_MAX_SKEW_MS).toBe(300_000);
    expect(oauth1TimestampProblem(String(seconds - 300), NOW)).toBeNull();
    expect(oauth1TimestampProblem(String(seconds + 300), NOW)).toBeNull();
    expect(oauth1TimestampProblem(String(seconds - 301), NOW)).toMatch(/more than 300 s/);
    expect(oauth1TimestampProblem(String(seconds + 301), NOW)).toMatch(/more than 300 s/);
    expect(oauth1TimestampProblem("1e9", NOW)).toMatch(/more than 300 s/);
  });
});
