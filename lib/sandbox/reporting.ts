import { analyticsFromTransactions } from "../funnel/aggregate.ts";
import type { App, Dialect, Transaction } from "../model/canonical.ts";
import { MAX_PAGE_SIZE, pageAt } from "../model/paging.ts";
import { selectTransactions } from "../model/select-transactions.ts";
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
import type { TransactionStore } from "./store.ts";
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
      const rows = analyticsFromTransactions(
        select(
          context.store.visible(req.accountId, req.app, range.from, range.to, context.now),
          filters,
        ),
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
      const rows = select(
        context.store.visible(req.accountId, req.app, range.from, range.to, context.now),
        filters,
      );
      const page = paginate(req.url, rows.length, context.pageSize);
      return {
        requestMetadata: metadata(req, range, filters),
        page: pageToWire(page.page),
        transactions: rows.slice(page.start, page.end).map((tx) =>
          transactionToWire(tx, req.dialect)
        ),
      };
    }
    case "campaignReport": {
      const rows = campaignTransactions(req, context);
      const page = paginate(req.url, rows.length, context.pageSize);
      return {
        requestMetadata: {
          accountId: req.accountId,
          app: req.app,
          proactiveCampaignId: req.campaignId,
        },
        page: pageToWire(page.page),
        consumersReport: rows.slice(page.start, page.end).map((tx) =>
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
      const rows = analyticsFromTransactions(campaignTransactions(req, context));
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

function campaignTransactions(req: ReportingRequest, context: ReportingContext): Transaction[] {
  const day = req.app === "prmsg" ? campaignDay(req.campaignId ?? "") : null;
  if (
    day === null || day < retentionStart(context.now, context.retentionMonths) || day > context.now
  ) {
    throw new SandboxRequestError(
      404,
      `Campaign not found: ${JSON.stringify((req.campaignId ?? "").slice(0, 40))}`,
    );
  }
  return context.store.visible(req.accountId, req.app, day, day + DAY_MS, context.now)
    .filter((tx) => tx.proactiveCampaignId === req.campaignId);
}

/** The sandbox's filters (wire names) applied as LivePerson applies them. */
function select(rows: Transaction[], filters: SandboxFilters): Transaction[] {
  const { channels, skills, messagestatus, handoffids } = filters;
  if (
    channels === undefined && skills === undefined && messagestatus === undefined &&
    handoffids === undefined
  ) {
    return rows;
  }
  return selectTransactions(rows, {
    ...(channels === undefined ? {} : { channels }),
    ...(skills === undefined ? {} : { skills }),
    ...(messagestatus === undefined ? {} : { statuses: messagestatus }),
    ...(handoffids === undefined ? {} : { handoffIds: handoffids }),
  });
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
function paginate(url: URL, total: number, pageSize: number) {
  const limit = pagingParam(url, "limit", { fallback: pageSize, min: 1, max: MAX_PAGE_SIZE });
  const offset = pagingParam(url, "offset", { fallback: 0, min: 0, max: 1_000_000_000 });
  return pageAt(offset, limit, total);
}
