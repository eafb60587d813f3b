/**
 * OAuth 1.0a request signing (two-legged, HMAC-SHA1) for LivePerson API keys, on Web Crypto
 * alone (liveperson-api-notes.md §6B; RFC 5849).
 * @module
 */

/** The four values of a LivePerson API key (Campaign Builder → Data Sources → API). */
export interface OAuth1Credentials {
  /** The "App key" (`oauth_consumer_key`). */
  consumerKey: string;
  /** The "Secret"; first half of the signing key. */
  consumerSecret: string;
  /** The "Access token" (`oauth_token`). */
  token: string;
  /** The "Access token secret"; second half of the signing key. */
  tokenSecret: string;
}

/** The per-request protocol values. */
export interface OAuth1Params {
  /** A value unique per timestamp (`oauth_nonce`). */
  nonce: string;
  /** Seconds since the epoch (`oauth_timestamp`). */
  timestamp: number;
}

/** Options of {@link signOAuth1}. */
export interface SignOAuth1Options extends Partial<OAuth1Params> {
  /**
   * The clock, in epoch milliseconds, used when `timestamp` is absent.
   * @default Date.now() at call time
   */
  now?: number;
}

const encoder = new TextEncoder();

/**
 * Percent-encodes a value as OAuth 1.0a requires: UTF-8 bytes, unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`) kept, every other byte as uppercase `%XX` (RFC 5849 §3.6).
 * @param value Any string; lone surrogates become U+FFFD.
 * @returns The encoded string.
 * @example
 * percentEncode("a b+ü"); // "a%20b%2B%C3%BC"
 */
export function percentEncode(value: string): string {
  let out = "";
  for (const byte of encoder.encode(value)) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Builds the signature base string: `METHOD&enc(base URI)&enc(normalized parameters)`
 * (RFC 5849 §3.4.1). The query parameters of `url` are added to `params` here.
 * @param method The HTTP method (uppercased).
 * @param url The absolute request URL, query included.
 * @param params Decoded protocol (`oauth_*` but not `oauth_signature`) and form body parameters.
 * @returns The base string.
 * @throws {TypeError} When `url` is not an absolute URL.
 */
export function signatureBaseString(
  method: string,
  url: string,
  params: readonly (readonly [string, string])[],
): string {
  const parsed = new URL(url);
  // RFC 5849 §3.4.1.2: lowercase scheme and host, default port dropped (URL does all three), no query.
  const baseUri = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  // RFC 5849 §3.4.1.3.2: encode, sort by name then value (bytewise), duplicates kept.
  const encoded = [...parsed.searchParams, ...params]
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0);
  const normalized = encoded.map(([name, value]) => `${name}=${value}`).join("&");
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join("&");
}

/**
 * Signs a base string with HMAC-SHA1 under the key `enc(consumerSecret)&enc(tokenSecret)`
 * (RFC 5849 §3.4.2).
 * @param baseString The output of {@link signatureBaseString}.
 * @param credentials The two secrets.
 * @returns The signature, standard base64.
 */
export async function signBaseString(
  baseString: string,
  credentials: Pick<OAuth1Credentials, "consumerSecret" | "tokenSecret">,
): Promise<string> {
  const key = `${percentEncode(credentials.consumerSecret)}&${
    percentEncode(credentials.tokenSecret)
  }`;
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(baseString)),
  );
  // No Buffer in lib/: btoa over a binary string.
  return btoa(String.fromCharCode(...mac));
}

/** The protocol parameters sent with every signed request, `oauth_signature` aside. */
function protocolParams(credentials: OAuth1Credentials, params: OAuth1Params): [string, string][] {
  return [
    ["oauth_consumer_key", credentials.consumerKey],
    ["oauth_nonce", params.nonce],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", String(params.timestamp)],
    ["oauth_token", credentials.token],
    ["oauth_version", "1.0"],
  ];
}

