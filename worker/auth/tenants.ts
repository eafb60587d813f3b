/**
 * Proxy tenants: who may call the Worker, for which LivePerson accounts, and with which upstream
 * credentials. Read once from the `PROXY_KEYS` secret (a JSON array); the proxy keys themselves
 * are never stored, only their SHA-256 digests.
 * @module
 */

import { parseUpstreamAuth, type UpstreamAuth } from "./upstream-auth.ts";
import { parseWarmTargets, type WarmTarget } from "./warm-targets.ts";

export type { UpstreamAuth, WarmTarget };
export { DEMO_PROXY_TENANTS } from "./demo-tenants.ts";

/** One caller of the Worker: a proxy key bound to accounts and to the credentials used for them. */
export interface ProxyTenant {
  /** A label for logs and for sharing upstream tokens between this tenant's callers. */
  name: string;
  /** Lowercase hex SHA-256 of the proxy key (64 characters). */
  keySha256: string;
  /** The LivePerson account ids (site ids, digits only) the key may read. */
  accounts: string[];
  /** How the Worker authenticates upstream for this tenant. */
  upstream: UpstreamAuth;
  /** Accounts and apps filled before anyone asks, and archived (worker/auth/warm-targets.ts). */
  warm?: WarmTarget[];
}

const TENANT_FIELDS: ReadonlySet<string> = new Set([
  "name",
  "keySha256",
  "accounts",
  "upstream",
  "warm",
]);
// Printable ASCII, so a name can go into a log line as it is.
const NAME = /^[\x20-\x7e]{1,64}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
// LP: account ids are numeric site ids ("le account id", liveperson-api-notes.md §1).
const ACCOUNT_ID = /^[0-9]{1,32}$/;

function fail(path: string, reason: string): TypeError {
  // Name the field, never quote its value: it may be a secret or a secret's digest.
  return new TypeError(`Cannot parse PROXY_KEYS as ${path} ${reason}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseAccounts(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw fail(path, "is not a non-empty array of account ids");
  }
  const accounts: string[] = [];
  value.forEach((account: unknown, index) => {
    if (typeof account !== "string" || !ACCOUNT_ID.test(account)) {
      throw fail(`${path}[${index}]`, "is not a string of 1 to 32 digits");
    }
    if (accounts.includes(account)) throw fail(`${path}[${index}]`, "repeats an account id");
    accounts.push(account);
  });
  return accounts;
}

function parseTenant(value: unknown, path: string): ProxyTenant {
  if (!isRecord(value)) throw fail(path, "is not an object");
  for (const field of Object.keys(value)) {
    // Unknown fields are typos more often than not ("keySHA256", "account").
    if (!TENANT_FIELDS.has(field)) {
      throw fail(path, `has an unknown field: ${JSON.stringify(field)}`);
    }
  }
  const { name, keySha256, accounts, upstream, warm } = value;
  if (typeof name !== "string" || !NAME.test(name) || name.trim() !== name) {
    throw fail(`${path}.name`, "is not 1 to 64 printable ASCII characters without outer spaces");
  }
  if (typeof keySha256 !== "string" || !SHA256_HEX.test(keySha256)) {
    throw fail(`${path}.keySha256`, "is not 64 hexadecimal digits (the SHA-256 of the proxy key)");
  }
  const tenant: ProxyTenant = {
    name,
    keySha256: keySha256.toLowerCase(),
    accounts: parseAccounts(accounts, `${path}.accounts`),
    upstream: parseUpstreamAuth(upstream, `${path}.upstream`),
  };
  if (warm !== undefined) {
    const passthrough = tenant.upstream.kind === "passthrough";
    tenant.warm = parseWarmTargets(warm, `${path}.warm`, tenant.accounts, passthrough);
  }
  return tenant;
}

/**
 * Parses and validates the `PROXY_KEYS` secret: a non-empty JSON array of
 * `{ name, keySha256, accounts, upstream, warm? }` with unique names and unique key digests.
 * @param json The secret's text.
 * @returns Fresh tenant objects; `keySha256` lowercased.
 * @throws {TypeError} When the text is not JSON or any field is missing, mistyped, unknown or
 *   repeated. The message names the field (`tenants[1].upstream.clientSecret`) and never quotes
 *   a value, so it can be logged.
 * @example
 * ```ts
 * const tenants = parseTenants(JSON.stringify([{
 *   name: "bi-team",
 *   keySha256: "1627e012153ea3a3bb7934f48e1dd75b40d1e5c72c1d24b1656f3e3581cd086b",
 *   accounts: ["10000001"],
 *   upstream: { kind: "passthrough" },
 * }]));
 * tenants[0]?.accounts; // ["10000001"]
 * ```
 */
export function parseTenants(json: string): ProxyTenant[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // No cause: JSON.parse's message quotes the text around the error, secrets included.
    throw new TypeError("Cannot parse PROXY_KEYS as it is not valid JSON");
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError("Cannot parse PROXY_KEYS as it is not a non-empty JSON array of tenants");
  }
  const tenants = value.map((entry: unknown, index) => parseTenant(entry, `tenants[${index}]`));
  tenants.forEach((tenant, index) => {
    const earlier = tenants.slice(0, index);
    if (earlier.some((other) => other.name === tenant.name)) {
      throw fail(`tenants[${index}].name`, "repeats the name of an earlier tenant");
    }
    // One key must mean one tenant, or authorization would depend on the order of the list.
    if (earlier.some((other) => other.keySha256 === tenant.keySha256)) {
      throw fail(`tenants[${index}].keySha256`, "repeats the key of an earlier tenant");
    }
  });
  return tenants;
}
