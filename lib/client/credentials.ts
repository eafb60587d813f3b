/**
 * Turns an {@link AuthOption} into what the transport calls on every attempt: sign the
 * request, and after a 401 say whether a retry may help (liveperson-api-notes.md §6).
 * @module
 */

import { signOAuth1 } from "../auth/oauth1.ts";
import { AppJwtCache } from "./app-jwt-cache.ts";
import type { Authenticate, AuthOption, FetchLike } from "./types.ts";

/** What the transport needs from the credentials. */
export interface Credentials {
  /** Returns a copy of the request carrying credentials; called on every attempt. */
  authenticate: Authenticate;
  /**
   * After a 401: refreshes what can be refreshed and says whether a retry may help. True only
   * for `oauth2`, once per token: false when the token fetched after a refusal is refused too.
   */
  unauthorized(request: Request): Promise<boolean>;
  /** Which scheme: `custom` for a function. */
  kind: "oauth2" | "oauth1" | "bearer" | "custom";
}

/** What {@link createCredentials} needs besides the option. */
export interface CredentialsContext {
  /** The LivePerson account id. */
  accountId: string;
  /** Returns the `fetch` to use for token requests; called per request. */
  fetch: () => FetchLike;
  /** The clock, epoch milliseconds: AppJWT expiry and OAuth 1.0a timestamps. */
  now: () => number;
  /** Resolves Sentinel's base URL, e.g. `https://va.sentinel.liveperson.net`. */
  sentinelUrl: () => Promise<string>;
  /** Timeout of one AppJWT request (`oauth2`). @default 30_000 */
  tokenTimeoutMs?: number;
}

// The fields each kind requires, all non-empty strings (liveperson-api-notes.md §6A-C).
const FIELDS = {
  oauth2: ["clientId", "clientSecret"],
  oauth1: ["consumerKey", "consumerSecret", "token", "tokenSecret"],
  bearer: ["token"],
} as const;
type Kind = keyof typeof FIELDS;

// RFC 9110 §5.5: a header value is visible ASCII, spaces, tabs and obs-text; no CR, LF or NUL.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Checks an auth option once, when a client is built, and copies its known fields.
 * @param auth What the caller passed as `auth`.
 * @returns A validated copy (functions are returned as they are).
 * @throws {TypeError} When it is neither an object nor a function, its `kind` is unknown, or a
 * required field is missing, not a string or empty. The message names the field, never its value.
 * @example
 * ```ts
 * import { validateAuthOption } from "./credentials.ts";
 * try {
 *   validateAuthOption({ kind: "bearer", token: "" });
 * } catch (error) {
 *   console.log((error as TypeError).message); // "Cannot use bearer auth as token is empty"
 * }
 * ```
 */
export function validateAuthOption(auth: unknown): AuthOption {
  if (typeof auth === "function") return auth as AuthOption;
  if (typeof auth !== "object" || auth === null || Array.isArray(auth)) {
    const type = auth === null ? "null" : Array.isArray(auth) ? "array" : typeof auth;
    throw new TypeError(`Cannot use auth as it is not an object or a function: ${type}`);
  }
  const record = auth as Record<string, unknown>;
  const kind = record["kind"];
  if (typeof kind !== "string" || !Object.hasOwn(FIELDS, kind)) {
    // Quote only what looks like a kind ("OAuth2", "basic"): a misplaced secret stays unquoted.
    const shown = typeof kind !== "string"
      ? typeof kind
      : /^[\w .-]{0,16}$/.test(kind)
      ? JSON.stringify(kind)
      : `a string of ${kind.length} characters`;
    throw new TypeError(
      `Cannot use auth as its kind is not "oauth2", "oauth1" or "bearer": ${shown}`,
    );
  }
  const copy: Record<string, string> = { kind };
  for (const field of FIELDS[kind as Kind]) {
    const value = record[field];
    // Never quote the value: it is a secret.
    if (value === undefined) throw new TypeError(`Cannot use ${kind} auth as ${field} is missing`);
    if (typeof value !== "string") {
      throw new TypeError(`Cannot use ${kind} auth as ${field} is not a string: ${typeof value}`);
    }
    if (value.trim() === "") throw new TypeError(`Cannot use ${kind} auth as ${field} is empty`);
    copy[field] = value;
  }
  // A bearer token goes into a header as it is; Headers would reject it with the value quoted.
  if (kind === "bearer" && !HEADER_VALUE.test(copy["token"] ?? "")) {
    throw new TypeError("Cannot use bearer auth as token has characters a header cannot carry");
  }
  return copy as AuthOption;
}

