import { issueAppJwt } from "./app-jwt.ts";
import { sameSecret } from "./authenticate.ts";
import { InvalidRequestError } from "../http/invalid-request-error.ts";
import { reportingHost, sentinelHost } from "../hosts.ts";
import type { SandboxTenant } from "./tenants.ts";

/**
 * The Domain API (CSDS): `GET /api/account/{id}/service/{service}/baseURI.json?version=1.0`
 * → `{ service, account, baseURI }`. Service names are case sensitive (liveperson-api-notes.md §5).
 * @throws {InvalidRequestError} 400 without `version=1.0`, 404 for an unknown service.
 */
export function answerDomain(
  url: URL,
  tenant: SandboxTenant,
  service: string,
): Record<string, unknown> {
  if (url.searchParams.get("version") !== "1.0") {
    throw new InvalidRequestError(400, "version=1.0 is required");
  }
  const hosts: Record<string, string> = {
    agentVep: `${tenant.region}.agentvep.liveperson.net`,
    sentinel: sentinelHost(tenant.region),
    connectToMessagingDomain: reportingHost(tenant.region, "2.0"),
  };
  const baseURI = hosts[service];
  if (baseURI === undefined) {
    throw new InvalidRequestError(404, `Unknown service: ${JSON.stringify(service.slice(0, 40))}`);
  }
  return { service, account: tenant.accountId, baseURI };
}

/**
 * Sentinel's client-credentials grant: `POST /sentinel/api/account/{id}/app/token?v=1.0&grant_type=client_credentials`
 * with a form body `client_id=…&client_secret=…` → `{ access_token, token_type: "Bearer" }`, a one-hour AppJWT.
 * @throws {InvalidRequestError} 405 unless POST, 400 for a bad grant, 401 for wrong credentials.
 */
export async function answerToken(
  request: Request,
  tenant: SandboxTenant,
  context: { now: number; jwtSecret: string },
): Promise<Record<string, unknown>> {
  if (request.method !== "POST") {
    throw new InvalidRequestError(405, `Method ${request.method} is not allowed`);
  }
  const url = new URL(request.url);
  const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
  const grant = form.get("grant_type") ?? url.searchParams.get("grant_type");
  if (grant !== "client_credentials") {
    throw new InvalidRequestError(400, "grant_type must be client_credentials");
  }
  const clientId = form.get("client_id") ?? "";
  const clientSecret = form.get("client_secret") ?? "";
  const idMatches = await sameSecret(clientId, tenant.oauth2.clientId);
  const secretMatches = await sameSecret(clientSecret, tenant.oauth2.clientSecret);
  if (!(idMatches && secretMatches)) {
    throw new InvalidRequestError(401, "Invalid client credentials");
  }
  const token = await issueAppJwt({
    accountId: tenant.accountId,
    clientId,
    now: context.now,
    secret: context.jwtSecret,
  });
  return { access_token: token, token_type: "Bearer" };
}
