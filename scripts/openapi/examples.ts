/**
 * Examples for the OpenAPI document: real answers of the sandbox (the upstream the proxy
 * relays and caches, same serializers, same wire), on a fixed clock so that regenerating the
 * document gives the same file. Error trace ids are random UUIDs: one fixed id stands in.
 *
 * @module
 */
import { funnelOfRows, planFunnel } from "../../lib/client/funnel-plan.ts";
import type { Dialect } from "../../lib/model/canonical.ts";
import { createSandbox, type Sandbox } from "../../lib/sandbox/mod.ts";
import { DEMO_TENANTS } from "../../lib/sandbox/tenants.ts";
import { DAY_MS, formatUtcDay } from "../../lib/windows.ts";

/** The clock of the examples: 2026-10-15T12:00Z. */
export const EXAMPLE_NOW = Date.UTC(2026, 9, 15, 12);
/** The day the examples ask for: 2026-10-10, a closed day. */
export const EXAMPLE_DAY = Date.UTC(2026, 9, 10);
/** The trace id that stands in for the random ones in error examples. */
export const EXAMPLE_TRACE_ID = "5f0c6a52-6f1e-4c8a-9b1e-2d6f3c9a7e10";

/** The examples by name: `"{dialect}.{operation}"`, `"error.{status}"`, `"edge.{route}"`. */
export type Examples = Record<string, unknown>;

/** The path of a drop-in route for the demo account of `dialect` (the sandbox's first tenant). */
function path(dialect: Dialect, rest: string): string {
  const account = DEMO_TENANTS[0]!.accountId;
  return `${dialect === "current" ? "/api" : ""}/account/${account}/app/prmsg/${rest}`;
}

async function answer(sandbox: Sandbox, target: string, init: RequestInit = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) {
    headers.set("authorization", `Bearer ${DEMO_TENANTS[0]!.bearer}`);
  }
  const response = await sandbox.fetch(`http://sandbox.test${target}`, { ...init, headers });
  const body = await response.json() as Record<string, unknown>;
  if ("requestTraceId" in body) body["requestTraceId"] = EXAMPLE_TRACE_ID;
  return body;
}

/**
 * Asks a fresh sandbox (volume 4, fixed clock) every drop-in route of both dialects, a few
 * errors, and computes the `/_edge` answers the way the Worker does.
 *
 * @returns The examples by name.
 */
export async function collectExamples(): Promise<Examples> {
  const sandbox = createSandbox({
    now: () => EXAMPLE_NOW,
    volume: 4,
    rateLimit: Number.POSITIVE_INFINITY,
  });
  const window = `attemptedStartTime=${EXAMPLE_DAY}&attemptedEndTime=${EXAMPLE_DAY + DAY_MS}`;
  const examples: Examples = {};
  const campaignId = firstCampaign(
    await answer(sandbox, path("current", `transactions/?${window}`)),
  );
  for (const dialect of ["current", "2.0"] as const) {
    examples[`${dialect}.analytics`] = await answer(sandbox, path(dialect, `analytics/?${window}`));
    examples[`${dialect}.analyticsPost`] = await answer(
      sandbox,
      path(dialect, `analytics/?${window}`),
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ filters: { channels: ["sms"] } }),
      },
    );
    examples[`${dialect}.transactions`] = await answer(
      sandbox,
      path(dialect, `transactions/?${window}&limit=2`),
    );
    examples[`${dialect}.campaignReport`] = await answer(
      sandbox,
      path(dialect, `campaigns/${campaignId}/?limit=2`),
    );
    examples[`${dialect}.campaignAnalytics`] = await answer(
      sandbox,
      path(dialect, `campaigns/${campaignId}/analytics/`),
    );
  }
  examples["error.400"] = await answer(
    sandbox,
    path("current", `transactions/?attemptedStartTime=${EXAMPLE_DAY}`),
  );
  examples["error.401"] = await answer(sandbox, path("current", `analytics/?${window}`), {
    headers: { authorization: "Bearer not-a-token" },
  });
  const accountId = DEMO_TENANTS[0]!.accountId;
  const rows = sandbox.analytics({
    accountId,
    app: "prmsg",
    from: EXAMPLE_DAY,
    to: EXAMPLE_DAY + DAY_MS,
  });
  examples["edge.funnel"] = {
    accountId,
    app: "prmsg",
    from: EXAMPLE_DAY,
    to: EXAMPLE_DAY + DAY_MS,
    groupBy: ["channel"],
    groups: funnelOfRows(
      rows.map((row) => ({ ...row, accountId })),
      planFunnel({
        from: EXAMPLE_DAY,
        to: EXAMPLE_DAY + DAY_MS,
        now: EXAMPLE_NOW,
        groupBy: ["channel"],
      }),
    ),
    // Ended less than 31 days before EXAMPLE_NOW: replies may still change it.
    maturing: [formatUtcDay(EXAMPLE_DAY)],
  };
  examples["edge.health"] = { status: "ok", upstream: "sandbox" };
  examples["edge.counters"] = sandbox.counters();
  return examples;
}

function firstCampaign(page: unknown): string {
  const rows = (page as { transactions: { proactiveCampaignId?: string | null }[] }).transactions;
  const id = rows.find((row) => typeof row.proactiveCampaignId === "string")?.proactiveCampaignId;
  if (typeof id !== "string") throw new TypeError("Cannot find a campaign in the example day");
  return id;
}
