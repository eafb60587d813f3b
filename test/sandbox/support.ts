import type { App, Dialect, Transaction } from "../../lib/model/canonical.ts";
import {
  parseAnalyticsResponse,
  parseTransactionsPage,
} from "../../lib/model/wire-to-responses.ts";
import type { AnalyticsRow } from "../../lib/model/canonical.ts";
import type { Sandbox } from "../../lib/sandbox/mod.ts";

/** A fixed "now" for deterministic sandbox tests: 2026-11-27T12:00:00Z. */
export const NOW = Date.UTC(2026, 10, 27, 12);
export const DAY = 86_400_000;

/** The path of an operation in a dialect. */
export function reportingUrl(
  sandbox: Sandbox,
  accountId: string,
  dialect: Dialect,
  rest: string,
): string {
  const prefix = dialect === "current" ? "/api" : "";
  return `${sandbox.baseUrl(accountId, dialect)}${prefix}/account/${accountId}/${rest}`;
}

/** Headers with the tenant's LE bearer token. */
export function bearer(sandbox: Sandbox, accountId: string): Record<string, string> {
  const tenant = sandbox.tenants.find((t) => t.accountId === accountId);
  if (tenant === undefined) throw new Error(`no tenant ${accountId}`);
  return { authorization: `Bearer ${tenant.bearer}` };
}

/** Every transaction of a window through the wire, following `nextOffset`. */
export async function pullTransactions(
  sandbox: Sandbox,
  query: {
    accountId: string;
    app: App;
    dialect: Dialect;
    from: number;
    to: number;
    limit?: number;
  },
): Promise<{ transactions: Transaction[]; pages: number }> {
  const transactions: Transaction[] = [];
  let offset: number | null = 0;
  let pages = 0;
  while (offset !== null) {
    const limit = query.limit === undefined ? "" : `&limit=${query.limit}`;
    const url = reportingUrl(
      sandbox,
      query.accountId,
      query.dialect,
      `app/${query.app}/transactions/?attemptedStartTime=${query.from}&attemptedEndTime=${query.to}&offset=${offset}${limit}`,
    );
    const response = await sandbox.fetch(url, { headers: bearer(sandbox, query.accountId) });
    if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
    const parsed = parseTransactionsPage(await response.json(), query.dialect);
    transactions.push(...parsed.transactions);
    offset = parsed.page.nextOffset;
    pages += 1;
  }
  return { transactions, pages };
}

/** Account analytics of a window through the wire. */
export async function pullAnalytics(
  sandbox: Sandbox,
  query: { accountId: string; app: App; dialect: Dialect; from: number; to: number },
): Promise<AnalyticsRow[]> {
  const url = reportingUrl(
    sandbox,
    query.accountId,
    query.dialect,
    `app/${query.app}/analytics/?attemptedStartTime=${query.from}&attemptedEndTime=${query.to}`,
  );
  const response = await sandbox.fetch(url, { headers: bearer(sandbox, query.accountId) });
  if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
  return parseAnalyticsResponse(await response.json(), query.dialect).rows;
}
