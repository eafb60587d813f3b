/**
 * The proxy key, held for this tab only (session storage, cleared when the tab closes).
 * It never goes into the address bar, a log line or the page's text.
 *
 * @module
 */

/** What the dashboard signs in with. */
export interface Credentials {
  /** The proxy key. */
  key: string;
  /** A pass-through tenant's own LivePerson bearer token, or null. */
  bearer: string | null;
}

const STORAGE_KEY = "lp-reporting-edge.credentials";

/**
 * The credentials of this tab.
 *
 * @returns The credentials, or null when signed out.
 */
export function loadCredentials(): Credentials | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    if (parsed === null || typeof parsed !== "object") return null;
    const { key, bearer } = parsed as Record<string, unknown>;
    if (typeof key !== "string" || key === "") return null;
    return { key, bearer: typeof bearer === "string" && bearer !== "" ? bearer : null };
  } catch {
    return null;
  }
}

/**
 * Keeps the credentials for this tab.
 *
 * @param credentials The credentials.
 */
export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
}

/** Forgets the credentials. */
export function clearCredentials(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * The request headers that present the credentials: `Authorization: Bearer <key>`, or for a
 * pass-through tenant `X-API-Key: <key>` with its own bearer in `Authorization`.
 *
 * @param credentials The credentials.
 * @returns The headers.
 */
export function authHeaders(credentials: Credentials): Record<string, string> {
  return credentials.bearer === null
    ? { authorization: `Bearer ${credentials.key}` }
    : { "x-api-key": credentials.key, authorization: `Bearer ${credentials.bearer}` };
}
