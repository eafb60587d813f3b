import { describe, expect, it } from "vitest";
import { decodeJwtPayload } from "../../lib/auth/jwt.ts";
import { issueAppJwt, verifyAppJwt } from "../../lib/sandbox/app-jwt.ts";

const NOW = 1_700_000_000_000;
const SECRET = "jwt-secret";
const OPTIONS = {
  accountId: "10000001",
  clientId: "sandbox-client-10000001",
  now: NOW,
  secret: SECRET,
};
// Computed with Python's hmac/hashlib/base64, independently of this code.
const EXPECTED = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
  "eyJhdWQiOiJsZTEwMDAwMDAxIiwiYXpwIjoic2FuZGJveC1jbGllbnQtMTAwMDAwMDEiLCJzY29wZSI6InJlcG9ydGluZyIsImlzcyI6IlNlbnRpbmVsIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9." +
  "JfPPi7gs1iEs20ewiUolj7czYUo58Bt73hq_hluNEX8";

function segment(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("issueAppJwt()", () => {
  it("issueAppJwt() issues the HS256 token an independent implementation computes", async () => {
    expect(await issueAppJwt(OPTIONS)).toBe(EXPECTED);
  });

  it("issueAppJwt() carries Sentinel's claims with a one-hour lifetime", async () => {
    expect(decodeJwtPayload(await issueAppJwt({ ...OPTIONS, now: NOW + 999 }))).toEqual({
      aud: "le10000001",
      azp: "sandbox-client-10000001",
      scope: "reporting",
      iss: "Sentinel",
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
  });

  it("issueAppJwt() honours ttlMs", async () => {
    const payload = decodeJwtPayload(await issueAppJwt({ ...OPTIONS, ttlMs: 60_000 }));
    expect(payload?.["exp"]).toBe(1_700_000_060);
  });

  it("issueAppJwt() rejects an empty secret", async () => {
    await expect(issueAppJwt({ ...OPTIONS, secret: "" })).rejects.toThrow(TypeError);
  });
});

describe("verifyAppJwt()", () => {
  it("verifyAppJwt() accepts its own token and names account and client", async () => {
    expect(await verifyAppJwt(EXPECTED, { secret: SECRET, now: NOW + 3_599_999 })).toEqual({
      ok: true,
      accountId: "10000001",
      clientId: "sandbox-client-10000001",
    });
  });

  it("verifyAppJwt() reports expiry from exp onwards", async () => {
    expect(await verifyAppJwt(EXPECTED, { secret: SECRET, now: NOW + 3_600_000 })).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("verifyAppJwt() reports a signature under another secret", async () => {
    expect(await verifyAppJwt(EXPECTED, { secret: "other", now: NOW })).toEqual({
      ok: false,
      reason: "signature",
    });
  });

  it("verifyAppJwt() reports a tampered payload as a bad signature", async () => {
    const [header, , signature] = EXPECTED.split(".");
    const forged = `${header}.${
      segment({ aud: "le20000002", azp: "x", exp: 1_800_000_000 })
    }.${signature}`;
    expect(await verifyAppJwt(forged, { secret: SECRET, now: NOW })).toEqual({
      ok: false,
      reason: "signature",
    });
  });

  it("verifyAppJwt() checks the signature before expiry", async () => {
    expect(await verifyAppJwt(EXPECTED, { secret: "other", now: NOW + 10 * 3_600_000 })).toEqual({
      ok: false,
      reason: "signature",
    });
  });

  it("verifyAppJwt() calls malformed tokens and alg none malformed", async () => {
    const [, payload] = EXPECTED.split(".");
    for (
      const token of [
        "",
        "abc",
        EXPECTED.split(".").slice(0, 2).join("."),
        `${EXPECTED}.x`,
        `${segment({ alg: "none", typ: "JWT" })}.${payload}.`,
        `${segment({ alg: "HS256" })}.!!.sig`,
      ]
    ) {
      expect(await verifyAppJwt(token, { secret: SECRET, now: NOW })).toEqual({
        ok: false,
        reason: "malformed",
      });
    }
  });

  it("verifyAppJwt() calls a well-signed token without Sentinel claims malformed", async () => {
    const input = `${segment({ alg: "HS256", typ: "JWT" })}.${segment({ aud: "x", exp: 1 })}`;
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(SECRET),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(
      await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)),
    );
    const signature = btoa(String.fromCharCode(...mac)).replace(/\+/g, "-").replace(/\//g, "_")
      .replace(/=+$/, "");
    expect(await verifyAppJwt(`${input}.${signature}`, { secret: SECRET, now: NOW })).toEqual({
      ok: false,
      reason: "malformed",
    });
  });
});
