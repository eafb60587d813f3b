// Upstream fault matrix for the client library: ReportingClient against a sandbox that answers
// with 500s, 429s, hangs, slow bodies, truncated and schema-breaking JSON, alone and mixed, for
// several seeds. Every result must be exactly the sandbox's truth (after the same parsing) or a
// typed ReportingError; every error, stack and console line is scanned for secrets.
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  isHttpError,
  isNetworkError,
  isReportingError,
  isTimeoutError,
  isValidationError,
  ReportingClient,
} from "../../../lib/mod.ts";
import type { App, Dialect } from "../../../lib/model/canonical.ts";
import type { AuthOption } from "../../../lib/client/types.ts";
import { createSandbox, type Sandbox } from "../../../lib/sandbox/mod.ts";
import { DEMO_TENANTS, type SandboxTenant } from "../../../lib/sandbox/tenants.ts";
import { DAY_MS, formatUtcDay, HOUR_MS } from "../../../lib/windows.ts";
import {
  analyticsAsSeen,
  campaignEntriesAsSeen,
  FAULT_CELLS,
  type FaultCell,
  never,
  reliabilityLine,
  sameData,
  SecretWatch,
  seeded,
  serverError,
  transactionsAsSeen,
  trickled,
} from "./fault-support.ts";

const NOW = Date.UTC(2026, 9, 20, 12);
const TODAY = Date.UTC(2026, 9, 20);
const SEEDS = [1, 2, 3] as const;
const DIALECTS: readonly Dialect[] = ["current", "2.0"];
/** Fast retries: the schedule is what is tested, not LivePerson's 5-15 s pauses. */
const RETRY = {
  attempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 4,
  rateLimitDelayMs: 1,
  maxRetryAfterMs: 5,
  rateLimitRetries: 4,
};

/**
 * A query that neither answers nor fails this long after its faults end is hung. Generous: a
 * real hang never ends, while a slow answer on two shared, busy cores can take seconds.
 */
const DEADLINE_MS = 30_000;
/** Faults of the Domain API and Sentinel, which the sandbox itself never injects. */
const IDENTITY_CELL: FaultCell = {
  name: "Domain API and Sentinel: 25% 500s + 15% hangs",
  faults: {},
  expect: [],
};
const IDENTITY = { errorRate: 0.25, hangRate: 0.15 };

type Outcome = "exact" | "typed" | "wrong" | "untyped" | "hung";

interface Totals {
  cases: number;
  exact: number;
  typed: number;
  wrong: number;
  untyped: number;
  hung: number;
  identityFaults: number;
  errors: Record<string, number>;
  problems: string[];
  scanned: number;
  leaks: string[];
}

const totals: Totals = {
  cases: 0,
  exact: 0,
  typed: 0,
  wrong: 0,
  untyped: 0,
  hung: 0,
  identityFaults: 0,
  errors: {},
  problems: [],
  scanned: 0,
  leaks: [],
};
const secrets = new SecretWatch();
const consoleLines: string[] = [];
const print = console.log.bind(console);

/** Each tenant with a different way in: OAuth 2.0 (AppJWT), OAuth 1.0a, LE bearer (region looked up). */
const CLIENTS: readonly { tenant: SandboxTenant; app: App; auth: AuthOption; region: boolean }[] = [
  {
    tenant: DEMO_TENANTS[0]!,
    app: "prmsg",
    auth: { kind: "oauth2", ...DEMO_TENANTS[0]!.oauth2 },
    region: true,
  },
  {
    tenant: DEMO_TENANTS[1]!,
    app: "c2m",
    auth: { kind: "oauth1", ...DEMO_TENANTS[1]!.oauth1 },
    region: true,
  },
  {
    tenant: DEMO_TENANTS[2]!,
    app: "prmsg",
    auth: { kind: "bearer", token: DEMO_TENANTS[2]!.bearer },
    region: false,
  },
];

/**
 * The sandbox's fetch, recording the credentials sent and the AppJWTs issued; optionally
 * trickling bodies, and failing Domain API and Sentinel requests from a seeded sequence.
 */
function recordingFetch(sandbox: Sandbox, trickle: boolean, identity: (() => number) | null) {
  return async (request: Request): Promise<Response> => {
    secrets.recordAuthorization(request.headers.get("authorization"));
    const url = new URL(request.url);
    const token = url.pathname.endsWith("/token");
    if (identity !== null && (token || url.hostname === "api.liveperson.net")) {
      const roll = identity();
      if (roll < IDENTITY.errorRate + IDENTITY.hangRate) totals.identityFaults += 1;
      if (roll < IDENTITY.errorRate) return serverError("Identity service failed");
      if (roll < IDENTITY.errorRate + IDENTITY.hangRate) return await never(request.signal);
    }
    const response = await sandbox.fetch(request);
    if (token && response.ok) secrets.recordTokenAnswer(await response.clone().json());
    return trickle && response.ok ? await trickled(response, request.signal) : response;
  };
}

