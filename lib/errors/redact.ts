/**
 * Secret scrubbing for anything that ends up in an error, a log line or a response.
 * Redaction happens where an error is built (octokit's `RequestError` does the same), so a
 * caught error can be logged or serialized as it is.
 *
 * @module
 */

/** What a redacted secret is replaced with. */
export const REDACTED = "REDACTED";

// Query and form parameter names (compared without case, "-" or "_") that carry a secret.
// client_id is deliberately absent: it identifies the app and helps debugging.
const SECRET_PARAMS: ReadonlySet<string> = new Set([
  "apikey", // api_key, apiKey, api-key
  "appkey", // LivePerson's name for the OAuth 1.0a consumer key (liveperson-api-notes.md §6B)
  "key",
  "oauthconsumerkey",
  "password",
  "secret",
  "token",
]);
// OAuth 2.0 / 1.0a credentials and signatures: client_secret, access_token, refresh_token,
// id_token, oauth_token, oauth_token_secret, oauth_signature, consumerSecret, tokenSecret...
const SECRET_SUFFIXES = ["secret", "token", "password", "signature"] as const;

// Header names (lowercase) whose values are credentials.
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "cookie",
  "set-cookie",
]);
// Auth headers keep their scheme ("Bearer REDACTED") so a reader can tell which kind was sent.
const SCHEMED_HEADERS: ReadonlySet<string> = new Set(["authorization", "proxy-authorization"]);

/**
 * Whether a query, form or header parameter name looks like it carries a secret.
 *
 * @param name A parameter name, e.g. `client_secret` or `oauth_signature`.
 * @returns `true` for secret-looking names; `false` for `client_id` and ordinary names.
 */
export function isSecretParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, " "));
  } catch {
    // A malformed escape: judge the raw name.
  }
  const normalized = decoded.trim().toLowerCase().replace(/[-_\s]/g, "");
  return SECRET_PARAMS.has(normalized) ||
    SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/** Redacts the values of secret `name=value` pairs in a query string or fragment (no `?`/`#`). */
function redactPairs(pairs: string): string {
  return pairs.split("&").map((pair) => {
    const equals = pair.indexOf("=");
    const name = equals === -1 ? pair : pair.slice(0, equals);
    return equals !== -1 && isSecretParam(name) ? `${name}=${REDACTED}` : pair;
  }).join("&");
}

/**
 * Replaces secrets in a URL with `REDACTED`: the userinfo (`user:pass@`) and the values of
 * secret-looking query and fragment parameters (`client_secret`, `access_token`, `token`,
 * `oauth_signature`, `password`, `api_key`...). Everything else is kept byte for byte, and
 * relative or malformed URLs are handled as plain strings.
 *
 * @param url An absolute or relative URL.
 * @returns The URL with every secret replaced.
 * @example Redact a token but keep the client id
 * ```ts
 * import { redactUrl } from "./redact.ts";
 * redactUrl("https://u:p@host/x?client_id=app&access_token=abc");
 * // "https://REDACTED@host/x?client_id=app&access_token=REDACTED"
 * ```
 */
export function redactUrl(url: string): string {
  // RFC 3986 §3.2.1: userinfo sits between "//" and the first "@" of the authority.
  const withoutUserinfo = url.replace(/^([a-z][a-z0-9+.-]*:)?\/\/[^/?#@]*@/i, `$1//${REDACTED}@`);
  const hashAt = withoutUserinfo.indexOf("#");
  const beforeHash = hashAt === -1 ? withoutUserinfo : withoutUserinfo.slice(0, hashAt);
  // OAuth 2.0 implicit grants put access_token in the fragment (RFC 6749 §4.2.2).
  const fragment = hashAt === -1 ? "" : `#${redactPairs(withoutUserinfo.slice(hashAt + 1))}`;
  const queryAt = beforeHash.indexOf("?");
  if (queryAt === -1) return beforeHash + fragment;
  return `${beforeHash.slice(0, queryAt)}?${redactPairs(beforeHash.slice(queryAt + 1))}${fragment}`;
}

/**
 * Copies headers with credential values replaced: `authorization` and `proxy-authorization`
 * keep only their scheme (`Bearer REDACTED`); `x-api-key`, `cookie`, `set-cookie` and any
 * header named like a secret or token become `REDACTED`. Names are lowercased.
 *
 * @param headers A `Headers` object or a plain record.
 * @returns A new plain record; the input is not modified.
 * @example Keep the scheme, drop the token
 * ```ts
 * import { redactHeaders } from "./redact.ts";
 * redactHeaders({ Authorization: "Bearer eyJ...", "Content-Type": "application/json" });
 * // { authorization: "Bearer REDACTED", "content-type": "application/json" }
 * ```
 */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  const add = (value: string, key: string): void => {
    const name = key.toLowerCase();
    result[name] = redactHeaderValue(name, value);
  };
  if (headers instanceof Headers) headers.forEach(add);
  else for (const [key, value] of Object.entries(headers)) add(value, key);
  return result;
}

function redactHeaderValue(name: string, value: string): string {
  if (SCHEMED_HEADERS.has(name)) {
    const scheme = /^\s*([A-Za-z][A-Za-z0-9._~+-]*)\s+\S/.exec(value)?.[1];
    return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
  }
  return SECRET_HEADERS.has(name) || isSecretParam(name) ? REDACTED : value;
}

/**
 * Scrubs free text (an upstream error message, a network error's message) of credentials:
 * URLs' userinfo, secret `name=value` / `name="value"` pairs and `Bearer`/`Basic`/`OAuth`
 * credentials.
 *
 * @param text Any text.
 * @returns The text with every recognised secret replaced by `REDACTED`.
 * @example
 * ```ts
 * import { redactText } from "./redact.ts";
 * redactText("bad token: Bearer eyJ.abc"); // "bad token: Bearer REDACTED"
 * ```
 */
export function redactText(text: string): string {
  return text
    // RFC 7235 credentials: "Bearer <token68>", "Basic <token68>"; OAuth 1.0a params follow.
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi, `$1${REDACTED}@`)
    .replace(
      /([A-Za-z0-9_.%-]+)=("[^"]*"|[^&\s"',;#]+)/g,
      (pair: string, name: string) => isSecretParam(name) ? `${name}=${REDACTED}` : pair,
    );
}
