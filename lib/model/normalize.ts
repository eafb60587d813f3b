/**
 * Wire JSON -> canonical model. Each `parse*` function runs one zod `safeParse` of the whole
 * body through a schema that validates the wire shape and maps it to canonical values, and
 * throws a {@link ValidationError} naming the JSON path and the offending value.
 *
 * @module
 */
import * as z from "zod/mini";
import { ValidationError } from "../errors/validation-error.ts";
import type {
  AnalyticsFilters,
  AnalyticsRow,
  ConsumerReportEntry,
  Dialect,
  Page,
  RequestMetadata,
  Transaction,
  TransactionFilters,
} from "./canonical.ts";
import { normalizeChannel } from "./channel.ts";
import * as wire20 from "./wire-2-0.ts";
import * as current from "./wire-current.ts";
import {
  attemptedWindowQuerySchema,
  pageSchema,
  requestMetadataSchema,
  wireCsatToScore,
  type WireFilters,
  type WirePage,
  type WireRequestMetadata,
  wireTimeToMs,
} from "./wire-current.ts";

/** Analytics (account or campaign) in canonical form. */
export interface ParsedAnalytics {
  metadata: RequestMetadata;
  rows: AnalyticsRow[];
}

/** One transactions page in canonical form. */
export interface ParsedTransactionsPage {
  metadata: RequestMetadata;
  page: Page;
  transactions: Transaction[];
}

/** One campaign report page in canonical form. */
export interface ParsedCampaignReport {
  metadata: RequestMetadata;
  page: Page;
  entries: ConsumerReportEntry[];
}

// ---- leaf readers: validate and convert one wire value, throwing BAD when it is wrong ----

// Thrown (never escapes this module) when the transactions fast path meets a value it rejects.
const BAD: unique symbol = Symbol("bad wire value");

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  throw BAD;
}

function string(value: unknown): string {
  if (typeof value === "string") return value;
  throw BAD;
}

function time(value: unknown): number | null {
  const ms = wireTimeToMs(value);
  if (Number.isNaN(ms)) throw BAD;
  return ms;
}

function csat(value: unknown): number | null {
  const score = wireCsatToScore(value);
  if (Number.isNaN(score)) throw BAD;
  return score;
}

function channelOrNull(value: unknown): string | null {
  const channel = text(value);
  return channel === null ? null : normalizeChannel(channel);
}

/**
 * Turns a wire day into "YYYY-MM-DD": "MM-DD-YYYY" (the current dialect's `transactionday`,
 * e.g. "10-25-2021", notes §1a) is reordered; anything else, including "YYYY-MM-DD" and the
 * 2.0 spec's placeholder `"string"`, is kept as given.
 *
 * @param value A wire day.
 * @returns The canonical day, or `value` when it is not a recognizable date.
 */
export function normalizeDay(value: string): string {
  const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
  return match === null ? value : `${match[3]}-${match[1]}-${match[2]}`;
}

function pageFromWire(page: WirePage): Page {
  // LP: -1 means "no such page" (notes §1c) [INF].
  return {
    count: page.count,
    previousOffset: page.previousOffset === -1 ? null : page.previousOffset,
    currentOffset: page.currentOffset,
    nextOffset: page.nextOffset === -1 ? null : page.nextOffset,
  };
}

function filtersFromWire(filters: WireFilters): TransactionFilters {
  const out: TransactionFilters = {};
  if (filters.channels !== undefined) {
    out.channels = filters.channels.map((c) => normalizeChannel(c));
  }
  if (filters.skills !== undefined) out.skills = filters.skills;
  if (filters.messagestatus !== undefined) out.statuses = filters.messagestatus;
  if (filters.handoffids !== undefined) out.handoffIds = filters.handoffids;
  if (filters.source !== undefined) out.sources = filters.source;
  return out;
}

function metadataFromWire(metadata: WireRequestMetadata): RequestMetadata {
  const out: RequestMetadata = { accountId: String(metadata.accountId), app: metadata.app };
  if (metadata.attemptedStartTime !== undefined) {
    out.attemptedStartTime = metadata.attemptedStartTime;
  }
  if (metadata.attemptedEndTime !== undefined) out.attemptedEndTime = metadata.attemptedEndTime;
  if (metadata.proactiveCampaignId !== undefined) {
    out.proactiveCampaignId = String(metadata.proactiveCampaignId);
  }
  if (metadata.filters !== undefined) out.filters = filtersFromWire(metadata.filters);
  return out;
}

