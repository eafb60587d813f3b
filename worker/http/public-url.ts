/**
 * The proxy's public URL (`PUBLIC_URL`): what clients see when the Worker is reached through a
 * custom domain or another proxy. OAuth 1.0a signatures cover it, and the Domain API names it.
 * @module
 */

/**
 * Reads `PUBLIC_URL` once, with the settings.
 * @param raw The setting, if set.
 * @returns The origin (`https://reporting.example.com`, no trailing slash), or null when unset.
 * @throws {TypeError} When it is not an http(s) origin (a path, query or credentials in it).
 */
export function parsePublicUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === "") return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`PUBLIC_URL is not a URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (
    (url.protocol !== "https:" && url.protocol !== "http:") || url.username !== "" ||
    url.password !== "" || url.pathname !== "/" || url.search !== "" || url.hash !== ""
  ) {
    throw new TypeError(
      `PUBLIC_URL is not an http(s) origin without path or query: ${
        JSON.stringify(raw.slice(0, 200))
      }`,
    );
  }
  return url.origin;
}

/**
 * A request's URL as the client addressed it: its path and query under `PUBLIC_URL` when set,
 * else the request's own URL.
 * @param request The incoming request.
 * @param publicUrl The configured origin, or null.
 * @returns An absolute URL.
 */
export function publicUrlOf(request: Request, publicUrl: string | null): string {
  if (publicUrl === null) return request.url;
  const url = new URL(request.url);
  return `${publicUrl}${url.pathname}${url.search}`;
}
