import type { App, Dialect, Transaction, TransactionFilters } from "../model/canonical.ts";
import { pageAt } from "../model/paging.ts";
import { transactionMatcher } from "../model/select-transactions.ts";
import {
  analyticsRowToWire,
  consumerReportEntryToWire,
  pageToWire,
  transactionToWire,
} from "../model/responses-to-wire.ts";
import { DAY_MS, type Operation, retentionStart } from "../windows.ts";
import { echoedFiltersToWire } from "../model/filters-to-wire.ts";
import { campaignDay } from "./generate.ts";
import type { StorePage, TransactionStore } from "./store.ts";
import { statusOf } from "../model/transaction-status.ts";
import { InvalidRequestError } from "../http/invalid-request-error.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import {
  type FilteredOperation,
  parsePaging,
  parseReportingParams,
  type ReportingParams,
} from "../model/wire-to-request-params.ts";

/** Largest request body the sandbox reads. */
const MAX_BODY_BYTES = 1_048_576;

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
 * @throws {InvalidRequestError} for every request LivePerson would reject.
 */
export async function answerReporting(
  req: ReportingRequest,
  context: ReportingContext,
): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req.request, MAX_BODY_BYTES);
  switch (req.operation) {
    case "accountAnalytics": {
      const { window: range, filters } = readParams(req, "accountAnalytics", body, context);
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
      const { window: range, filters } = readParams(req, "transactions", body, context);
      const query = { accountId: req.accountId, app: req.app, ...range, now: context.now };
      const { offset, limit } = parsePaging(req.url, context.pageSize);
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
      const { offset, limit } = parsePaging(req.url, context.pageSize);
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

function readParams(
  req: ReportingRequest,
  operation: FilteredOperation,
  body: Record<string, unknown> | null,
  context: ReportingContext,
): ReportingParams {
  return parseReportingParams({
    operation,
    dialect: req.dialect,
    url: req.url,
    body,
    now: context.now,
    retentionMonths: context.retentionMonths,
  });
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
    throw new InvalidRequestError(
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

/** The filters as LivePerson applies them, or null when there are none. */
function transactionFilter(filters: TransactionFilters): ((tx: Transaction) => boolean) | null {
  return Object.values(filters).every((values) => values === undefined)
    ? null
    : transactionMatcher(filters);
}

/** The analytics filters as a test of a (channel, skill) group. */
function groupFilter(filters: TransactionFilters): (channel: string, skill: string) => boolean {
  const { channels, skills } = filters;
  return (channel, skill) =>
    (channels === undefined || channels.includes(channel)) &&
    (skills === undefined || skills.includes(skill));
}

function metadata(
  req: ReportingRequest,
  range: { from: number; to: number },
  filters: TransactionFilters,
): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    accountId: req.accountId,
    app: req.app,
    attemptedStartTime: range.from,
    attemptedEndTime: range.to,
  };
  if (Object.keys(filters).length > 0) meta["filters"] = echoedFiltersToWire(filters, req.dialect);
  return meta;
}
