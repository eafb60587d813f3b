/**
 * The proxy's OpenAPI 3.1 document: the drop-in routes of both dialects, the `/_edge` routes,
 * the security schemes, the `Cache-Status` and trace headers, and LivePerson's error body for
 * every error status. Schemas come from the one registry (`registry.ts`), examples from the
 * sandbox (`examples.ts`). `scripts/openapi.ts` writes it to `openapi.json`.
 *
 * @module
 */
import type { Dialect } from "../../lib/model/canonical.ts";
import { ANALYTICS_CSV_COLUMNS } from "../../lib/export/analytics-csv.ts";
import { TRANSACTION_CSV_COLUMNS } from "../../lib/export/transaction-columns.ts";
import { MAX_PAGE_SIZE } from "../../lib/model/paging.ts";
import { collectExamples, type Examples } from "./examples.ts";
import { componentSchemas, contractRegistry } from "./registry.ts";

type Json = Record<string, unknown>;

const ref = (kind: string, name: string): Json => ({ $ref: `#/components/${kind}/${name}` });
const schemaRef = (name: string): Json => ref("schemas", name);

/** The error answers of the routes that reach the upstream, by status. */
const UPSTREAM_ERRORS = ["400", "401", "403", "404", "429", "500", "502", "503", "504"];
/** The routes that read a JSON body (even on GET, by its declared `content-length`) add 413. */
const WITH_BODY_ERRORS = [...UPSTREAM_ERRORS, "413"].sort();

const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  "400": {
    name: "BadRequest",
    description:
      "A bad request: a missing or invalid window, a window longer than the operation allows or outside the 13-month retention, a malformed, unknown or unsupported filter (the 2.0 dialect has channels and skills only), a malformed paging parameter, an unknown app.",
  },
  "401": {
    name: "Unauthorized",
    description:
      "No proxy key, a malformed or unknown one, or (pass-through tenants) no LivePerson credential; also the upstream's own 401. `code` 1100.",
  },
  "403": {
    name: "Forbidden",
    description: "The proxy key is not bound to this account. `code` 1101.",
  },
  "404": { name: "NotFound", description: "No such resource (or campaign)." },
  "405": { name: "MethodNotAllowed", description: "The route exists, not with this method." },
  "413": { name: "PayloadTooLarge", description: "The request body exceeds `MAX_BODY_BYTES`." },
  "429": {
    name: "TooManyRequests",
    description:
      "No upstream slot within the wait budget (`WAIT_BUDGET_MS`), or the upstream's own 429; retry after `Retry-After` seconds.",
  },
  "500": { name: "InternalError", description: "An internal error of the proxy or upstream." },
  "502": {
    name: "BadGateway",
    description:
      "The upstream failed: no credentials, malformed or schema-invalid data, paging that does not advance, an unknown region.",
  },
  "503": { name: "ServiceUnavailable", description: "The upstream schedule is unavailable." },
  "504": { name: "GatewayTimeout", description: "The upstream did not answer in time." },
};

function errorResponses(examples: Examples): Json {
  const out: Json = {};
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    const headers: Json = { "x-request-trace-id": ref("headers", "TraceId") };
    if (status === "429") headers["Retry-After"] = ref("headers", "RetryAfter");
    if (status === "405") headers["Allow"] = ref("headers", "Allow");
    out[name] = {
      description,
      headers,
      content: {
        "application/json": {
          schema: schemaRef("ErrorBody"),
          ...(examples[`error.${status}`] === undefined
            ? {}
            : { example: examples[`error.${status}`] }),
        },
      },
    };
  }
  return out;
}

function errors(statuses: readonly string[]): Json {
  const out: Json = {};
  for (const status of statuses) out[status] = ref("responses", ERROR_RESPONSES[status]!.name);
  return out;
}