/**
 * Builds the credentials of one client.
 * @param auth OAuth 2.0 client credentials (an AppJWT, cached), OAuth 1.0a keys (every attempt
 * signed afresh), a bearer token, or a function that signs each request.
 * @param context The account, transport, clock and Sentinel of the client.
 * @returns The credentials; `authenticate` never changes its input, it returns a new `Request`.
 * @throws {TypeError} As {@link validateAuthOption}.
 * @example Sign a request with OAuth 1.0a keys
 * ```ts
 * import { createSandbox, DEMO_TENANTS } from "../sandbox/mod.ts";
 * import { createCredentials } from "./credentials.ts";
 * const sandbox = createSandbox();
 * const tenant = DEMO_TENANTS[0]!;
 * const credentials = createCredentials({ kind: "oauth1", ...tenant.oauth1 }, {
 *   accountId: tenant.accountId,
 *   fetch: () => sandbox.fetch,
 *   now: () => Date.now(),
 *   sentinelUrl: () => Promise.resolve("https://va.sentinel.liveperson.net"),
 * });
 * const unsigned = new Request("https://va.cx-reporting.liveperson.net/api/account/10000001/app/prmsg/analytics/");
 * const signed = await credentials.authenticate(unsigned);
 * console.log(signed.headers.get("authorization")?.startsWith("OAuth ")); // true
 * console.log(unsigned.headers.has("authorization")); // false
 * ```
 */
export function createCredentials(auth: AuthOption, context: CredentialsContext): Credentials {
  const option = validateAuthOption(auth);
  // Only an AppJWT can be refreshed; the other credentials would fail the same way again.
  const noRetry = (): Promise<boolean> => Promise.resolve(false);
  if (typeof option === "function") {
    return {
      kind: "custom",
      // The function gets a copy, so whatever it does leaves the caller's request intact.
      authenticate: async (request) => {
        const result: unknown = await option(request.clone());
        if (!(result instanceof Request)) {
          throw new TypeError(
            `Cannot authenticate request as the auth function did not return a Request: ${typeof result}`,
          );
        }
        return result;
      },
      unauthorized: noRetry,
    };
  }
  switch (option.kind) {
    case "bearer": {
      const header = `Bearer ${option.token}`;
      return {
        kind: "bearer",
        // An executor's throw (a body already read) becomes a rejection, as for the other kinds.
        authenticate: (request) =>
          new Promise((resolve) => resolve(withAuthorization(request, header))),
        unauthorized: noRetry,
      };
    }
    case "oauth1":
      return {
        kind: "oauth1",
        // RFC 5849 §3.3: a fresh nonce and timestamp for every attempt.
        authenticate: async (request) =>
          withAuthorization(request, await signOAuth1(request, option, { now: context.now() })),
        unauthorized: noRetry,
      };
    case "oauth2": {
      const cache = new AppJwtCache({
        accountId: context.accountId,
        clientId: option.clientId,
        clientSecret: option.clientSecret,
        sentinelUrl: context.sentinelUrl,
        fetch: context.fetch,
        now: context.now,
        ...(context.tokenTimeoutMs === undefined ? {} : { timeoutMs: context.tokenTimeoutMs }),
      });
      return {
        kind: "oauth2",
        authenticate: async (request) =>
          withAuthorization(request, `Bearer ${await cache.token(request.signal)}`),
        unauthorized: (request) => {
          const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
          return Promise.resolve(token !== undefined && cache.invalidate(token));
        },
      };
    }
  }
}

/** A copy of `request` (body teed, signal kept) with its `Authorization` header set. */
function withAuthorization(request: Request, value: string): Request {
  const copy = request.clone();
  const headers = new Headers(copy.headers);
  headers.set("authorization", value);
  return new Request(copy, { headers });
}