function analyticsRowFromCurrent(row: current.AnalyticsRowWire): AnalyticsRow {
  return {
    day: normalizeDay(row.transactionday),
    channel: normalizeChannel(row.channel),
    skill: row.skill,
    attempted: row.attempted,
    eligible: row.eligible,
    skipped: row.skipped,
    sent: row.sent,
    failed: row.failed,
    delivered: row.delivered,
    read: row.read,
    conversationsCreated: row.conversationscreated,
    conversationsClosed: row.conversationsclosed,
    csat: csat(row.csat),
  };
}

function analyticsRowFrom20(row: wire20.AnalyticsRowWire): AnalyticsRow {
  const out: AnalyticsRow = {
    day: normalizeDay(row.date),
    channel: normalizeChannel(row.channel),
    skill: row.skill,
    attempted: row.attempted,
    eligible: row.eligible,
    skipped: row.skipped,
    sent: row.sent,
    failed: row.failed,
    delivered: row.delivered,
    read: row.read,
    conversationsCreated: row.conversationsCreated,
    conversationsClosed: row.conversationsClosed,
    csat: csat(row.csat),
  };
  if (row.optOuts !== undefined) out.optOuts = row.optOuts;
  if (row.optIns !== undefined) out.optIns = row.optIns;
  return out;
}

// Reads one transaction row straight from parsed JSON (hot: up to 9,999 per page, notes §4).
// The 2.0 dialect has no current-only fields (notes §1g): they are null, as zod strips them.
function transactionFromWire(value: unknown, dialect: Dialect): Transaction {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw BAD;
  const row = value as Record<string, unknown>;
  const full = dialect === "current";
  return {
    transactionId: string(row.transactionId),
    channel: normalizeChannel(string(row.channel)),
    skill: text(row.skill),
    consumerId: full ? text(row.consumerId) : null,
    conversationId: text(row.conversationId),
    proactiveCampaignId: full ? text(row.proactiveCampaignId) : null,
    handOffId: full ? text(row.handOffId) : null,
    ivrNumber: full ? text(row.ivrNumber) : null,
    initialSkill: full ? text(row.initialSkill) : null,
    initialChannel: full ? channelOrNull(row.initialChannel) : null,
    attemptedTime: time(row.attemptedTime),
    eligibleTime: time(row.eligibleTime),
    skippedTime: full ? time(row.skippedTime) : null,
    cancelledTime: time(row.cancelledTime),
    inviteTime: time(row.inviteTime),
    sentTime: time(row.sentTime),
    deliveredTime: time(row.deliveredTime),
    readTime: time(row.readTime),
    failedTime: time(row.failedTime),
    conversationsCreatedTime: time(row.conversationsCreatedTime),
    conversationsClosedTime: time(row.conversationsClosedTime),
    optInsTime: time(row.optInsTime),
    optOutsTime: time(row.optOutsTime),
    csat: csat(row.csat),
    errorSource: text(row.errorSource),
    errorCode: text(row.errorCode),
    errorMessage: text(row.errorMessage),
  };
}

function entryFromWire(entry: current.ConsumerReportEntryWire): ConsumerReportEntry {
  return {
    id: entry.id,
    consumerId: entry.consumerId ?? null,
    status: entry.status,
    errorSource: entry.errorSource ?? null,
    errorCode: entry.errorCode ?? null,
    errorMessage: entry.errorMessage ?? null,
    conversationId: entry.conversationId ?? null,
  };
}

// ---- canonical schemas: wire schema piped into the mapping ----

function mapped<W, C>(schema: z.ZodMiniType<W>, map: (wire: W) => C): z.ZodMiniType<C> {
  return z.pipe(schema, z.transform<W, C>(map));
}

function analyticsSchema(dialect: Dialect): z.ZodMiniType<ParsedAnalytics> {
  return dialect === "2.0"
    ? mapped(wire20.analyticsResponseSchema, (body) => ({
      metadata: metadataFromWire(body.requestMetadata),
      rows: body.analytics.map(analyticsRowFrom20),
    }))
    : mapped(current.analyticsResponseSchema, (body) => ({
      metadata: metadataFromWire(body.requestMetadata),
      rows: body.analytics.map(analyticsRowFromCurrent),
    }));
}

