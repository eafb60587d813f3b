/**
 * Verifying OAuth 1.0a HMAC-SHA1 requests (RFC 5849 §3.2) with the signer's own base string, as
 * a server does: the header's shape, the timestamp window, then the signature. Nonces are the
 * caller's to remember (RFC 5849 §3.3), after the signature, so forged requests burn none.
 * @module
 */

import {
  formParameters,
  parseOAuth1Header,
  signatureBaseString,
  signBaseString,
} from "./oauth1.ts";
import type { OAuth1Credentials } from "./oauth1.ts";
import { sameSecret } from "./same-secret.ts";

/** RFC 5849 §3.3 leaves the timestamp window to the server; ±300 s, as LivePerson's keys use. */
export const OAUTH1_MAX_SKEW_MS = 300_000;

/** The protocol values of a well-formed `Authorization: OAuth …` header. */
export interface OAuth1Authorization {
  /** `oauth_consumer_key`. */
  consumerKey: string;
  /** `oauth_token`. */
  token: string;
  /** `oauth_timestamp`, as sent. */
  timestamp: string;
  /** `oauth_nonce`. */
  nonce: string;
  /** `oauth_signature`, decoded. */
  signature: string;
  /** Every header parameter but `oauth_signature` and `realm`: the ones signed (§3.4.1.3.1). */
  signed: [string, string][];
}

/** What {@link readOAuth1Authorization} found; `reason` never quotes a credential. */
export type OAuth1Reading =
  | { ok: true; authorization: OAuth1Authorization }
  | { ok: false; reason: string };

const REQUIRED = [
  "oauth_consumer_key",
  "oauth_token",
  "oauth_signature_method",
  "oauth_timestamp",
  "oauth_nonce",
  "oauth_signature",
] as const;

/**
 * Reads an `Authorization: OAuth …` header: every required parameter present, HMAC-SHA1,
 * version 1.0 when given.
 * @param header The header value.
 * @returns The protocol values, or a reason to refuse, worded to follow "as".
 * @example
 * const reading = readOAuth1Authorization(request.headers.get("authorization") ?? "");
 * if (!reading.ok) throw new Error(`Cannot authenticate request as ${reading.reason}`);
 */
export function readOAuth1Authorization(header: string): OAuth1Reading {
  const params = parseOAuth1Header(header);
  if (params === null) return { ok: false, reason: "the OAuth header is malformed" };
  for (const name of REQUIRED) {
    if (params[name] === undefined) return { ok: false, reason: `the OAuth header lacks ${name}` };
  }
  const method = params["oauth_signature_method"] ?? "";
  if (method !== "HMAC-SHA1") {
    return {
      ok: false,
      reason: `the OAuth signature method is not HMAC-SHA1: ${method.slice(0, 20)}`,
    };
  }
  const version = params["oauth_version"];
  if (version !== undefined && version !== "1.0") {
    return {
      ok: false,
      reason: `the OAuth version is not 1.0: ${version.slice(0, 20)}`,
    };
  }
  return {
    ok: true,
    authorization: {
      consumerKey: params["oauth_consumer_key"] ?? "",
      token: params["oauth_token"] ?? "",
      timestamp: params["oauth_timestamp"] ?? "",
      nonce: params["oauth_nonce"] ?? "",
      signature: params["oauth_signature"] ?? "",
      signed: Object.entries(params).filter(([name]) =>
        name !== "oauth_signature" && name !== "realm"
      ),
    },
  };
}

/**
 * Why a timestamp is outside the window around the server's clock, if it is.
 * @param timestamp `oauth_timestamp` as sent: whole seconds.
 * @param now The server's clock, epoch milliseconds.
 * @returns `null` within ±{@link OAUTH1_MAX_SKEW_MS}, else a reason worded to follow "as".
 */
export function oauth1TimestampProblem(timestamp: string, now: number): string | null {
  const seconds = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (Math.abs(seconds * 1000 - now) <= OAUTH1_MAX_SKEW_MS) return null;
  return `the OAuth timestamp is more than 300 s from the server clock: ${timestamp.slice(0, 20)}`;
}

/**
 * Whether the signature of a request matches the one the secrets give, compared in constant
 * time. The base string covers the method, `url` (with its query) and the form body.
 * @param request The request; its body stays readable.
 * @param url The URL the client signed: the request's own, or the public URL a proxy is
 *   reached by.
 * @param authorization The header's values ({@link readOAuth1Authorization}).
 * @param secrets The consumer secret and token secret that sign this key.
 * @returns True when the signatures are equal.
 */
export async function oauth1SignatureMatches(
  request: Request,
  url: string,
  authorization: OAuth1Authorization,
  secrets: Pick<OAuth1Credentials, "consumerSecret" | "tokenSecret">,
): Promise<boolean> {
  const base = signatureBaseString(request.method, url, [
    ...authorization.signed,
    ...await formParameters(request),
  ]);
  return await sameSecret(authorization.signature, await signBaseString(base, secrets));
}