/** Every text of an error a caller could log: message, stack, JSON, and the same for its causes. */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    texts.push(String(current));
    if (current instanceof Error) texts.push(current.message, current.stack ?? "");
    try {
      texts.push(JSON.stringify(current) ?? "");
    } catch {
      texts.push("[unserializable]");
    }
    current = (current as { cause?: unknown }).cause;
  }
  return texts;
}

function isTyped(error: unknown): boolean {
  return isReportingError(error) &&
    (isHttpError(error) || isNetworkError(error) || isTimeoutError(error) ||
      isValidationError(error));
}

async function classify(
  label: string,
  run: () => Promise<unknown>,
  truth: unknown,
): Promise<Outcome> {
  totals.cases += 1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = Symbol("hung");
  const deadline = new Promise<typeof hung>((resolve) => {
    timer = setTimeout(() => resolve(hung), DEADLINE_MS);
  });
  try {
    const result = await Promise.race([run(), deadline]);
    if (result === hung) {
      totals.problems.push(`${label}: neither answered nor failed after ${DEADLINE_MS} ms`);
      return "hung";
    }
    if (sameData(result, truth)) return "exact";
    const got = Array.isArray(result) ? result.length : "?";
    const want = Array.isArray(truth) ? truth.length : "?";
    totals.problems.push(`${label}: silently wrong (${got} items, truth ${want})`);
    return "wrong";
  } catch (error) {
    totals.scanned += 1;
    for (const text of errorTexts(error)) {
      const leak = secrets.find(text);
      if (leak !== null) totals.leaks.push(`${label}: ${leak} in ${text.slice(0, 80)}`);
    }
    const name = (error as { name?: string } | null)?.name ?? typeof error;
    totals.errors[name] = (totals.errors[name] ?? 0) + 1;
    if (isTyped(error)) return "typed";
    totals.problems.push(`${label}: untyped ${name}: ${String(error).slice(0, 200)}`);
    return "untyped";
  } finally {
    clearTimeout(timer);
  }
}

/** One cell and seed: every client, both dialects, three realistic queries each, at once. */
async function runCell(
  cell: FaultCell,
  seed: number,
  identity: boolean,
): Promise<Record<Outcome, number>> {
  const sandbox = createSandbox({
    now: () => NOW,
    volume: 60,
    pageSize: 20,
    rateLimit: Number.POSITIVE_INFINITY,
    // Seed 2 answers injected and real 429s with Retry-After (clamped by maxRetryAfterMs).
    retryAfter: seed === 2,
    faults: { ...cell.faults, seed },
  });
  const hangs = (cell.faults.hangRate ?? 0) > 0 || identity;
  const counts: Record<Outcome, number> = { exact: 0, typed: 0, wrong: 0, untyped: 0, hung: 0 };
  const identityRolls = identity ? seeded(seed) : null;
  const jobs: Promise<void>[] = [];
  for (const { tenant, app, auth, region } of CLIENTS) {
    for (const dialect of DIALECTS) {
      const client = new ReportingClient({
        accountId: tenant.accountId,
        app,
        auth,
        ...(region ? { region: tenant.region } : {}),
        dialect,
        fetch: recordingFetch(sandbox, cell.trickle === true, identityRolls),
        now: () => NOW,
        rateLimit: 10_000,
        concurrency: 4,
        retry: RETRY,
        timeoutMs: hangs ? 50 : 2_000,
      });
      const label = `${cell.name}/seed ${seed}/${tenant.accountId}/${dialect}`;
      const { accountId } = tenant;
      const analyticsFrom = TODAY - 12 * DAY_MS;
      const analyticsTo = TODAY - 2 * DAY_MS;
      const txFrom = TODAY - 5 * DAY_MS + 6 * HOUR_MS;
      const txTo = TODAY - 2 * DAY_MS + 6 * HOUR_MS;
      const campaignDay = TODAY - 3 * DAY_MS;
      const campaignId = `${formatUtcDay(campaignDay).replaceAll("-", "")}${1 + (seed % 3)}`;
      const record = (outcome: Outcome): void => {
        counts[outcome] += 1;
      };
      jobs.push(
        classify(
          `${label}/accountAnalytics`,
          () => client.accountAnalytics({ from: analyticsFrom, to: analyticsTo }),
          analyticsAsSeen(
            sandbox.analytics({ accountId, app, from: analyticsFrom, to: analyticsTo }),
            dialect,
            accountId,
            app,
          ),
        ).then(record),
        classify(
          `${label}/transactions`,
          () => client.transactions({ from: txFrom, to: txTo }).toArray(),
          transactionsAsSeen(
            sandbox.transactions({ accountId, app, from: txFrom, to: txTo }),
            dialect,
            accountId,
            app,
          ),
        ).then(record),
        classify(
          `${label}/campaignReport`,
          () => client.campaignReport(campaignId).toArray(),
          campaignEntriesAsSeen(
            sandbox.transactions({
              accountId,
              app: "prmsg",
              from: campaignDay,
              to: campaignDay + DAY_MS,
            }),
            campaignId,
            dialect,
            accountId,
          ),
        ).then(record),
      );
    }
  }
  await Promise.all(jobs);
  const faults = sandbox.counters().faults;
  for (const kind of cell.expect) {
    if ((faults[kind] ?? 0) === 0) {
      totals.problems.push(`${cell.name}/seed ${seed}: no ${kind} fault was injected`);
    }
  }
  for (const outcome of ["exact", "typed", "wrong", "untyped", "hung"] as const) {
    totals[outcome] += counts[outcome];
  }
  return counts;
}