/**
 * Computes the HMAC-SHA1 `oauth_signature` of a request.
 * @param method The HTTP method.
 * @param url The absolute request URL; its query parameters are signed.
 * @param credentials The API key.
 * @param params Nonce and timestamp.
 * @param extraParams Decoded form body parameters, if any.
 * @returns The signature, standard base64.
 * @example
 * const signature = await oauth1Signature("GET", "https://va.cx-reporting.liveperson.net/x?v=2",
 *   { consumerKey: "k", consumerSecret: "s", token: "t", tokenSecret: "ts" },
 *   { nonce: "abc", timestamp: 1700000000 });
 */
export function oauth1Signature(
  method: string,
  url: string,
  credentials: OAuth1Credentials,
  params: OAuth1Params,
  extraParams: readonly (readonly [string, string])[] = [],
): Promise<string> {
  const all = [...protocolParams(credentials, params), ...extraParams];
  return signBaseString(signatureBaseString(method, url, all), credentials);
}

/**
 * Reads the form parameters of a request without consuming its body: only when the
 * content type is `application/x-www-form-urlencoded` (RFC 5849 §3.4.1.3.1).
 * @param request The request; its body stays readable.
 * @returns The decoded name/value pairs, in body order; empty for other bodies.
 * @throws {TypeError} When the body was already read.
 */
export async function formParameters(request: Request): Promise<[string, string][]> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/x-www-form-urlencoded" || request.body === null) return [];
  if (request.bodyUsed) {
    throw new TypeError(`Cannot sign request as its body was already read: ${request.method}`);
  }
  // Bytes, then UTF-8: workerd warns when .text() reads a body whose type is not text.
  return [...new URLSearchParams(new TextDecoder().decode(await request.clone().arrayBuffer()))];
}

/**
 * Signs a request and returns the whole `Authorization` header value. Query parameters
 * and form body parameters are signed; the body is read from a clone.
 * @param request The request to sign.
 * @param credentials The API key.
 * @param options A fixed nonce or timestamp (tests), or an injected clock.
 * @returns `OAuth oauth_consumer_key="…", …, oauth_version="1.0"`, values percent-encoded.
 * @throws {RangeError} When the timestamp is not a whole, non-negative number of seconds.
 * @example
 * request.headers.set("authorization", await signOAuth1(request, credentials));
 */
export async function signOAuth1(
  request: Request,
  credentials: OAuth1Credentials,
  options: SignOAuth1Options = {},
): Promise<string> {
  // Workers forbid randomness at module scope: draw the nonce per call.
  const nonce = options.nonce ?? randomHex(16);
  const timestamp = options.timestamp ?? Math.floor((options.now ?? Date.now()) / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(`Cannot sign request as the timestamp is not whole seconds: ${timestamp}`);
  }
  const params = { nonce, timestamp };
  const signature = await oauth1Signature(
    request.method,
    request.url,
    credentials,
    params,
    await formParameters(request),
  );
  const header: [string, string][] = [...protocolParams(credentials, params), [
    "oauth_signature",
    signature,
  ]];
  header.sort(([a], [b]) => a < b ? -1 : 1);
  return `OAuth ${header.map(([name, value]) => `${name}="${percentEncode(value)}"`).join(", ")}`;
}

/**
 * Parses an `Authorization: OAuth …` header value (RFC 5849 §3.5.1), percent-decoding
 * every value.
 * @param header The header value.
 * @returns The parameters by name, or null when the scheme is not OAuth or a parameter is
 * malformed or repeated.
 */
export function parseOAuth1Header(header: string): Record<string, string> | null {
  const match = /^\s*OAuth(?:\s+(.*?))?\s*$/is.exec(header);
  if (match === null) return null;
  const result: Record<string, string> = {};
  const body = match[1] ?? "";
  if (body === "") return result;
  for (const part of body.split(",")) {
    const pair = /^\s*([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"\s*$/.exec(part);
    if (pair === null) return null;
    const [, rawName = "", rawValue = ""] = pair;
    try {
      const name = decodeURIComponent(rawName);
      if (Object.hasOwn(result, name)) return null;
      result[name] = decodeURIComponent(rawValue);
    } catch {
      return null; // a malformed %XX sequence
    }
  }
  return result;
}

function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buffer, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
