import type { Dialect, Region } from "./model/canonical.ts";

/** The regional host of the reporting API in `dialect` (liveperson-api-notes.md §1g, §5). */
export function reportingHost(region: Region, dialect: Dialect): string {
  return dialect === "current"
    ? `${region}.cx-reporting.liveperson.net`
    : `${region}.connect-to-messaging.liveperson.net`;
}

/** The Domain API (CSDS) host. */
export const DOMAIN_API_HOST = "api.liveperson.net";

/** The regional Sentinel host that issues AppJWTs. */
export function sentinelHost(region: Region): string {
  return `${region}.sentinel.liveperson.net`;
}
