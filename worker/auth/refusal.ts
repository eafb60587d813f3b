/**
 * The outcome of authorizing a request, shared by the three ways in (authorize.ts).
 * @module
 */

import type { ProxyTenant } from "./tenants.ts";

/** The outcome of authorizing a request; `message` never holds a key or credential. */
export type Authorization =
  | {
    ok: true;
    tenant: ProxyTenant;
    /** Pass-through only: the caller's LivePerson `Authorization` header value, unchanged. */
    passthrough: string | null;
  }
  | { ok: false; status: 401 | 403; message: string };

const ACCOUNT_ID = /^[0-9]{1,32}$/;

/**
 * A refusal with a message that never quotes a credential.
 * @param status 401 (who are you?) or 403 (not this account).
 * @param reason Worded to follow "Cannot authorize request as".
 * @returns The refusal.
 */
export function refuse(status: 401 | 403, reason: string): Authorization {
  return { ok: false, status, message: `Cannot authorize request as ${reason}` };
}

/**
 * The 403 of a credential not bound to the account of the path.
 * @param credential What was presented, e.g. `the proxy key`.
 * @param accountId The account id from the URL path; quoted only when it looks like one.
 * @returns The refusal.
 */
export function notBound(credential: string, accountId: string): Authorization {
  return refuse(
    403,
    ACCOUNT_ID.test(accountId)
      ? `${credential} is not bound to account: ${accountId}`
      : `${credential} is not bound to the account of the path`,
  );
}