describe("Upstream fault matrix (client)", () => {
  const spies = (["log", "info", "debug", "warn", "error"] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map(String).join(" "));
    })
  );
  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
  });

  const perCell: string[] = [];
  for (const cell of [...FAULT_CELLS, IDENTITY_CELL]) {
    const identity = cell === IDENTITY_CELL;
    it(`ReportingClient gives the truth or a typed error under: ${cell.name}`, async () => {
      const cellCounts = { exact: 0, typed: 0, wrong: 0, untyped: 0, hung: 0 };
      const before = totals.identityFaults;
      for (const seed of SEEDS) {
        const counts = await runCell(cell, seed, identity);
        for (const key of Object.keys(cellCounts) as Outcome[]) cellCounts[key] += counts[key];
      }
      perCell.push(`${cell.name}: ${cellCounts.exact} exact/${cellCounts.typed} typed`);
      expect(cellCounts.wrong, totals.problems.join("\n")).toBe(0);
      expect(cellCounts.untyped, totals.problems.join("\n")).toBe(0);
      expect(cellCounts.hung, totals.problems.join("\n")).toBe(0);
      if (identity) expect(totals.identityFaults).toBeGreaterThan(before);
      // The fault-free cell and the slow one never need an error.
      if (cell.name === "none" || cell.trickle === true) expect(cellCounts.typed).toBe(0);
      // Retries must carry most queries through a single fault kind at 30 %.
      if (cell.name !== "storm 90%") {
        expect(cellCounts.exact).toBeGreaterThan(cellCounts.typed);
      }
    });
  }

  it("prints the RELIABILITY lines and finds no secret anywhere", () => {
    for (const line of consoleLines) {
      totals.scanned += 1;
      const leak = secrets.find(line);
      if (leak !== null) totals.leaks.push(`console: ${leak} in ${line.slice(0, 80)}`);
    }
    const errors = Object.entries(totals.errors).map(([name, n]) => `${name} ${n}`).join(", ");
    print(reliabilityLine({
      test: "Upstream fault matrix (client)",
      cases: totals.cases,
      failures: totals.wrong + totals.untyped + totals.hung,
      lost: totals.wrong,
      notes: `${FAULT_CELLS.length + 1} fault cells (the sandbox's faults, and a failing ` +
        `Domain API and Sentinel) x ${SEEDS.length} seeds x 3 auth kinds x 2 dialects x ` +
        `(accountAnalytics 10 d, transactions 3 d in pages of 20, campaignReport); ` +
        `${totals.exact} exact, ${totals.typed} typed errors (${errors}), ${totals.untyped} ` +
        `untyped, ${totals.hung} never settled (${DEADLINE_MS} ms deadline); ` +
        `retry attempts 3, timeoutMs 50 with hangs; ${perCell.join("; ")}`,
    }));
    print(reliabilityLine({
      test: "Secret hygiene (fault runs, client)",
      cases: totals.scanned,
      failures: totals.leaks.length,
      lost: 0,
      notes: `${secrets.size} secrets watched (tenant credentials, proxy keys, ` +
        `${secrets.tokens} AppJWTs issued, ${secrets.signatures} OAuth 1.0a signatures sent) in ` +
        `every error's message, stack and JSON (causes too) and ${consoleLines.length} console lines`,
    }));
    expect(totals.problems).toEqual([]);
    expect(totals.leaks).toEqual([]);
    expect(secrets.tokens).toBeGreaterThan(0);
    expect(secrets.signatures).toBeGreaterThan(0);
    expect(totals.typed).toBeGreaterThan(0);
  });
});
