import type { Region } from "../model/canonical.ts";

export type { Region };

/** Waits `ms`; rejects with `signal.reason` when the signal aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The one shape of `fetch` the client calls. */
export type FetchLike = (input: Request) => Promise<Response>;

/** Returns the request to send, with its credentials; called again on every attempt. */
export type Authenticate = (request: Request) => Promise<Request>;

/** How the client authenticates to LivePerson (liveperson-api-notes.md §6). */
export type AuthOption =
  /** OAuth 2.0 client credentials: an AppJWT from Sentinel, cached and refreshed (recommended). */
  | { kind: "oauth2"; clientId: string; clientSecret: string }
  /** OAuth 1.0a API keys: every attempt is signed afresh with HMAC-SHA1. */
  | {
    kind: "oauth1";
    consumerKey: string;
    consumerSecret: string;
    token: string;
    tokenSecret: string;
  }
  /** A Login Service ("LE") bearer token, or a proxy key when `baseUrl` points at the proxy. */
  | { kind: "bearer"; token: string }
  /** Your own signer: receives each attempt's request and returns the one to send. */
  | Authenticate;
