/**
 * Schemas of the answers of the proxy's own routes under `/_edge` (`worker/routes/edge.ts`):
 * the health check, the embedded sandbox's counters and the funnel. They exist for the
 * OpenAPI document; the Worker builds these bodies from `lib/funnel` and `lib/sandbox` types.
 *
 * @module
 */
import * as z from "zod/mini";
import { countSchema } from "../../lib/model/wire-shared.ts";

/** A conversion rate: a ratio, null when the denominator is 0, or "not-applicable". */
export const rateSchema: z.ZodMiniType<number | null | "not-applicable"> = z.union([
  z.number(),
  z.null(),
  z.literal("not-applicable"),
]);

/** A funnel stage name (`FUNNEL_STAGES`). */
export const funnelStageSchema: z.ZodMiniType<string> = z.enum([
  "attempted",
  "eligible",
  "sent",
  "delivered",
  "read",
  "conversationsCreated",
  "conversationsClosed",
]);

/** Summed counts of a funnel (`FunnelTotals`). */
export const funnelTotalsSchema: z.ZodMiniType = z.object({
  attempted: countSchema,
  eligible: countSchema,
  skipped: countSchema,
  sent: countSchema,
  failed: countSchema,
  delivered: countSchema,
  read: countSchema,
  conversationsCreated: countSchema,
  conversationsClosed: countSchema,
  optOuts: z.optional(countSchema),
  optIns: z.optional(countSchema),
  attemptedReadable: z.optional(countSchema),
  deliveredReadable: z.optional(countSchema),
  csat: z.nullable(z.number()),
});

const exitSchema = z.object({ count: z.nullable(countSchema), fromStart: rateSchema });

/** A computed funnel (`Funnel`): stages, side exits, CSAT and anomalies. */
export const funnelSchema: z.ZodMiniType = z.object({
  stages: z.array(z.object({
    stage: funnelStageSchema,
    count: z.nullable(countSchema),
    previous: z.nullable(funnelStageSchema),
    fromPrevious: rateSchema,
    fromStart: rateSchema,
  })),
  exits: z.object({
    ineligible: exitSchema,
    skipped: exitSchema,
    failed: exitSchema,
    optOuts: exitSchema,
  }),
  csat: z.nullable(z.number()),
  anomalies: z.array(z.object({
    kind: z.string(),
    severity: z.string(),
    field: z.string(),
    value: z.number(),
    limitField: z.optional(z.string()),
    limit: z.optional(z.number()),
    message: z.string(),
  })),
});

/** One group of a funnel answer: its key, summed counts and funnel. */
export const funnelGroupSchema: z.ZodMiniType = z.object({
  key: z.record(z.string(), z.nullable(z.string())),
  totals: funnelTotalsSchema,
  funnel: funnelSchema,
});

/** The answer of `GET /_edge/funnel/{accountId}/{app}`. */
export const funnelResponseSchema: z.ZodMiniType = z.object({
  accountId: z.string(),
  app: z.string(),
  from: countSchema,
  to: countSchema,
  groupBy: z.array(z.string()),
  groups: z.array(funnelGroupSchema),
  /** The days of the range (YYYY-MM-DD) that replies may still change (not matured yet). */
  maturing: z.array(z.string()),
});

/** The answer of `GET /_edge/health`. */
export const healthSchema: z.ZodMiniType = z.object({
  status: z.literal("ok"),
  upstream: z.string(),
});

/** The answer of `GET /_edge/sandbox/counters` (`SandboxCounters`). */
export const sandboxCountersSchema: z.ZodMiniType = z.object({
  requests: countSchema,
  byHost: z.record(z.string(), countSchema),
  byAccount: z.record(z.string(), countSchema),
  byOperation: z.record(z.string(), countSchema),
  rateLimited: countSchema,
  faults: z.record(z.string(), countSchema),
  tokensIssued: countSchema,
  peakPerSecond: z.record(z.string(), countSchema),
});

/** The 202 answer of `GET /_edge/funnel/…` while the range's days are being stored. */
export const funnelFillingSchema: z.ZodMiniType = z.object({
  accountId: z.string(),
  app: z.string(),
  from: countSchema,
  to: countSchema,
  groupBy: z.array(z.string()),
  status: z.literal("filling"),
  daysTotal: countSchema,
  daysStored: countSchema,
});

/** One UTC day of `/_edge/coverage` (worker/data/day-coverage.ts). */
const dayCoverageSchema = z.object({
  day: z.string(),
  state: z.enum(["none", "filling", "settling", "closed", "archived"]),
  maturing: z.boolean(),
  transactions: z.optional(countSchema),
  pagesDone: z.optional(countSchema),
  settlesAt: z.optional(z.string()),
  maturesAt: z.optional(z.string()),
});

/** The answer of `GET /_edge/coverage/…`: what the proxy holds per UTC day. */
export const coverageSchema: z.ZodMiniType = z.object({
  accountId: z.string(),
  app: z.string(),
  dialect: z.enum(["current", "2.0"]),
  days: z.array(dayCoverageSchema),
});

/** The 202 answer of `POST /_edge/admin/backfill/…`: what the backfill enqueued. */
export const backfillSchema: z.ZodMiniType = z.object({
  accountId: z.string(),
  app: z.string(),
  dialect: z.enum(["current", "2.0"]),
  from: z.string(),
  to: z.string(),
  days: countSchema,
  enqueued: countSchema,
  stored: countSchema,
  pending: countSchema,
  notCacheable: countSchema,
});

/** The answer of `GET /_edge/admin/backfill/…`: the range's coverage and its summary. */
export const backfillProgressSchema: z.ZodMiniType = z.object({
  accountId: z.string(),
  app: z.string(),
  dialect: z.enum(["current", "2.0"]),
  summary: z.object({
    none: countSchema,
    filling: countSchema,
    settling: countSchema,
    closed: countSchema,
    archived: countSchema,
  }),
  days: z.array(dayCoverageSchema),
});

/** The answer of the Sentinel-compatible token endpoint. */
export const proxyTokenSchema: z.ZodMiniType = z.looseObject({
  access_token: z.string(),
  token_type: z.string(),
  /** The proxy's tokens carry it; LivePerson's Sentinel (and the sandbox's) may not [INF]. */
  expires_in: z.optional(countSchema),
});

/** The Domain API's answer naming a service's host. */
export const domainAnswerSchema: z.ZodMiniType = z.looseObject({
  service: z.string(),
  account: z.string(),
  baseURI: z.string(),
});
