/**
 * The one registry the OpenAPI document is generated from: the zod/mini schemas that validate
 * the data (`lib/model/wire-*.ts`, `lib/model/error-body.ts`) and the answers of the `/_edge`
 * routes (`edge-schemas.ts`), each named by a component id and described by its doc comment.
 * Leaves that zod validates with a predicate (`z.custom`) carry their JSON Schema here.
 *
 * @module
 */
import * as z from "zod/mini";
import { errorBodySchema } from "../../lib/model/error-body.ts";
import * as current from "../../lib/model/wire-current.ts";
import * as v2 from "../../lib/model/wire-2-0.ts";
import {
  countSchema,
  epochMsTextSchema,
  idSchema,
  offsetSchema,
  pageSchema,
  requestMetadataSchema,
  wireCsatSchema,
  wireTimeSchema,
} from "../../lib/model/wire-shared.ts";
import {
  backfillProgressSchema,
  backfillSchema,
  coverageSchema,
  domainAnswerSchema,
  funnelFillingSchema,
  funnelGroupSchema,
  funnelResponseSchema,
  funnelSchema,
  funnelTotalsSchema,
  healthSchema,
  proxyTokenSchema,
  sandboxCountersSchema,
} from "./edge-schemas.ts";

/** What a schema carries in the registry: a component id, a description, JSON Schema keywords. */
export type SchemaMeta = { id?: string; description?: string } & Record<string, unknown>;

/** The registry type of {@link contractRegistry}. */
export type ContractRegistry = z.core.$ZodRegistry<SchemaMeta>;

/**
 * A new registry of every schema the document names, with its description and, for the
 * predicate leaves, its JSON Schema.
 *
 * @returns The registry; convert it with `z.toJSONSchema(registry, { metadata: registry })`.
 */