function ok(
  description: string,
  schema: string,
  example: unknown,
  cached: boolean,
  exports: Json = {},
): Json {
  const headers: Json = { "x-request-trace-id": ref("headers", "TraceId") };
  if (cached) headers["Cache-Status"] = ref("headers", "CacheStatus");
  return {
    "200": {
      description,
      headers,
      content: { "application/json": { schema: schemaRef(schema), example }, ...exports },
    },
  };
}

const TRANSACTION_COLUMNS = TRANSACTION_CSV_COLUMNS.map((column) => column.name).join(",");
const ANALYTICS_COLUMNS = ANALYTICS_CSV_COLUMNS.map((column) => column.name).join(",");

/** The export media types of an answer: RFC 4180 CSV and NDJSON, described by `what`. */
function exportContent(what: { csv: string; ndjson: string }): Json {
  return {
    "text/csv": {
      schema: { type: "string", description: what.csv },
    },
    "application/x-ndjson": {
      schema: { type: "string", description: what.ndjson },
    },
  };
}

/** The export formats of the transaction rows. */
const TRANSACTION_EXPORT = {
  csv:
    `RFC 4180 CSV, UTF-8, CRLF, a header row, times as ISO 8601 UTC, one column per canonical field in this order: ${TRANSACTION_COLUMNS}.`,
  ndjson:
    "One canonical transaction (the library's `Transaction`, times in epoch milliseconds) per line.",
};

/** The export formats of the analytics rows. */
const ANALYTICS_EXPORT = {
  csv:
    `RFC 4180 CSV, UTF-8, CRLF, a header row, one column per canonical field in this order: ${ANALYTICS_COLUMNS}.`,
  ndjson: "One canonical analytics row (the library's `AnalyticsRow`) per line.",
};

const FORMAT_PARAMETER: Json = {
  name: "format",
  in: "query",
  description:
    "`csv` or `ndjson` for an export of the same rows (also by `Accept: text/csv` or `Accept: application/x-ndjson`); `json` (the default) for LivePerson's JSON.",
  schema: { type: "string", enum: ["json", "csv", "ndjson"] },
};

const KEYED = [{ proxyKeyBearer: [] }, { proxyKeyHeader: [] }];
const ADMIN = [{ adminKeyHeader: [] }, { adminKeyBearer: [] }];

function listParameter(name: string, description: string): Json {
  return {
    name,
    in: "query",
    description: `${description} A comma-separated list; the parameter may repeat.`,
    schema: { type: "string" },
  };
}

function pagingParameters(): Json[] {
  return [
    {
      name: "offset",
      in: "query",
      description: "The first row of the page (`page.nextOffset` of the previous page).",
      schema: { type: "integer", minimum: 0, maximum: 1_000_000_000, default: 0 },
    },
    {
      name: "limit",
      in: "query",
      description: "Rows per page.",
      schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: 1000 },
    },
  ];
}

