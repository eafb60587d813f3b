/**
 * Reading credentials out of request headers without trusting their size or shape.
 * @module
 */

/** The longest proxy key accepted; longer ones are refused before they are hashed. */
export const MAX_KEY_LENGTH = 512;

// RFC 6750 §2.1 b64token (RFC 7235 token68). No space or comma: `Headers` joins a repeated
// header with ", ", so a repeated credential never matches.
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;
// RFC 9110 §11.1: the scheme is case-insensitive; RFC 6750 §2.1: one or more spaces follow.
const BEARER = /^Bearer(?: +|$)/i;

/**
 * Why a presented proxy key cannot be used, if it cannot.
 * @param key The key as sent (already trimmed by `Headers`).
 * @param where The header, for the message, e.g. `the X-API-Key header`.
 * @returns `null` for a usable key, else a reason that never quotes the key.
 */
export function proxyKeyProblem(key: string, where: string): string | null {
  if (key === "") return `${where} holds an empty proxy key`;
  if (key.length > MAX_KEY_LENGTH) {
    return `${where} holds a proxy key longer than ${MAX_KEY_LENGTH} characters`;
  }
  if (!TOKEN68.test(key)) return `${where} is repeated or holds a malformed proxy key`;
  return null;
}

/** What {@link bearerToken} found. */
export type BearerToken = { ok: true; token: string } | { ok: false; problem: string };

/**
 * Extracts the credential of an `Authorization: Bearer <token>` header. OAuth 1.0a and other
 * schemes are refused: an OAuth 1.0a signature covers the host it was made for, so it cannot be
 * passed through a proxy.
 * @param value The header value (already trimmed by `Headers`).
 * @param maxLength The longest token accepted.
 * @param where The header, for the message.
 * @returns The token, or a reason that never quotes the header.
 */
export function bearerToken(value: string, maxLength: number, where: string): BearerToken {
  const scheme = BEARER.exec(value);
  if (scheme === null) return { ok: false, problem: `${where} is not a Bearer credential` };
  const token = value.slice(scheme[0].length);
  if (token === "") return { ok: false, problem: `${where} holds an empty Bearer credential` };
  if (token.length > maxLength) {
    return {
      ok: false,
      problem: `${where} holds a credential longer than ${maxLength} characters`,
    };
  }
  if (!TOKEN68.test(token)) {
    return { ok: false, problem: `${where} is repeated or not a single Bearer credential` };
  }
  return { ok: true, token };
}
