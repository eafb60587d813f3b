/**
 * The sandbox's stand-in for Sentinel AppJWTs: HS256 tokens with the claims LivePerson's
 * carry (liveperson-api-notes.md §6A). Real AppJWTs are RS256 under rotating keys; the
 * sandbox signs with one shared secret because only it verifies them.
 * @module
 */

import { signJwtHs256, verifyJwtHs256 } from "../auth/jwt.ts";

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
  return await signJwtHs256(payload, secret);
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
  const verified = await verifyJwtHs256(token, secret);
  if (!verified.ok) return verified;
  const payload = verified.claims;
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