function campaignReportSchema(dialect: Dialect): z.ZodMiniType<ParsedCampaignReport> {
  const schema = dialect === "2.0"
    ? wire20.campaignReportResponseSchema
    : current.campaignReportResponseSchema;
  return mapped(schema, (body: current.CampaignReportResponseWire) => ({
    metadata: metadataFromWire(body.requestMetadata),
    // LP: "pagination is not supported yet" for campaigns (notes §4): no page means one page.
    page: body.page === undefined
      ? {
        count: body.consumersReport.length,
        previousOffset: null,
        currentOffset: 0,
        nextOffset: null,
      }
      : pageFromWire(body.page),
    entries: body.consumersReport.map(entryFromWire),
  }));
}

/**
 * The schema behind {@link parseTransactionsPage}: the wire schema piped into the mapping, with
 * a hand-written fast path installed by `z.withParser`. The fast path validates and maps in one
 * pass over the parsed JSON; on any value it rejects, zod runs the schema itself, which yields
 * the issues (and is the reference: `safeParseAsync` always takes it).
 *
 * @param dialect The wire dialect.
 * @returns A schema whose output is a canonical transactions page.
 */
export function transactionsPageSchema(dialect: Dialect): z.ZodMiniType<ParsedTransactionsPage> {
  const schema = dialect === "2.0"
    ? wire20.transactionsResponseSchema
    : current.transactionsResponseSchema;
  const reference = mapped(schema, (body: current.TransactionsResponseWire) => ({
    metadata: metadataFromWire(body.requestMetadata),
    page: pageFromWire(body.page),
    transactions: body.transactions.map((row) => transactionFromWire(row, dialect)),
  }));
  return z.withParser(reference, (input) => {
    if (typeof input !== "object" || input === null) return z.INVALID;
    const body = input as Record<string, unknown>;
    const metadata = requestMetadataSchema.safeParse(body.requestMetadata);
    const page = pageSchema.safeParse(body.page);
    const rows = body.transactions;
    if (!metadata.success || !page.success || !Array.isArray(rows)) return z.INVALID;
    const transactions: Transaction[] = [];
    try {
      for (const row of rows) transactions.push(transactionFromWire(row, dialect));
    } catch (error) {
      if (error === BAD) return z.INVALID;
      throw error;
    }
    return {
      metadata: metadataFromWire(metadata.data),
      page: pageFromWire(page.data),
      transactions,
    };
  });
}

const SCHEMAS = {
  analytics: { current: analyticsSchema("current"), "2.0": analyticsSchema("2.0") },
  transactions: {
    current: transactionsPageSchema("current"),
    "2.0": transactionsPageSchema("2.0"),
  },
  campaignReport: { current: campaignReportSchema("current"), "2.0": campaignReportSchema("2.0") },
} as const;

// ---- errors: "Cannot parse <subject> as <path> <reason>: <value>" ----

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function preview(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // a cycle or a bigint: fall through to String()
  }
  const out = json ?? String(value);
  return out.length > 80 ? `${out.slice(0, 77)}...` : out;
}

