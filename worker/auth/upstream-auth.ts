/**
 * The credentials a proxy tenant uses upstream, and their validation when `PROXY_KEYS` is read.
 * @module
 */
import type { AuthOption } from "../../lib/client/types.ts";

/**
 * How the Worker authenticates to LivePerson for a tenant (liveperson-api-notes.md §6):
 * OAuth 2.0 client credentials exchanged for an AppJWT, OAuth 1.0a keys signing every attempt,
 * or pass-through of the caller's own LivePerson credential.
 */
export type UpstreamAuth =
  | Extract<AuthOption, { kind: "oauth2" | "oauth1" }>
  | { kind: "passthrough" };

// The credential fields of each kind, in the order they are checked.
const FIELDS = {
  oauth2: ["clientId", "clientSecret"],
  oauth1: ["consumerKey", "consumerSecret", "token", "tokenSecret"],
  passthrough: [],
} as const satisfies Record<UpstreamAuth["kind"], readonly string[]>;

// Visible ASCII only: credentials go into headers and form bodies, and a pasted newline or
// space is a configuration mistake better caught here than as an upstream 401.
const CREDENTIAL = /^[\x21-\x7e]{1,4096}$/;

function fail(path: string, reason: string): TypeError {
  // Name the field, never quote its value: it may be a secret.
  return new TypeError(`Cannot parse PROXY_KEYS as ${path} ${reason}`);
}

function isKind(value: unknown): value is UpstreamAuth["kind"] {
  return typeof value === "string" && Object.hasOwn(FIELDS, value);
}

/**
 * Validates one tenant's `upstream` object.
 * @param value The parsed JSON value.
 * @param path Where it sits, for messages, e.g. `tenants[0].upstream`.
 * @returns A fresh object holding only the fields of its kind.
 * @throws {TypeError} When it is not an object, its `kind` is unknown, a credential is missing
 *   or not visible ASCII, or it has a field its kind does not use. Values are never quoted.
 */
export function parseUpstreamAuth(value: unknown, path: string): UpstreamAuth {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail(path, "is not an object");
  }
  const record = value as Record<string, unknown>;
  const { kind } = record;
  if (!isKind(kind)) {
    throw fail(`${path}.kind`, 'is not "oauth2", "oauth1" or "passthrough"');
  }
  const fields: readonly string[] = FIELDS[kind];
  for (const field of Object.keys(record)) {
    if (field !== "kind" && !fields.includes(field)) {
      throw fail(path, `has a field that ${kind} does not use: ${JSON.stringify(field)}`);
    }
  }
  const credentials: Record<string, string> = {};
  for (const field of fields) {
    const credential = record[field];
    if (typeof credential !== "string" || !CREDENTIAL.test(credential)) {
      throw fail(`${path}.${field}`, "is not 1 to 4096 visible ASCII characters");
    }
    credentials[field] = credential;
  }
  // Each kind's fields were all checked above.
  return { kind, ...credentials } as UpstreamAuth;
}
