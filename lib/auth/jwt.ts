/**
 * JSON Web Tokens: reading them unverified (enough for a client to know when its AppJWT expires,
 * liveperson-api-notes.md §6A: "Refresh before `exp`"), and HS256 signing and verification for
 * the tokens a server issues itself (the sandbox's AppJWTs, the proxy's tokens).
 * @module
 */

/**
 * Encodes bytes as unpadded base64url (RFC 4648 §5), as JWTs use (RFC 7515 §2).
 * @param bytes The bytes.
 * @returns The base64url text, without `=` padding.
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes unpadded (or padded) base64url text.
 * @param text The base64url text.
 * @returns The bytes, or null when `text` is not base64url.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  const unpadded = text.replace(/={1,2}$/, "");
  if (!/^[A-Za-z0-9_-]*$/.test(unpadded) || unpadded.length % 4 === 1) return null;
  const base64 = unpadded.replace(/-/g, "+").replace(/_/g, "/");
  let binary: string;
  try {
    binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  } catch {
    return null;
  }
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/**
 * Decodes the JSON object of a JSON segment of a JWT (header or payload).
 * @param segment A base64url segment.
 * @returns The object, or null when the segment is not base64url UTF-8 JSON of an object.
 */
export function decodeJwtSegment(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64Url(segment);
  if (bytes === null) return null;
  try {
    const value: unknown = JSON.parse(
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes),
    );
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : null;
  } catch {
    return null;
  }
}

/**
 * Decodes the payload (claims) of a compact JWT. The signature is NOT verified: use this
 * only to read a token the caller already trusts, e.g. one just received from Sentinel.
 * @param token A compact JWS: `header.payload.signature`.
 * @returns The claims, or null when the token is not a decodable JWT.
 * @example
 * decodeJwtPayload(accessToken)?.["aud"]; // "le12345678"
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3 || decodeJwtSegment(parts[0] ?? "") === null) return null;
  return decodeJwtSegment(parts[1] ?? "");
}

/**
 * When a JWT expires, from its `exp` claim (RFC 7519 §4.1.4), unverified.
 * @param token A compact JWT.
 * @returns Epoch milliseconds (`exp * 1000`), or null when the token or its `exp` is unusable.
 * @example
 * const refreshAt = (jwtExpiresAt(accessToken) ?? now) - 60_000;
 */
export function jwtExpiresAt(token: string): number | null {
  const exp = decodeJwtPayload(token)?.["exp"];
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
}

const encoder = new TextEncoder();

function hs256Key(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  if (secret === "") throw new TypeError("Cannot use an HS256 key as it is empty");
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [usage],
  );
}

function encodeJsonSegment(value: unknown): string {
  return encodeBase64Url(encoder.encode(JSON.stringify(value)));
}

/**
 * Signs claims as a compact HS256 JWT (RFC 7519, RFC 7515; HMAC-SHA256).
 * @param claims The payload; serialized with `JSON.stringify`.
 * @param secret The HMAC key.
 * @returns `header.payload.signature`, base64url without padding.
 * @throws {TypeError} When the secret is empty.
 * @example
 * const token = await signJwtHs256({ sub: "me", exp: 1_900_000_000 }, secret);
 */
export async function signJwtHs256(
  claims: Record<string, unknown>,
  secret: string,
): Promise<string> {
  const signingInput = `${encodeJsonSegment({ alg: "HS256", typ: "JWT" })}.${
    encodeJsonSegment(claims)
  }`;
  const signature = await crypto.subtle.sign(
    "HMAC",
    await hs256Key(secret, "sign"),
    encoder.encode(signingInput),
  );
  return `${signingInput}.${encodeBase64Url(new Uint8Array(signature))}`;
}

/** The outcome of {@link verifyJwtHs256}: the claims, or why the token is refused. */
export type JwtVerification =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: "malformed" | "signature" };

/**
 * Verifies a compact HS256 JWT's shape, algorithm and signature (in constant time). Claims such
 * as `exp` are the caller's to check.
 * @param token The compact JWT.
 * @param secret The HMAC key it must be signed with.
 * @returns The claims, or `malformed` (not a JWT, not HS256) or `signature`.
 * @throws {TypeError} When the secret is empty.
 */
export async function verifyJwtHs256(token: string, secret: string): Promise<JwtVerification> {
  const parts = token.split(".");
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = decodeJwtSegment(headerPart);
  const claims = decodeJwtSegment(payloadPart);
  const signature = decodeBase64Url(signaturePart);
  if (parts.length !== 3 || header === null || claims === null || signature === null) {
    return { ok: false, reason: "malformed" };
  }
  // RFC 8725 §3.1: accept only the algorithm issued (never "none").
  if (header["alg"] !== "HS256") return { ok: false, reason: "malformed" };
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify(
    "HMAC",
    await hs256Key(secret, "verify"),
    signature,
    encoder.encode(`${headerPart}.${payloadPart}`),
  );
  return valid ? { ok: true, claims } : { ok: false, reason: "signature" };
}
