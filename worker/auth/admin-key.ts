/**
 * The operators' admin keys of `/_edge/admin/` (`ADMIN_KEYS`: SHA-256 digests only, like the
 * tenants' keys). A tenant's key is never an admin key: the two lists are apart.
 * @module
 */
import { bearerToken, MAX_KEY_LENGTH, proxyKeyProblem } from "./bearer-token.ts";
import { digestEquals, sha256 } from "./digest.ts";

/**
 * Whether the request carries an admin key (`X-Admin-Key`, or `Authorization: Bearer`) whose
 * SHA-256 is one of `digests`, compared in constant time with every digest.
 * @param headers The request's headers.
 * @param digests Lowercase hex SHA-256 digests of the admin keys; empty: nobody is an admin.
 */
export async function isAdmin(headers: Headers, digests: readonly string[]): Promise<boolean> {
  if (digests.length === 0) return false;
  const key = presentedAdminKey(headers);
  if (key === null) return false;
  const digest = await sha256(key);
  let found = false;
  for (const expected of digests) {
    // No early exit: the time taken never tells which digest (or how many) were compared.
    found = digestEquals(digest, expected) || found;
  }
  return found;
}

function presentedAdminKey(headers: Headers): string | null {
  const header = headers.get("x-admin-key");
  if (header !== null) return proxyKeyProblem(header, "X-Admin-Key") === null ? header : null;
  const authorization = headers.get("authorization");
  if (authorization === null) return null;
  const bearer = bearerToken(authorization, MAX_KEY_LENGTH, "Authorization");
  return bearer.ok ? bearer.token : null;
}
