/**
 * Where an account lives: LivePerson's Domain API (CSDS) maps an account and a service name
 * to that service's host, whose prefix names the account's region (liveperson-api-notes.md §5).
 * @module
 */

import { redactUrl, ValidationError } from "../errors/mod.ts";
import { DOMAIN_API_HOST } from "../hosts.ts";
import { isHttpUrl } from "../http/is-http-url.ts";
import { type Region, REGIONS } from "../model/canonical.ts";
import { requestJson } from "./request-json.ts";
import { SharedFlight } from "./shared-flight.ts";
import type { FetchLike } from "./types.ts";

/** LivePerson's Domain API (CSDS) for production accounts (liveperson-api-notes.md §5). */
export const DOMAIN_API_URL = `https://${DOMAIN_API_HOST}`;

/** Options of {@link DomainResolver}. */
export interface DomainResolverOptions {
  /** The LivePerson account id. */
  accountId: string;
  /** Returns the `fetch` to use; called for every request, never kept. */
  fetch: () => FetchLike;
  /** @default DOMAIN_API_URL */
  domainApiUrl?: string;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
  /** How long a looked-up host is kept. faas-client-node keeps 600 s (§8). @default 600_000 */
  ttlMs?: number;
}

// A host name with an optional port: what CSDS answers ("va.agentvep.liveperson.net").
// Anything else (a path, a scheme, a space) is refused: credentials are sent to this host.
const HOST =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;

interface CacheEntry {
  flight: SharedFlight<string>;
  /** Epoch ms; `Infinity` while the lookup is in flight. */
  expiresAt: number;
}

/**
 * Looks up an account's service hosts through the Domain API, once per service and TTL:
 * concurrent callers share one request, and failures are not kept.
 * @example Find an account's region (here against the sandbox)
 * ```ts
 * import { createSandbox } from "../sandbox/mod.ts";
 * import { DomainResolver } from "./region.ts";
 * const sandbox = createSandbox();
 * const resolver = new DomainResolver({ accountId: "20000002", fetch: () => sandbox.fetch });
 * console.log(await resolver.baseUri("sentinel")); // "lo.sentinel.liveperson.net"
 * console.log(await resolver.region()); // "lo"
 * ```
 */
export class DomainResolver {
  readonly #accountId: string;
  readonly #fetch: () => FetchLike;
  readonly #domainApiUrl: string;
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, CacheEntry>();

