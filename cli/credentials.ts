/**
 * Credentials from the environment, never from flags (they would land in shell history).
 *
 * @module
 */
import type { App, AuthOption, FetchLike, ReportingClientOptions } from "../lib/mod.ts";
import { createSandbox } from "../lib/sandbox/mod.ts";
import { CliError, EXIT } from "./exit-codes.ts";

/** What a client is built from, besides transport options. */
export type Connection = Pick<ReportingClientOptions, "accountId" | "app" | "auth"> & {
  baseUrl?: string;
  fetch?: FetchLike;
};

const OAUTH1 = [
  "LP_CONSUMER_KEY",
  "LP_CONSUMER_SECRET",
  "LP_ACCESS_TOKEN",
  "LP_ACCESS_TOKEN_SECRET",
] as const;

const CREDENTIAL_VARIABLES = ["LP_CLIENT_ID", "LP_CLIENT_SECRET", ...OAUTH1, "LP_BEARER"];

function readApp(app: string | undefined): App {
  const value = app ?? "prmsg";
  if (value !== "prmsg" && value !== "c2m") {
    throw new CliError(
      `Unknown app: ${JSON.stringify(value)} (set --app or LP_APP to prmsg or c2m)`,
      EXIT.usage,
    );
  }
  return value;
}

function authFromEnv(env: Readonly<Record<string, string | undefined>>): AuthOption {
  const set = (name: string): boolean => (env[name] ?? "") !== "";
  if (set("LP_CLIENT_ID") || set("LP_CLIENT_SECRET")) {
    if (!set("LP_CLIENT_ID") || !set("LP_CLIENT_SECRET")) {
      throw new CliError(
        "Incomplete OAuth 2.0 credentials: set both LP_CLIENT_ID and LP_CLIENT_SECRET",
        EXIT.auth,
      );
    }
    return { kind: "oauth2", clientId: env.LP_CLIENT_ID!, clientSecret: env.LP_CLIENT_SECRET! };
  }
  if (OAUTH1.some(set)) {
    const missing = OAUTH1.filter((name) => !set(name));
    if (missing.length > 0) {
      throw new CliError(
        `Incomplete OAuth 1.0a credentials: set ${missing.join(", ")} as well`,
        EXIT.auth,
      );
    }
    return {
      kind: "oauth1",
      consumerKey: env.LP_CONSUMER_KEY!,
      consumerSecret: env.LP_CONSUMER_SECRET!,
      token: env.LP_ACCESS_TOKEN!,
      tokenSecret: env.LP_ACCESS_TOKEN_SECRET!,
    };
  }
  if (set("LP_BEARER")) return { kind: "bearer", token: env.LP_BEARER! };
  throw new CliError(
    "No credentials: set LP_CLIENT_ID and LP_CLIENT_SECRET (or the four OAuth 1.0a variables, or LP_BEARER), or try --sandbox",
    EXIT.auth,
  );
}

/** Where the data comes from, as the command line and environment say. */
export interface ConnectionRequest {
  sandbox: boolean;
  baseUrl?: string;
  app?: string;
}

/**
 * Builds the account, app and credentials of a run: the embedded sandbox's first demo tenant
 * (or `LP_ACCOUNT_ID` when it names one) with its own credentials unless the environment
 * sets some, the proxy with `LP_PROXY_KEY`, or LivePerson with the environment's credentials.
 *
 * @param request The flags that choose the upstream.
 * @param env The environment.
 * @returns The connection.
 * @throws {CliError} (auth) on missing or incomplete credentials, (usage) on an unknown app.
 */
export function connectionFromEnv(
  request: ConnectionRequest,
  env: Readonly<Record<string, string | undefined>>,
): Connection {
  const app = readApp(request.app ?? env.LP_APP);
  if (request.sandbox) {
    const volume = env.LP_SANDBOX_VOLUME === undefined ? undefined : Number(env.LP_SANDBOX_VOLUME);
    if (volume !== undefined && !(volume > 0)) {
      throw new CliError(
        `LP_SANDBOX_VOLUME is not a positive number: ${JSON.stringify(env.LP_SANDBOX_VOLUME)}`,
        EXIT.usage,
      );
    }
    const sandbox = createSandbox(volume === undefined ? {} : { volume });
    const tenant = sandbox.tenants.find((t) => t.accountId === env.LP_ACCOUNT_ID) ??
      sandbox.tenants[0]!;
    // The environment's credentials, when it has any, face the sandbox's checks as they are.
    const given = CREDENTIAL_VARIABLES.some((name) => (env[name] ?? "") !== "");
    return {
      accountId: tenant.accountId,
      app,
      auth: given ? authFromEnv(env) : { kind: "oauth2", ...tenant.oauth2 },
      fetch: sandbox.fetch,
    };
  }
  const accountId = env.LP_ACCOUNT_ID ?? "";
  if (accountId === "") {
    throw new CliError(
      "No account: set LP_ACCOUNT_ID to your LivePerson account id, or try --sandbox",
      EXIT.auth,
    );
  }
  if (request.baseUrl !== undefined) {
    const key = env.LP_PROXY_KEY ?? "";
    if (key === "") {
      throw new CliError("No proxy key: set LP_PROXY_KEY to use --base-url", EXIT.auth);
    }
    return { accountId, app, auth: { kind: "bearer", token: key }, baseUrl: request.baseUrl };
  }
  return { accountId, app, auth: authFromEnv(env) };
}