function reason(issue: z.core.$ZodIssue): string {
  // Our own schemas word their custom messages to follow the path ("is not a time").
  if (issue.code === "custom") return issue.message;
  if (issue.code === "invalid_type") {
    return `is not ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
  }
  return `is invalid (${issue.code})`;
}

/**
 * Builds the {@link ValidationError} for a failed parse: its message names the first issue's
 * JSON path and the offending value, e.g.
 * `Cannot parse transactions response as transactions[3].attemptedTime is not a time: "yesterday"`.
 *
 * @param subject What was being parsed, e.g. "transactions response".
 * @param input The value that was parsed (to quote the offending value).
 * @param issues zod's issues; carried by the error.
 * @returns The error, to throw.
 */
export function toValidationError(
  subject: string,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): ValidationError {
  const issue = issues[0];
  let why = "it is invalid";
  if (issue !== undefined) {
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    const where = path === "" ? "the body" : path;
    why = value === undefined
      ? `${where} is missing`
      : `${where} ${reason(issue)}: ${preview(value)}`;
  }
  return new ValidationError(`Cannot parse ${subject} as ${why}`, { issues });
}

function run<T>(schema: z.ZodMiniType<T>, input: unknown, subject: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw toValidationError(subject, input, result.error.issues);
}

// ---- responses ----

/**
 * Parses an account analytics response (GET or POST) into canonical rows: days "YYYY-MM-DD",
 * channels lowercase, `csat` a number or null ("0", "", 0 and null mean none [INF, notes §3]).
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata and the rows, in wire order.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 *
 * @example Parse a current-dialect row
 * ```ts
 * import { parseAnalyticsResponse } from "./normalize.ts";
 * const json = {
 *   requestMetadata: { accountId: "123456", app: "prmsg" },
 *   analytics: [{ channel: "wa", skill: "sales", transactionday: "12-11-2021", attempted: 5, eligible: 5,
 *     skipped: 0, sent: 5, failed: 0, delivered: 5, read: 4, conversationscreated: 2,
 *     conversationsclosed: 1, csat: "4" }],
 * };
 * const { rows } = parseAnalyticsResponse(json, "current");
 * console.log(rows[0]?.day); // "2021-12-11" from "transactionday": "12-11-2021"
 * ```
 */
export function parseAnalyticsResponse(json: unknown, dialect: Dialect): ParsedAnalytics {
  return run(SCHEMAS.analytics[dialect], json, "analytics response");
}

/**
 * Parses a campaign analytics response: the same shape as account analytics (notes §1d).
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata and the rows.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseCampaignAnalytics(json: unknown, dialect: Dialect): ParsedAnalytics {
  return run(SCHEMAS.analytics[dialect], json, "campaign analytics response");
}

/**
 * Parses one transactions page: times become epoch ms, channels lowercase, -1 offsets null,
 * a `csat` of 0 null [INF]. Fields the dialect lacks (2.0 has no `consumerId`, `handOffId`,
 * `skippedTime`...) are null. Fast: see {@link transactionsPageSchema}.
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata, the page and the transactions.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseTransactionsPage(json: unknown, dialect: Dialect): ParsedTransactionsPage {
  return run(SCHEMAS.transactions[dialect], json, "transactions response");
}

/**
 * Parses a campaign report (the per-recipient `consumersReport`). A body without `page` is one
 * whole page [INF]. `errorSource`/`errorCode` are kept as given (the V2 example swaps them).
 *
 * @param json The parsed response body.
 * @param dialect The wire dialect.
 * @returns The echoed request metadata, the page and the entries.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseCampaignReport(json: unknown, dialect: Dialect): ParsedCampaignReport {
  return run(SCHEMAS.campaignReport[dialect], json, "campaign report response");
}

// ---- requests ----

/**
 * Reads `attemptedStartTime` and `attemptedEndTime` (epoch ms, both required) from a query.
 *
 * @param query The request's search params.
 * @returns Both times as numbers.
 * @throws {ValidationError} When either is missing or not digits.
 */
export function parseAttemptedWindow(
  query: URLSearchParams,
): { attemptedStartTime: number; attemptedEndTime: number } {
  const input = Object.fromEntries(query);
  const { attemptedStartTime, attemptedEndTime } = run(
    attemptedWindowQuerySchema,
    input,
    "request query",
  );
  return {
    attemptedStartTime: Number(attemptedStartTime),
    attemptedEndTime: Number(attemptedEndTime),
  };
}

/**
 * Reads the account analytics POST body `{filters: {channels, skills}}`; channels are
 * normalized. An absent (null or undefined) body means no filters.
 *
 * @param json The parsed request body.
 * @param dialect The wire dialect.
 * @returns The filters that are present.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseAnalyticsFilters(json: unknown, dialect: Dialect): AnalyticsFilters {
  if (json === null || json === undefined) return {};
  const schema = dialect === "2.0"
    ? wire20.analyticsFiltersBodySchema
    : current.analyticsFiltersBodySchema;
  const { filters } = run(schema, json, "analytics filters");
  const out: AnalyticsFilters = {};
  if (filters?.channels !== undefined) {
    out.channels = filters.channels.map((c) => normalizeChannel(c));
  }
  if (filters?.skills !== undefined) out.skills = filters.skills;
  return out;
}

/**
 * Reads the transactions filter body `{channels, skills, messagestatus, handoffids, source}`
 * (2.0: channels and skills only; other keys are ignored). An absent body means no filters.
 *
 * @param json The parsed request body.
 * @param dialect The wire dialect.
 * @returns The filters that are present, under canonical names.
 * @throws {ValidationError} When the body does not match the dialect's schema.
 */
export function parseTransactionFilters(json: unknown, dialect: Dialect): TransactionFilters {
  if (json === null || json === undefined) return {};
  const schema = dialect === "2.0"
    ? wire20.transactionFiltersBodySchema
    : current.transactionFiltersBodySchema;
  return filtersFromWire(run(schema, json, "transaction filters"));
}