export function contractRegistry(): ContractRegistry {
  const registry = z.registry<SchemaMeta>();
  const add = (schema: z.ZodMiniType, meta: SchemaMeta): void => {
    registry.add(schema, meta);
  };

  // Leaves validated by predicates (wire-shared.ts).
  add(countSchema, { type: "integer", minimum: 0, description: "A count." });
  add(offsetSchema, {
    type: "integer",
    minimum: -1,
    description: "A page offset; -1 means there is no such page.",
  });
  add(idSchema, { type: ["string", "integer"], description: "An id: a string or an integer." });
  add(wireTimeSchema, {
    type: ["string", "integer", "null"],
    format: "date-time",
    minimum: 0,
    description:
      "A time: an ISO-8601 UTC string (what the proxy sends), epoch milliseconds, or null.",
  });
  add(wireCsatSchema, {
    type: ["number", "string", "null"],
    minimum: 0,
    pattern: "^(?:\\d+(?:\\.\\d+)?(?:e[+-]\\d+)?)?$",
    description:
      'A CSAT score: a number (2.0 dialect, 0 for none) or a numeric string (current dialect, "0" or "" for none), or null.',
  });
  add(epochMsTextSchema, {
    id: "EpochMs",
    type: "string",
    pattern: "^\\d{1,16}$",
    description: "Epoch milliseconds (UTC), as digits.",
  });

  // Shared envelope.
  add(pageSchema, {
    id: "Page",
    description: '`page` of paged responses (both dialects); -1 means "none".',
  });
  add(requestMetadataSchema, {
    id: "RequestMetadata",
    description: "`requestMetadata` of every response (both dialects), with echoed filters.",
  });
  add(errorBodySchema, {
    id: "ErrorBody",
    description:
      "LivePerson's error body `{ code, requestTraceId, message }`. The proxy always sets `requestTraceId` (also in the `x-request-trace-id` header); LivePerson leaves it out in a few answers (an expired AppJWT).",
  });

  // The current dialect (cx-reporting: /api/account/…).
  add(current.analyticsRowSchema, {
    id: "CurrentAnalyticsRow",
    description:
      'A current analytics row: lowercase keys, `transactionday` "MM-DD-YYYY", `csat` a string.',
  });
  add(current.transactionSchema, {
    id: "CurrentTransaction",
    description: "A current transaction row: every field but the id and channel may be null.",
  });
  add(current.consumerReportEntrySchema, {
    id: "CurrentConsumerReportEntry",
    description: "A current `consumersReport[]` item.",
  });
  add(current.analyticsResponseSchema, {
    id: "CurrentAnalyticsResponse",
    description: "The body of the account (and campaign) analytics responses, current dialect.",
  });
  add(current.transactionsResponseSchema, {
    id: "CurrentTransactionsResponse",
    description: "The body of a transactions page, current dialect.",
  });
  add(current.campaignReportResponseSchema, {
    id: "CurrentCampaignReportResponse",
    description:
      'The body of a campaign report, current dialect; `page` is optional ("pagination is not supported yet").',
  });
  add(current.analyticsFiltersBodySchema, {
    id: "CurrentAnalyticsFiltersBody",
    description:
      "The analytics POST body, current dialect (the proxy refuses `handoffids` and `source` with a 400).",
  });
  add(current.transactionFiltersBodySchema, {
    id: "CurrentTransactionFiltersBody",
    description:
      "The transactions filter body, current dialect (the proxy refuses `source` with a 400).",
  });

  // The 2.0 dialect (connect-to-messaging: /account/…).
  add(v2.analyticsRowSchema, {
    id: "V2AnalyticsRow",
    description:
      "A 2.0 analytics row: camelCase counts, `date`, uppercase channels, `optOuts`/`optIns`, a numeric `csat`.",
  });
  add(v2.transactionSchema, { id: "V2Transaction", description: "A 2.0 transaction row." });
  add(v2.consumerReportEntrySchema, {
    id: "V2ConsumerReportEntry",
    description: "A 2.0 `consumersReport[]` item: no `consumerId`.",
  });
  add(v2.analyticsResponseSchema, {
    id: "V2AnalyticsResponse",
    description: "The body of the 2.0 account (and campaign) analytics responses.",
  });
  add(v2.transactionsResponseSchema, {
    id: "V2TransactionsResponse",
    description: "The body of a 2.0 transactions page.",
  });
  add(v2.campaignReportResponseSchema, {
    id: "V2CampaignReportResponse",
    description: "The body of a 2.0 campaign report.",
  });
  add(v2.analyticsFiltersBodySchema, {
    id: "V2AnalyticsFiltersBody",
    description: "The 2.0 analytics POST body: channels and skills only.",
  });
  add(v2.transactionFiltersBodySchema, {
    id: "V2TransactionFiltersBody",
    description: "The 2.0 transactions filter body: channels and skills only.",
  });

  // The proxy's own routes.
  add(healthSchema, { id: "Health", description: "Liveness and the upstream in use." });
  add(sandboxCountersSchema, {
    id: "SandboxCounters",
    description: "What the embedded sandbox served: requests per host, account and operation.",
  });
  add(funnelTotalsSchema, {
    id: "FunnelTotals",
    description:
      "Summed counts of a funnel; `attemptedReadable`/`deliveredReadable` carry the non-SMS part.",
  });
  add(funnelSchema, {
    id: "Funnel",
    description:
      "A computed funnel: stage counts, step and overall conversion rates, side exits and anomalies.",
  });
  add(funnelGroupSchema, {
    id: "FunnelGroup",
    description: "One group of a funnel answer: its key, summed counts and funnel.",
  });
  add(funnelResponseSchema, {
    id: "FunnelResponse",
    description: "The outbound funnel of a range of whole UTC days, per group.",
  });
  add(funnelFillingSchema, {
    id: "FunnelFilling",
    description:
      "A per-transaction funnel whose days are still being stored: how many are, out of how many.",
  });
  add(coverageSchema, {
    id: "Coverage",
    description: "Per UTC day, what the proxy holds of an account's transactions.",
  });
  add(backfillSchema, {
    id: "Backfill",
    description:
      "What an admin backfill did per day of its range: enqueued, already stored, already being filled, or not cacheable yet.",
  });
  add(backfillProgressSchema, {
    id: "BackfillProgress",
    description: "An admin backfill's progress: the coverage of its range, and a count per state.",
  });
  add(proxyTokenSchema, {
    id: "ProxyToken",
    description: "A proxy-issued token, as Sentinel answers a client-credentials grant.",
  });
  add(domainAnswerSchema, {
    id: "DomainAnswer",
    description: "LivePerson's Domain API answer, naming the proxy's own host.",
  });
  return registry;
}

/**
 * The components' schemas: the registry converted to JSON Schema 2020-12 (what OpenAPI 3.1
 * uses), with references between components and without `$schema`/`$id`.
 *
 * @param registry A registry from {@link contractRegistry}.
 * @returns The schemas by component id.
 */
export function componentSchemas(registry: ContractRegistry): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(registry, {
    metadata: registry,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    out[id] = rest;
  }
  return out;
}