function reportingPaths(dialect: Dialect, examples: Examples): Json {
  const current = dialect === "current";
  const prefix = current ? "/api" : "";
  const schema = current ? "Current" : "V2";
  const tag = current ? "Current dialect (cx-reporting)" : "2.0 dialect (connect-to-messaging)";
  const id = current ? "current" : "v2";
  const maxWindow = current ? "60 days" : "24 hours";
  const base = `${prefix}/account/{accountId}/app/{app}`;
  const common = [ref("parameters", "AccountId"), ref("parameters", "App")];
  const window = [ref("parameters", "AttemptedStartTime"), ref("parameters", "AttemptedEndTime")];
  const analyticsFilters = [
    listParameter("channels", "Only these channels (case-insensitive)."),
    listParameter("skills", "Only these skills."),
  ];
  const transactionFilters = [
    ...analyticsFilters,
    listParameter("messagestatus", "Only these statuses (upper-cased)."),
    listParameter("handoffids", "Only these hand-off ids."),
  ];
  const methodNotAllowed = { "405": ref("responses", "MethodNotAllowed") };
  const body = (name: string): Json => ({
    required: false,
    description: "Filters; merged with the query's. At most `MAX_BODY_BYTES`.",
    content: { "application/json": { schema: schemaRef(name) } },
  });
  const analytics = (post: boolean): Json => ({
    tags: [tag],
    operationId: `${id}AccountAnalytics${post ? "Post" : ""}`,
    summary: `Account analytics${post ? " with filters in the body" : ""}`,
    description:
      `Account analytics of an attempted-time window of at most ${maxWindow}, answered from cached day windows (closed days from KV).`,
    security: KEYED,
    parameters: [...window, ...analyticsFilters, FORMAT_PARAMETER],
    ...(post ? { requestBody: body(`${schema}AnalyticsFiltersBody`) } : {}),
    responses: {
      ...ok(
        "The analytics rows of the window.",
        `${schema}AnalyticsResponse`,
        examples[`${dialect}.analytics${post ? "Post" : ""}`],
        true,
        exportContent(ANALYTICS_EXPORT),
      ),
      ...errors(WITH_BODY_ERRORS),
      ...methodNotAllowed,
    },
  });
  const transactions = (post: boolean): Json => ({
    tags: [tag],
    operationId: `${id}Transactions${post ? "Post" : ""}`,
    summary: `Transactions${post ? " with filters in the body" : ""}`,
    description:
      "One page of the transactions of an attempted-time window of at most 24 hours, paged by `offset`/`limit` over the filtered window.",
    security: KEYED,
    parameters: [...window, ...transactionFilters, ...pagingParameters(), FORMAT_PARAMETER],
    ...(post ? { requestBody: body(`${schema}TransactionFiltersBody`) } : {}),
    responses: {
      ...ok(
        "A page of transactions.",
        `${schema}TransactionsResponse`,
        examples[`${dialect}.transactions`],
        true,
        exportContent(TRANSACTION_EXPORT),
      ),
      ...errors(WITH_BODY_ERRORS),
      ...methodNotAllowed,
    },
  });
  return {
    [`${base}/analytics`]: {
      parameters: common,
      get: analytics(false),
      post: analytics(true),
    },
    [`${base}/transactions`]: {
      parameters: common,
      get: transactions(false),
      post: transactions(true),
    },
    [`${base}/campaigns/{campaignId}`]: {
      parameters: [...common, ref("parameters", "CampaignId")],
      get: {
        tags: [tag],
        operationId: `${id}CampaignReport`,
        summary: "Campaign report",
        description:
          "The consumers report of a proactive campaign; no window to cache, so relayed through the rate schedule (`Cache-Status: …; fwd=bypass`).",
        security: KEYED,
        parameters: pagingParameters(),
        responses: {
          ...ok(
            "The campaign's consumers report.",
            `${schema}CampaignReportResponse`,
            examples[`${dialect}.campaignReport`],
            true,
          ),
          ...errors(UPSTREAM_ERRORS),
          ...methodNotAllowed,
        },
      },
    },
    [`${base}/campaigns/{campaignId}/analytics`]: {
      parameters: [...common, ref("parameters", "CampaignId")],
      get: {
        tags: [tag],
        operationId: `${id}CampaignAnalytics`,
        summary: "Campaign analytics",
        description: "The analytics rows of a proactive campaign, relayed through the schedule.",
        security: KEYED,
        responses: {
          ...ok(
            "The campaign's analytics rows.",
            `${schema}AnalyticsResponse`,
            examples[`${dialect}.campaignAnalytics`],
            true,
          ),
          ...errors(UPSTREAM_ERRORS),
          ...methodNotAllowed,
        },
      },
    },
  };
}

