import type { Dialect } from "../model/canonical.ts";
import type { Operation } from "../windows.ts";
import { DOMAIN_API_HOST } from "../hosts.ts";
import type { Region } from "./tenants.ts";

/** What a request URL asks for. */
export type Route =
  | {
    kind: "reporting";
    operation: Operation;
    dialect: Dialect;
    /** The region the host serves; null on a local host, which serves every account. */
    region: Region | null;
    accountId: string;
    app: string;
    campaignId: string | null;
  }
  | { kind: "domain"; accountId: string; service: string }
  | { kind: "token"; accountId: string; region: Region | null }
  | { kind: "unknown" };

const REGION = "(va|lo|sy)";
const CURRENT_HOST = new RegExp(`^${REGION}\\.cx-reporting\\.liveperson\\.net$`);
const LEGACY_HOST = new RegExp(`^${REGION}\\.connect-to-messaging\\.liveperson\\.net$`);
const SENTINEL_HOST = new RegExp(`^${REGION}\\.sentinel\\.liveperson\\.net$`);

const SEGMENT = "([^/]+)";
const REPORTING_PATH = new RegExp(
  `^(/api)?/account/${SEGMENT}/app/${SEGMENT}/(?:(analytics|transactions)|campaigns/${SEGMENT}(/analytics)?)/?$`,
);
const DOMAIN_PATH = new RegExp(`^/api/account/${SEGMENT}/service/${SEGMENT}/baseURI\\.json$`);
const TOKEN_PATH = new RegExp(`^/sentinel/api/account/${SEGMENT}/app/token/?$`);

/**
 * Matches a URL against the hosts and paths the sandbox serves. A host that is none of
 * LivePerson's (localhost, a test origin) serves every route, each dialect by its path.
 */
export function matchRoute(url: URL): Route {
  const host = url.hostname.toLowerCase();
  const current = CURRENT_HOST.exec(host);
  const legacy = LEGACY_HOST.exec(host);
  const sentinel = SENTINEL_HOST.exec(host);
  const local = current === null && legacy === null && sentinel === null &&
    host !== DOMAIN_API_HOST;
  const path = url.pathname;

  if (host === DOMAIN_API_HOST || local) {
    const domain = DOMAIN_PATH.exec(path);
    if (domain !== null) {
      return { kind: "domain", accountId: decode(domain[1]), service: decode(domain[2]) };
    }
  }
  if (sentinel !== null || local) {
    const token = TOKEN_PATH.exec(path);
    if (token !== null) {
      return {
        kind: "token",
        accountId: decode(token[1]),
        region: (sentinel?.[1] ?? null) as Region | null,
      };
    }
  }
  const reporting = REPORTING_PATH.exec(path);
  if (reporting === null) return { kind: "unknown" };
  const dialect: Dialect = reporting[1] === "/api" ? "current" : "2.0";
  if (!local && (dialect === "current" ? current === null : legacy === null)) {
    return { kind: "unknown" };
  }
  const campaignId = reporting[5] === undefined ? null : decode(reporting[5]);
  const operation: Operation = campaignId === null
    ? (reporting[4] === "analytics" ? "accountAnalytics" : "transactions")
    : (reporting[6] === undefined ? "campaignReport" : "campaignAnalytics");
  return {
    kind: "reporting",
    operation,
    dialect,
    region: ((current ?? legacy)?.[1] ?? null) as Region | null,
    accountId: decode(reporting[2]),
    app: decode(reporting[3]),
    campaignId,
  };
}

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? "");
  } catch {
    return segment ?? "";
  }
}
