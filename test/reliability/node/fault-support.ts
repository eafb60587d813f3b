// Shared by the two upstream fault matrices (the client in Node, the Worker in workerd): the fault
// cells, the sandbox's truth as a dialect shows it, exact comparison, the secret watch and the
// RELIABILITY line. Web-standard code only, so both runtimes load it.
import type {
  AnalyticsRow,
  App,
  ConsumerReportEntry,
  Dialect,
  Transaction,
} from "../../../lib/model/canonical.ts";
import {
  parseAnalyticsResponse,
  parseCampaignReport,
  parseTransactionsPage,
} from "../../../lib/model/wire-to-responses.ts";
import {
  analyticsToWire,
  campaignReportToWire,
  transactionsPageToWire,
} from "../../../lib/model/responses-to-wire.ts";
import { statusOf } from "../../../lib/model/transaction-status.ts";
import type { FaultOptions } from "../../../lib/sandbox/mod.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";

/** The fault kinds the sandbox counts (`counters().faults`). */
export type FaultKind = "error" | "rate-limit" | "hang" | "truncate" | "break-schema";

/** One column of the matrix: the faults injected, without the seed. */
export interface FaultCell {
  name: string;
  faults: Omit<FaultOptions, "seed">;
  /** Faults that must have been injected at least once in the cell (non-vacuous). */
  expect: readonly FaultKind[];
  /** Re-stream 200 bodies in small chunks with pauses (a slow body, not only a late one). */
  trickle?: boolean;
}

/** Each fault alone, then mixed (30 % / 10 % / 5 % and everything at once), then a storm. */
export const FAULT_CELLS: readonly FaultCell[] = [
  { name: "none", faults: {}, expect: [] },
  { name: "500s 30%", faults: { errorRate: 0.3 }, expect: ["error"] },
  { name: "429s 30%", faults: { rateLimitRate: 0.3 }, expect: ["rate-limit"] },
  { name: "hangs 15%", faults: { hangRate: 0.15 }, expect: ["hang"] },
  { name: "slow 5-25 ms, trickled", faults: { latencyMs: [5, 25] }, expect: [], trickle: true },
  { name: "truncated 30%", faults: { truncateRate: 0.3 }, expect: ["truncate"] },
  { name: "schema-breaking 30%", faults: { breakSchemaRate: 0.3 }, expect: ["break-schema"] },
  {
    name: "mixed 30/10/5 (500/429/hang)",
    faults: { errorRate: 0.3, rateLimitRate: 0.1, hangRate: 0.05 },
    expect: ["error", "rate-limit"],
  },
  {
    name: "mixed all",
    faults: {
      errorRate: 0.1,
      rateLimitRate: 0.1,
      hangRate: 0.05,
      truncateRate: 0.1,
      breakSchemaRate: 0.1,
      latencyMs: [0, 8],
    },
    expect: ["error", "rate-limit", "truncate", "break-schema"],
  },
  {
    name: "storm 90%",
    faults: { errorRate: 0.4, truncateRate: 0.25, breakSchemaRate: 0.25 },
    expect: ["error", "truncate", "break-schema"],
  },
];

/** A small seeded generator in [0, 1) (mulberry32), for faults the sandbox does not inject itself. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Waits until `signal` aborts, then rejects with its reason: a request that never answers. */
export function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** A LivePerson-shaped 500, as a failing Sentinel or Domain API answers. */
export function serverError(message: string): Response {
  return new Response(JSON.stringify({ code: 5000, requestTraceId: "injected", message }), {
    status: 500,
    headers: { "content-type": "application/json" },
  });
}

/** Transactions exactly as a dialect carries them: the truth sent through the wire and parsed back. */
export function transactionsAsSeen(
  transactions: readonly Transaction[],
  dialect: Dialect,
  accountId: string,
  app: App,
): Transaction[] {
  const wire = transactionsPageToWire({
    metadata: { accountId, app },
    page: { count: transactions.length, previousOffset: null, currentOffset: 0, nextOffset: null },
    transactions: [...transactions],
  }, dialect);
  return parseTransactionsPage(JSON.parse(JSON.stringify(wire)), dialect).transactions;
}