/** The ways in for unmodified LivePerson clients: Sentinel's token endpoint and the Domain API. */
function dropInAuthPaths(): Json {
  const tag = "Drop-in authentication";
  return {
    "/sentinel/api/account/{accountId}/app/token": {
      parameters: [ref("parameters", "AccountId")],
      post: {
        tags: [tag],
        operationId: "sentinelToken",
        summary: "Client-credentials token",
        description:
          "Sentinel's client-credentials grant (`?v=1.0&grant_type=client_credentials`, `client_id` and `client_secret` as a form body): a proxy-issued token for the tenant whose OAuth 2.0 upstream credentials match, accepted as `Authorization: Bearer` on every route. The upstream AppJWT never leaves the proxy.",
        security: [],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: {
                type: "object",
                required: ["client_id", "client_secret"],
                properties: {
                  client_id: { type: "string" },
                  client_secret: { type: "string" },
                },
              },
            },
          },
        },
        responses: {
          "200": {
            description: "The token.",
            headers: { "x-request-trace-id": ref("headers", "TraceId") },
            content: { "application/json": { schema: schemaRef("ProxyToken") } },
          },
          ...errors(["400", "401", "403", "404"]),
          "405": ref("responses", "MethodNotAllowed"),
        },
      },
    },
    "/api/account/{accountId}/service/{service}/baseURI.json": {
      parameters: [
        ref("parameters", "AccountId"),
        { name: "service", in: "path", required: true, schema: { type: "string" } },
      ],
      get: {
        tags: [tag],
        operationId: "domainApi",
        summary: "Domain API",
        description:
          "LivePerson's Domain API (`?version=1.0`), naming the proxy's own host for the reporting services and `sentinel`; other services are a 404.",
        security: [],
        responses: {
          "200": {
            description: "The service's host.",
            headers: { "x-request-trace-id": ref("headers", "TraceId") },
            content: { "application/json": { schema: schemaRef("DomainAnswer") } },
          },
          ...errors(["400", "404"]),
          "405": ref("responses", "MethodNotAllowed"),
        },
      },
    },
  };
}

/** The admin backfill: operators only (an admin key); 404 to everyone else. */
function adminBackfillPath(): Json {
  const tag = "Operators (/_edge/admin)";
  const parameters = [
    {
      name: "from",
      in: "query",
      required: true,
      description: "The first day: an ISO-8601 date or time, or epoch milliseconds.",
      schema: { type: "string" },
      example: "2025-11-01",
    },
    {
      name: "to",
      in: "query",
      required: true,
      description:
        "The end (exclusive, at most today): an ISO-8601 date or time, or epoch milliseconds.",
      schema: { type: "string" },
      example: "2026-11-01",
    },
    {
      name: "dialect",
      in: "query",
      description: "The dialect whose stored days to fill. Default `current`.",
      schema: { type: "string", enum: ["current", "2.0"] },
    },
  ];
  const notFound = {
    "404": {
      description:
        "Without a valid admin key (a tenant key is never one): the route does not exist. With one: no tenant holds the account with upstream credentials of its own.",
      headers: { "x-request-trace-id": ref("headers", "TraceId") },
      content: { "application/json": { schema: schemaRef("ErrorBody") } },
    },
  };
  const json = (description: string, schema: string, status: string): Json => ({
    [status]: {
      description,
      headers: { "x-request-trace-id": ref("headers", "TraceId") },
      content: { "application/json": { schema: schemaRef(schema) } },
    },
  });
  return {
    parameters: [ref("parameters", "AccountId"), ref("parameters", "App")],
    post: {
      tags: [tag],
      operationId: "adminBackfill",
      summary: "Backfill a range",
      description:
        "Enqueues the background fill of every cacheable day of the range (inside the 13-month retention, at most 400 days) that is not stored yet, once per day, at `WARM_RATE_SHARE` of the account's rate and only in slots no live caller waits for. Matured days (`MATURE_DAYS`) are archived by their fill. Watch it with `GET` on the same path.",
      security: ADMIN,
      parameters,
      responses: {
        ...json("The fills enqueued, per day.", "Backfill", "202"),
        ...errors(["400"]),
        ...notFound,
        "405": ref("responses", "MethodNotAllowed"),
      },
    },
    get: {
      tags: [tag],
      operationId: "adminBackfillProgress",
      summary: "A backfill's progress",
      description:
        "The coverage of the range (as `/_edge/coverage`), with a count of days per state.",
      security: ADMIN,
      parameters,
      responses: {
        ...json("The range's coverage.", "BackfillProgress", "200"),
        ...errors(["400"]),
        ...notFound,
        "405": ref("responses", "MethodNotAllowed"),
      },
    },
  };
}

