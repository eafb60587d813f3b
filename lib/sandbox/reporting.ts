import type { App, Dialect, Transaction } from "../model/canonical.ts";
import { MAX_PAGE_SIZE, pageAt } from "../model/paging.ts";
import { transactionMatcher } from "../model/select-transactions.ts";
import {
  analyticsRowToWire,
  consumerReportEntryToWire,
  pageToWire,
  transactionToWire,
} from "../model/responses-to-wire.ts";
import { checkRange, DAY_MS, type Operation, retentionStart } from "../windows.ts";
import { campaignDay } from "./generate.ts";
import {
  epochParam,
  pagingParam,
  readFilters,
  readJsonBody,
  type SandboxFilters,
  SandboxRequestError,
} from "./params.ts";
import type { StorePage, TransactionStore } from "./store.ts";
import { normalizeChannel } from "../model/channel.ts";
import { statusOf } from "../model/transaction-status.ts";

/** A reporting request, routed and authenticated. */
export interface ReportingRequest {
  operation: Operation;
  dialect: Dialect;
  accountId: string;
  app: App;
  campaignId: string | null;
  url: URL;
  request: Request;
}

/** What the handlers need from the sandbox. */
export interface ReportingContext {
  store: TransactionStore;
  now: number;
  pageSize: number;
  retentionMonths: number;
}

/**
 * Answers one reporting operation with its wire JSON.
 * @throws {SandboxRequestError} for every request LivePerson would reject.
 */
export async function answerReporting(
  req: ReportingRequest,
  context: ReportingContext,
): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req.request);
  switch (req.operation) {
    case "accountAnalytics": {
      const range = readRange(req, context);
      const filters = readFilters(
        req.url,
        (body?.["filters"] ?? body) as Record<string, unknown> | null,
        [
          "channels",
          "skills",
        ],
      );
      const rows = context.store.analytics(
        { accountId: req.accountId, app: req.app, ...range, now: context.now },
        groupFilter(filters),
      );
      return {
        requestMetadata: metadata(req, range, filters),
        analytics: rows.map((row) => analyticsRowToWire(row, req.dialect)),
      };
    }
    case "transactions": {
      const range = readRange(req, context);
      const filters = readFilters(req.url, body, [
        "channels",
        "skills",
        "messagestatus",
        "handoffids",
      ]);
      const query = { accountId: req.accountId, app: req.app, ...range, now: context.now };
      const { offset, limit } = pagingOf(req.url, context.pageSize);
      const keep = transactionFilter(filters);
      const found = keep === null
        ? context.store.page(query, offset, limit)
        : context.store.scan(query, keep, { offset, limit });
      return {
        requestMetadata: metadata(req, range, filters),
        page: pageToWire(pageAt(offset, limit, found.total).page),
        transactions: found.rows.map((tx) => transactionToWire(tx, req.dialect)),
      };
    }
    case "campaignReport": {
      const { offset, limit } = pagingOf(req.url, context.pageSize);
      const found = campaignTransactions(req, context, { offset, limit });
      return {
        requestMetadata: {
          accountId: req.accountId,
          app: req.app,
          proactiveCampaignId: req.campaignId,
        },
        page: pageToWire(pageAt(offset, limit, found.total).page),
        consumersReport: found.rows.map((tx) =>
          consumerReportEntryToWire({
            id: tx.transactionId,
            consumerId: tx.consumerId,
            status: statusOf(tx),
            errorSource: tx.errorSource,
            errorCode: tx.errorCode,
            errorMessage: tx.errorMessage,
            conversationId: tx.conversationId,
          }, req.dialect)
        ),
      };
    }
    case "campaignAnalytics": {
      const day = campaignDay(req.campaignId ?? "") as number;
      const rows = context.store.rowsOf(campaignTransactions(req, context).rows);
      return {
        requestMetadata: {
          ...metadata(req, { from: day, to: day + DAY_MS }, {}),
          proactiveCampaignId: req.campaignId,
        },
        analytics: rows.map((row) => analyticsRowToWire(row, req.dialect)),
      };
    }
  }
}

function readRange(req: ReportingRequest, context: ReportingContext): { from: number; to: number } {
  const from = epochParam(req.url, "attemptedStartTime");
  const to = epochParam(req.url, "attemptedEndTime");
  try {
    const { operation, dialect } = req;
    return checkRange({
      operation,
      dialect,
      from,
      to,
      now: context.now,
      retentionMonths: context.retentionMonths,
    });
  } catch (error) {
    throw new SandboxRequestError(400, (error as Error).message);
  }
}

function campaignTransactions(
  req: ReportingRequest,
  context: ReportingContext,
  paging?: { offset: number; limit: number },
): StorePage {
  const day = req.app === "prmsg" ? campaignDay(req.campaignId ?? "") : null;
  if (
    day === null || day < retentionStart(context.now, context.retentionMonths) || day > context.now
  ) {
    throw new SandboxRequestError(
      404,
      `Campaign not found: ${JSON.stringify((req.campaignId ?? "").slice(0, 40))}`,
    );
  }
  const query = {
    accountId: req.accountId,
    app: req.app,
    from: day,
    to: day + DAY_MS,
    now: context.now,
  };
  return context.store.scan(query, (tx) => tx.proactiveCampaignId === req.campaignId, paging);
}

/** The sandbox's filters (wire names) as LivePerson applies them, or null when there are none. */
function transactionFilter(filters: SandboxFilters): ((tx: Transaction) => boolean) | null {
  const { channels, skills, messagestatus, handoffids } = filters;
  if (
    channels === undefined && skills === undefined && messagestatus === undefined &&
    handoffids === undefined
  ) {
    return null;
  }
  return transactionMatcher({
    ...(channels === undefined ? {} : { channels }),
    ...(skills === undefined ? {} : { skills }),
    ...(messagestatus === undefined ? {} : { statuses: messagestatus }),
    ...(handoffids === undefined ? {} : { handoffIds: handoffids }),
  });
}

/** The analytics filters as a test of a (channel, skill) group. */
function groupFilter(filters: SandboxFilters): (channel: string, skill: string) => boolean {
  const channels = filters.channels?.map(normalizeChannel);
  const { skills } = filters;
  return (channel, skill) =>
    (channels === undefined || channels.includes(channel)) &&
    (skills === undefined || skills.includes(skill));
}

function metadata(
  req: ReportingRequest,
  range: { from: number; to: number },
  filters: SandboxFilters,
): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    accountId: req.accountId,
    app: req.app,
    attemptedStartTime: range.from,
    attemptedEndTime: range.to,
  };
  if (Object.keys(filters).length > 0) meta["filters"] = filters;
  return meta;
}

/**
 * Pages by row offset: `offset` (and `limit`, 1..9999) query parameters — this project's
 * assumption, as LivePerson does not document its paging parameters (liveperson-api-notes.md §1e).
 */
function pagingOf(url: URL, pageSize: number): { offset: number; limit: number } {
  return {
    limit: pagingParam(url, "limit", { fallback: pageSize, min: 1, max: MAX_PAGE_SIZE }),
    offset: pagingParam(url, "offset", { fallback: 0, min: 0, max: 1_000_000_000 }),
  };
}