/** Analytics rows exactly as a dialect carries them (current: no optOuts/optIns). */
export function analyticsAsSeen(
  rows: readonly AnalyticsRow[],
  dialect: Dialect,
  accountId: string,
  app: App,
): AnalyticsRow[] {
  const wire = analyticsToWire({ metadata: { accountId, app }, rows: [...rows] }, dialect);
  return parseAnalyticsResponse(JSON.parse(JSON.stringify(wire)), dialect).rows;
}

/** The campaign report of a campaign, from the truth's transactions, as a dialect carries it. */
export function campaignEntriesAsSeen(
  transactions: readonly Transaction[],
  campaignId: string,
  dialect: Dialect,
  accountId: string,
): ConsumerReportEntry[] {
  const entries = transactions.filter((tx) => tx.proactiveCampaignId === campaignId).map((tx) => ({
    id: tx.transactionId,
    consumerId: tx.consumerId,
    status: statusOf(tx),
    errorSource: tx.errorSource,
    errorCode: tx.errorCode,
    errorMessage: tx.errorMessage,
    conversationId: tx.conversationId,
  }));
  const wire = campaignReportToWire({
    metadata: { accountId, app: "prmsg" },
    page: { count: entries.length, previousOffset: null, currentOffset: 0, nextOffset: null },
    entries,
  }, dialect);
  return parseCampaignReport(JSON.parse(JSON.stringify(wire)), dialect).entries;
}

/** JSON with object keys sorted, so equal data gives equal text whatever the key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}

/** Exact equality of two JSON-like values (numbers, strings, nulls, arrays, plain objects). */
export function sameData(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/**
 * The configured secrets of the local demo: every sandbox credential (client ids and consumer
 * keys too) and the demo proxy keys; plus those seen at run time (AppJWTs, OAuth signatures).
 */
export class SecretWatch {
  readonly #secrets = new Set<string>([
    "demo-key-10000001",
    "demo-key-20000002",
    "demo-key-30000003",
    // The sandbox's AppJWT signing key (lib/sandbox/create-sandbox.ts DEFAULTS).
    "lp-reporting-edge-sandbox-signing-key",
    ...DEMO_TENANTS.flatMap((t) => [
      t.oauth2.clientId,
      t.oauth2.clientSecret,
      t.oauth1.consumerKey,
      t.oauth1.consumerSecret,
      t.oauth1.token,
      t.oauth1.tokenSecret,
      t.bearer,
    ]),
  ]);
  /** AppJWTs issued by the sandbox's Sentinel. */
  tokens = 0;
  /** OAuth 1.0a signatures sent upstream. */
  signatures = 0;

  /** How many distinct secrets are watched. */
  get size(): number {
    return this.#secrets.size;
  }

  /** Records the credentials of an upstream request's `Authorization` header. */
  recordAuthorization(header: string | null): void {
    if (header === null) return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (bearer !== undefined) this.#add(bearer);
    const signature = /oauth_signature="([^"]+)"/.exec(header)?.[1];
    if (signature !== undefined) {
      this.signatures += 1;
      this.#add(signature);
      this.#add(decodeURIComponent(signature));
    }
  }

  /** Records the AppJWT of a Sentinel token answer. */
  recordTokenAnswer(body: unknown): void {
    const token = (body as { access_token?: unknown } | null)?.access_token;
    if (typeof token === "string") {
      this.tokens += 1;
      this.#add(token);
    }
  }

  /** The first watched secret `text` contains, masked, or null. */
  find(text: string): string | null {
    for (const secret of this.#secrets) {
      if (text.includes(secret)) return `${secret.slice(0, 10)}…(${secret.length} chars)`;
    }
    return null;
  }

  #add(secret: string): void {
    // Short fragments could match by chance.
    if (secret.length >= 16) this.#secrets.add(secret);
  }
}

/**
 * A copy of `response` whose body arrives in chunks of `chunkBytes`, `pauseMs` apart; the
 * stream fails with the signal's reason when it aborts, as a real fetch body does.
 */
export async function trickled(
  response: Response,
  signal: AbortSignal,
  chunkBytes = 2048,
  pauseMs = 1,
): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (signal.aborted) {
        controller.error(signal.reason);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/** One result of a reliability run. */
export interface ReliabilityResult {
  test: string;
  cases: number;
  failures: number;
  lost: number;
  notes: string;
}

/** The RELIABILITY line report.mjs collects. */
export function reliabilityLine(result: ReliabilityResult): string {
  return `RELIABILITY ${JSON.stringify(result)}`;
}