function edgePaths(examples: Examples): Json {
  const tag = "Proxy routes (/_edge)";
  const methodNotAllowed = { "405": ref("responses", "MethodNotAllowed") };
  return {
    "/_edge/health": {
      get: {
        tags: [tag],
        operationId: "edgeHealth",
        summary: "Health",
        description: "Liveness and the upstream in use (`sandbox` or `liveperson`).",
        security: [],
        responses: {
          ...ok("The proxy is up.", "Health", examples["edge.health"], false),
          ...methodNotAllowed,
        },
      },
    },
    "/_edge/sandbox/counters": {
      get: {
        tags: [tag],
        operationId: "edgeSandboxCounters",
        summary: "Sandbox counters",
        description: "What the embedded sandbox served (local runs only; 404 otherwise).",
        security: [],
        responses: {
          ...ok("The counters.", "SandboxCounters", examples["edge.counters"], false),
          ...errors(["404"]),
          ...methodNotAllowed,
        },
      },
    },
    "/_edge/funnel/{accountId}/{app}": {
      parameters: [ref("parameters", "AccountId"), ref("parameters", "App")],
      get: {
        tags: [tag],
        operationId: "edgeFunnel",
        summary: "Funnel",
        description:
          "The outbound funnel of any range inside the retention, or older where the archive holds every day (`Cache-Status: …; detail=archive`) (whole UTC days), checked, filtered and grouped as the library's `ReportingClient.funnel` does it: grouped by `day | channel | skill | account` (from analytics, cached per day) or one of `campaign | handoff | ivrNumber | failureCategory` (from the stored days' rollups); `channels` and `skills` keep only those rows or transactions (with a per-transaction grouping, summed from the days' transactions: at most 31 days). While some days of a per-transaction grouping are still being stored, 202 says how many are (retry after `Retry-After`); the answer never covers part of the range.",
        security: KEYED,
        parameters: [
          {
            name: "from",
            in: "query",
            required: true,
            description: "The first day: an ISO-8601 date or time, or epoch milliseconds.",
            schema: { type: "string" },
            example: "2026-10-01",
          },
          {
            name: "to",
            in: "query",
            required: true,
            description:
              "The last day (inclusive, up to today): an ISO-8601 date or time, or epoch milliseconds.",
            schema: { type: "string" },
            example: "2026-10-07",
          },
          {
            name: "groupBy",
            in: "query",
            description:
              "Comma-separated dimensions: any of day, channel, skill, account; or one of campaign, handoff, ivrNumber, failureCategory.",
            schema: { type: "string" },
            example: "channel",
          },
          listParameter("channels", "Only these channels: sms, wa or inapp (case-insensitive)."),
          listParameter("skills", "Only these skills."),
          FORMAT_PARAMETER,
        ],
        responses: {
          ...ok(
            "The funnel per group.",
            "FunnelResponse",
            examples["edge.funnel"],
            true,
            exportContent({
              csv:
                "RFC 4180 CSV, one line per group: the dimensions grouped by, the totals, then `<stage>FromPrevious` and `<stage>FromStart` per stage after `attempted` (empty when not applicable).",
              ndjson: "One group `{ key, totals, funnel }` per line.",
            }),
          ),
          "202": {
            description:
              "Some days of a per-transaction grouping are still being stored in the background.",
            headers: {
              "x-request-trace-id": ref("headers", "TraceId"),
              "Cache-Status": ref("headers", "CacheStatus"),
              "Retry-After": {
                description: "Seconds until asking again is worthwhile.",
                required: true,
                schema: { type: "string", pattern: "^[0-9]+$" },
              },
            },
            content: { "application/json": { schema: schemaRef("FunnelFilling") } },
          },
          ...errors(UPSTREAM_ERRORS),
          ...methodNotAllowed,
        },
      },
    },
    "/_edge/coverage/{accountId}/{app}": {
      parameters: [ref("parameters", "AccountId"), ref("parameters", "App")],
      get: {
        tags: [tag],
        operationId: "edgeCoverage",
        summary: "Coverage",
        description:
          "Per UTC day of `[from, to)`, what the proxy holds of the account's transactions: `none`, `filling` (with `pagesDone`), `settling` (stored whole, re-fetched after its TTL; `settlesAt`), `closed` (stored whole past its settling) or `archived` (in the archive, served beyond LivePerson's 13-month retention), with the transaction count; `maturing` says whether replies may still change the day (until `maturesAt`: a closed, maturing day is compared with its analytics after its TTL and re-fetched only when they differ). At most 400 days.",
        security: KEYED,
        parameters: [
          {
            name: "from",
            in: "query",
            required: true,
            description: "The first day: an ISO-8601 date or time, or epoch milliseconds.",
            schema: { type: "string" },
          },
          {
            name: "to",
            in: "query",
            required: true,
            description: "The end (exclusive): an ISO-8601 date or time, or epoch milliseconds.",
            schema: { type: "string" },
          },
          {
            name: "dialect",
            in: "query",
            description: "The dialect whose stored days to list.",
            schema: { type: "string", enum: ["current", "2.0"] },
          },
        ],
        responses: {
          "200": {
            description: "The days of the range.",
            headers: { "x-request-trace-id": ref("headers", "TraceId") },
            content: { "application/json": { schema: schemaRef("Coverage") } },
          },
          ...errors(["400", "401", "403"]),
          ...methodNotAllowed,
        },
      },
    },
    "/_edge/admin/backfill/{accountId}/{app}": adminBackfillPath(),
    "/_edge/sandbox/direct/{host}/{path}": {
      get: {
        tags: [tag],
        operationId: "edgeSandboxDirect",
        summary: "The embedded sandbox, directly",
        description:
          "The embedded sandbox's own answer to `https://{host}/{path}` with the caller's LivePerson credential, no cache or schedule in between (local runs only; 404 otherwise). The answer is LivePerson's, whatever its route.",
        security: [],
        parameters: [
          { name: "host", in: "path", required: true, schema: { type: "string" } },
          { name: "path", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: {
          default: { description: "The sandbox's answer, as LivePerson would give it." },
        },
      },
    },
    "/_edge/export/{accountId}/{app}/transactions": {
      parameters: [ref("parameters", "AccountId"), ref("parameters", "App")],
      get: {
        tags: [tag],
        operationId: "edgeExportTransactions",
        summary: "Export transactions",
        description:
          "Every transaction attempted in `[from, to)` — any range inside the 13-month retention, `to` capped at now — streamed day window by day window (each day from KV where stored, else every upstream page of it), flushed as it goes, in bounded memory. The first day is loaded before the answer starts, so its failure is still an error status; a later failure ends the stream early (the transfer is incomplete). When the client goes away, no further day is loaded. Format by `format`, else `Accept`, else CSV.",
        security: KEYED,
        parameters: [
          {
            name: "from",
            in: "query",
            required: true,
            description: "The start (inclusive): an ISO-8601 date or time, or epoch milliseconds.",
            schema: { type: "string" },
            example: "2026-07-01",
          },
          {
            name: "to",
            in: "query",
            required: true,
            description: "The end (exclusive): an ISO-8601 date or time, or epoch milliseconds.",
            schema: { type: "string" },
            example: "2026-10-01",
          },
          {
            name: "format",
            in: "query",
            description:
              "`csv` or `ndjson`; else the `Accept` header (`text/csv`, `application/x-ndjson`); else CSV.",
            schema: { type: "string", enum: ["csv", "ndjson"] },
          },
          listParameter("channels", "Only these channels (case-insensitive)."),
          listParameter("skills", "Only these skills."),
          listParameter("messagestatus", "Only these statuses (upper-cased)."),
          listParameter("handoffids", "Only these hand-off ids."),
        ],
        responses: {
          "200": {
            description: "The transactions of the range, as a stream.",
            headers: {
              "x-request-trace-id": ref("headers", "TraceId"),
              "Content-Disposition": {
                description:
                  '`attachment; filename="transactions-<account>-<first day>-<last day>.<format>"`.',
                required: true,
                schema: { type: "string", pattern: '^attachment; filename="[^"]+"$' },
              },
            },
            content: exportContent(TRANSACTION_EXPORT),
          },
          ...errors(UPSTREAM_ERRORS),
          ...methodNotAllowed,
        },
      },
    },
    "/_edge/openapi.json": {
      get: {
        tags: [tag],
        operationId: "edgeOpenApi",
        summary: "This document",
        description: "The proxy's OpenAPI 3.1 document (served from the proxy's own assets).",
        security: [],
        responses: {
          "200": {
            description: "The document.",
            headers: { "x-request-trace-id": ref("headers", "TraceId") },
            content: { "application/json": { schema: { type: "object" } } },
          },
          "404": {
            description: "The document's static assets are not built (`npm run build:docs`).",
            headers: { "x-request-trace-id": ref("headers", "TraceId") },
            content: { "application/json": { schema: schemaRef("ErrorBody") } },
          },
          ...methodNotAllowed,
        },
      },
    },
    "/_edge/docs": {
      get: {
        tags: [tag],
        operationId: "edgeDocs",
        summary: "API reference",
        description:
          "This reference as an interactive page (Swagger UI, served from the proxy's own assets).",
        security: [],
        responses: {
          "200": {
            description: "The page.",
            headers: { "x-request-trace-id": ref("headers", "TraceId") },
            content: { "text/html": { schema: { type: "string" } } },
          },
          "404": {
            description: "The reference's static assets are not built (`npm run build:docs`).",
            headers: { "x-request-trace-id": ref("headers", "TraceId") },
            content: { "application/json": { schema: schemaRef("ErrorBody") } },
          },
          ...methodNotAllowed,
        },
      },
    },
  };
}

/**
 * Builds the document. Deterministic: the same sources give the same document.
 *
 * @returns The OpenAPI 3.1 document.
 */
export async function openApiDocument(): Promise<Json> {
  const examples = await collectExamples();
  return {
    openapi: "3.1.0",
    info: {
      title: "lp-reporting-edge",
      version: "0.1.0",
      summary: "A drop-in, caching proxy of LivePerson's Outbound Reporting API (Reporting 2.0).",
      description:
        "The same paths and JSON as LivePerson's Outbound Reporting API in both dialects — current (`/api/account/…`, cx-reporting) and 2.0 (`/account/…`, connect-to-messaging); a trailing slash is optional — with proxy keys instead of LivePerson secrets, closed days served from KV, upstream calls smoothed per (region, account, API), and routes of its own under `/_edge`. Every error comes in LivePerson's shape `{ code, requestTraceId, message }`, with the trace id also in the `x-request-trace-id` header.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/", description: "This proxy" }],
    tags: [
      {
        name: "Current dialect (cx-reporting)",
        description: "`/api/account/…`: lowercase fields, `transactionday`, windows up to 60 days.",
      },
      {
        name: "2.0 dialect (connect-to-messaging)",
        description: "`/account/…`: camelCase fields, `date`, uppercase channels, 24-hour windows.",
      },
      { name: "Proxy routes (/_edge)", description: "The proxy's own routes." },
      {
        name: "Operators (/_edge/admin)",
        description:
          "Routes for holders of an admin key (`ADMIN_KEYS`); they do not exist for anyone else.",
      },
    ],
    paths: {
      ...reportingPaths("current", examples),
      ...reportingPaths("2.0", examples),
      ...edgePaths(examples),
      ...dropInAuthPaths(),
    },
    components: {
      schemas: componentSchemas(contractRegistry()),
      securitySchemes: {
        proxyKeyBearer: {
          type: "http",
          scheme: "bearer",
          description:
            "A proxy key as `Authorization: Bearer <key>` (not for pass-through tenants, whose `Authorization` carries their own LivePerson credential).",
        },
        adminKeyHeader: {
          type: "apiKey",
          in: "header",
          name: "X-Admin-Key",
          description: "An admin key (`ADMIN_KEYS` holds its SHA-256); never a tenant's proxy key.",
        },
        adminKeyBearer: {
          type: "http",
          scheme: "bearer",
          description: "An admin key as `Authorization: Bearer <key>`.",
        },
        proxyKeyHeader: {
          type: "apiKey",
          in: "header",
          name: "X-API-Key",
          description:
            "A proxy key as `X-API-Key: <key>`; pass-through tenants send their LivePerson `Authorization: Bearer …` beside it, forwarded unchanged.",
        },
      },
      parameters: {
        AccountId: {
          name: "accountId",
          in: "path",
          required: true,
          description: "The LivePerson account id the proxy key is bound to.",
          schema: { type: "string" },
          example: "10000001",
        },
        App: {
          name: "app",
          in: "path",
          required: true,
          description: "`prmsg` (Proactive Messaging) or `c2m` (Connect To Messaging).",
          schema: { type: "string", enum: ["prmsg", "c2m"] },
        },
        CampaignId: {
          name: "campaignId",
          in: "path",
          required: true,
          description: "A proactive campaign id.",
          schema: { type: "string" },
        },
        AttemptedStartTime: {
          name: "attemptedStartTime",
          in: "query",
          required: true,
          description:
            "The window's start, epoch milliseconds (inside the 13-month retention, or older where the proxy's archive holds every day of the window).",
          schema: schemaRef("EpochMs"),
        },
        AttemptedEndTime: {
          name: "attemptedEndTime",
          in: "query",
          required: true,
          description: "The window's end (exclusive), epoch milliseconds, after the start.",
          schema: schemaRef("EpochMs"),
        },
      },
      headers: {
        TraceId: {
          description:
            "The request's trace id: also `requestTraceId` in error bodies and in the request's log line.",
          required: true,
          schema: { type: "string", format: "uuid" },
        },
        CacheStatus: {
          description:
            "RFC 9211: how the proxy's cache handled the request, e.g. `lp-reporting-edge; hit`, `lp-reporting-edge; fwd=miss; stored; ttl=300`, `lp-reporting-edge; fwd=stale; detail=upstream-503`. A window that still changes upstream adds its tier and the age in seconds of the oldest stored copy served to `detail`, joined by `/`: `lp-reporting-edge; hit; ttl=1800; detail=maturing/age:1800`, `lp-reporting-edge; fwd=miss; stored; ttl=300; detail=settling` (tiers: `open`, `too-recent`, `settling`, `maturing`; a matured window adds nothing).",
          required: true,
          schema: { type: "string", pattern: "^lp-reporting-edge(; .+)?$" },
        },
        RetryAfter: {
          description: "Seconds to wait before retrying.",
          schema: { type: "string", pattern: "^\\d+$" },
        },
        Allow: {
          description: "The methods the route accepts.",
          required: true,
          schema: { type: "string" },
        },
      },
      responses: errorResponses(examples),
    },
  };
}