  /**
   * @param options The account, the transport and the cache lifetime.
   * @throws {TypeError} When the account id is empty or the Domain API URL is not http(s).
   * @throws {RangeError} When `ttlMs` is negative or not finite.
   */
  constructor(
    { accountId, fetch, domainApiUrl = DOMAIN_API_URL, now = Date.now, ttlMs = 600_000 }:
      DomainResolverOptions,
  ) {
    if (typeof accountId !== "string" || accountId.trim() === "") {
      throw new TypeError("Cannot create a DomainResolver as accountId is missing or empty");
    }
    if (!isHttpUrl(domainApiUrl)) {
      throw new TypeError(
        `Cannot create a DomainResolver as domainApiUrl is not an http(s) URL: ${
          redactUrl(domainApiUrl)
        }`,
      );
    }
    if (!Number.isFinite(ttlMs) || ttlMs < 0) {
      throw new RangeError(`Cannot create a DomainResolver as ttlMs is not a duration: ${ttlMs}`);
    }
    this.#accountId = accountId;
    this.#fetch = fetch;
    this.#domainApiUrl = domainApiUrl.replace(/\/+$/, "");
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  /**
   * The host of one of the account's services, e.g. `va.sentinel.liveperson.net`.
   * @param service A CSDS service name; case sensitive (§5): `agentVep`, `sentinel`...
   * @param signal Gives up waiting; the shared request is aborted only when every caller has.
   * @returns The bare host, as CSDS answers it.
   * @throws {HttpError} When the Domain API answers non-2xx (404 for an unknown service).
   * @throws {NetworkError} When no response arrives.
   * @throws {ValidationError} When the answer is not JSON with a host in `baseURI`.
   */
  baseUri(service: string, signal?: AbortSignal): Promise<string> {
    // A caller that already gave up starts nothing.
    if (signal?.aborted) return Promise.reject(signal.reason);
    const cached = this.#cache.get(service);
    if (cached !== undefined && !cached.flight.abandoned && this.#now() < cached.expiresAt) {
      return cached.flight.join(signal);
    }
    const entry: CacheEntry = {
      flight: new SharedFlight((shared) => this.#lookup(service, shared)),
      expiresAt: Number.POSITIVE_INFINITY,
    };
    this.#cache.set(service, entry);
    entry.flight.promise.then(
      () => {
        entry.expiresAt = this.#now() + this.#ttlMs;
      },
      () => {
        // Failures are not cached: the next call asks again.
        if (this.#cache.get(service) === entry) this.#cache.delete(service);
      },
    );
    return entry.flight.join(signal);
  }

  /**
   * The account's region, from the prefix of its `agentVep` host (§5: `va.` NA, `lo.` EMEA,
   * `sy.` APAC).
   * @param signal Gives up waiting.
   * @returns `"va"`, `"lo"` or `"sy"`.
   * @throws {ValidationError} When the prefix is not a known region.
   * @throws {HttpError | NetworkError} As {@link DomainResolver.baseUri}.
   */
  async region(signal?: AbortSignal): Promise<Region> {
    return regionOfHost(await this.baseUri("agentVep", signal), "agentVep");
  }

  async #lookup(service: string, signal: AbortSignal): Promise<string> {
    const account = encodeURIComponent(this.#accountId);
    const url = `${this.#domainApiUrl}/api/account/${account}/service/${
      encodeURIComponent(service)
    }/baseURI.json?version=1.0`;
    const request = new Request(url, { headers: { accept: "application/json" }, signal });
    const body = await requestJson(this.#fetch(), request, "the Domain API response");
    // LP: {"service":"agentVep","account":"…","baseURI":"va.agentvep.liveperson.net"} (§5).
    const baseUri = typeof body === "object" && body !== null
      ? (body as { baseURI?: unknown }).baseURI
      : undefined;
    if (typeof baseUri === "string" && HOST.test(baseUri)) return baseUri;
    const why = baseUri === undefined
      ? "baseURI is missing"
      : `baseURI is not a host: ${JSON.stringify(baseUri).slice(0, 100)}`;
    const message = `Cannot parse the Domain API response as ${why}`;
    throw new ValidationError(message, {
      issues: [{ code: "custom", path: ["baseURI"], message, input: baseUri }],
    });
  }
}

/**
 * The region a LivePerson host belongs to, from its first label.
 * @param host A host such as `lo.agentvep.liveperson.net`.
 * @param service What the host serves, for the error message.
 * @returns The region.
 * @throws {ValidationError} When the first label is not `va`, `lo` or `sy`.
 * @example
 * ```ts
 * import { regionOfHost } from "./region.ts";
 * console.log(regionOfHost("sy.agentvep.liveperson.net")); // "sy"
 * ```
 */
export function regionOfHost(host: string, service = "service"): Region {
  const prefix = host.split(".", 1)[0]?.toLowerCase() ?? "";
  const region = REGIONS.find((candidate) => candidate === prefix);
  if (region !== undefined) return region;
  const message = `Cannot determine the region as the ${service} baseURI has an unknown prefix: ${
    JSON.stringify(host.slice(0, 100))
  }`;
  throw new ValidationError(message, {
    issues: [{ code: "custom", path: ["baseURI"], message, input: host }],
  });
}

/**
 * The origin of a proxy that stands in for LivePerson's services: when the Domain API names a
 * host outside `liveperson.net` (the proxy's own Domain API does), that host serves reporting
 * and Sentinel itself, reached with the Domain API URL's scheme.
 * @param host A host the Domain API answered, e.g. `reporting.example.com` or `127.0.0.1:8787`.
 * @param domainApiUrl The Domain API base URL that answered it.
 * @returns `https://reporting.example.com`, or null for a LivePerson host.
 * @example
 * ```ts
 * import { proxyOriginOf } from "./region.ts";
 * console.log(proxyOriginOf("127.0.0.1:8787", "http://127.0.0.1:8787")); // "http://127.0.0.1:8787"
 * console.log(proxyOriginOf("va.agentvep.liveperson.net", "https://api.liveperson.net")); // null
 * ```
 */
export function proxyOriginOf(host: string, domainApiUrl: string): string | null {
  const name = host.toLowerCase().replace(/:\d+$/, "");
  if (name === "liveperson.net" || name.endsWith(".liveperson.net")) return null;
  return `${new URL(domainApiUrl).protocol}//${host}`;
}
