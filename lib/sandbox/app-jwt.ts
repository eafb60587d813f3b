/**
 * The sandbox's stand-in for Sentinel AppJWTs: HS256 tokens with the claims LivePerson's
 * carry (liveperson-api-notes.md §6A). Real AppJWTs are RS256 under rotating keys; the
 * sandbox signs with one shared secret because only it verifies them.
 * @module
 */

import { decodeBase64Url, decodeJwtSegment, encodeBase64Url } from "../auth/jwt.ts";

/** Options of {@link issueAppJwt}. */
export interface IssueAppJwtOptions {
  /** The LivePerson account the token is for; becomes `aud: "le<accountId>"`. */
  accountId: string;
  /** The OAuth 2.0 client (app installation) id; becomes `azp`. */
  clientId: string;
  /** Issue time, epoch milliseconds. */
  now: number;
  /** The HMAC-SHA256 secret. */
  secret: string;
  /**
   * Lifetime in milliseconds. LP: "An AppJWT is valid for one hour" (§6A).
   * @default 3_600_000
   */
  ttlMs?: number;
}

/** Options of {@link verifyAppJwt}. */
export interface VerifyAppJwtOptions {
  /** The HMAC-SHA256 secret the token was issued with. */
  secret: string;
  /** Verification time, epoch milliseconds. */
  now: number;
}

/** The outcome of {@link verifyAppJwt}. */
export type AppJwtVerification =
  | { ok: true; accountId: string; clientId: string }
  | { ok: false; reason: "malformed" | "signature" | "expired" };

const encoder = new TextEncoder();

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  if (secret === "") throw new TypeError("Cannot use an AppJWT secret as it is empty");
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [usage],
  );
}

function encodeJson(value: unknown): string {
  return encodeBase64Url(encoder.encode(JSON.stringify(value)));
}

/**
 * Issues an AppJWT as Sentinel's token endpoint would, HS256-signed.
 * @param options Account, client, clock, secret and lifetime.
 * @returns The compact JWT.
 * @throws {TypeError} When the secret is empty.
 * @example
 * const jwt = await issueAppJwt({ accountId: "10000001", clientId: "c", now: Date.now(), secret });
 */
export async function issueAppJwt(
  { accountId, clientId, now, secret, ttlMs = 3_600_000 }: IssueAppJwtOptions,
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const payload = {
    aud: `le${accountId}`,
    azp: clientId,
    scope: "reporting",
    iss: "Sentinel",
    iat,
    exp: Math.floor((now + ttlMs) / 1000),
  };
  const signingInput = `${encodeJson({ alg: "HS256", typ: "JWT" })}.${encodeJson(payload)}`;
  const key = await hmacKey(secret, "sign");
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(signingInput));
  return `${signingInput}.${encodeBase64Url(new Uint8Array(signature))}`;
}

/**
 * Verifies an AppJWT issued by {@link issueAppJwt}: shape, HS256 signature, then `exp`.
 * @param token The compact JWT.
 * @param options The secret and the clock.
 * @returns The account and client on success, else why it failed.
 * @throws {TypeError} When the secret is empty.
 */
export async function verifyAppJwt(
  token: string,
  { secret, now }: VerifyAppJwtOptions,
): Promise<AppJwtVerification> {
  const parts = token.split(".");
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = decodeJwtSegment(headerPart);
  const payload = decodeJwtSegment(payloadPart);
  const signature = decodeBase64Url(signaturePart);
  if (parts.length !== 3 || header === null || payload === null || signature === null) {
    return { ok: false, reason: "malformed" };
  }
  // RFC 8725 §3.1: accept only the algorithm we issue (never "none").
  if (header["alg"] !== "HS256") return { ok: false, reason: "malformed" };
  const key = await hmacKey(secret, "verify");
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    signature,
    encoder.encode(`${headerPart}.${payloadPart}`),
  );
  if (!valid) return { ok: false, reason: "signature" };
  const { aud, azp, exp } = payload;
  if (
    typeof aud !== "string" || !aud.startsWith("le") || typeof azp !== "string" ||
    typeof exp !== "number" || !Number.isFinite(exp)
  ) {
    return { ok: false, reason: "malformed" };
  }
  if (now >= exp * 1000) return { ok: false, reason: "expired" };
  return { ok: true, accountId: aud.slice(2), clientId: azp };
}
