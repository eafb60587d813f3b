import type { AnalyticsRow, ConsumerReportEntry, Transaction } from "../model/canonical.ts";
import { accountAnalytics, type AnalyticsQuery, campaignAnalytics } from "./analytics.ts";
import { campaignReport, checkCampaignId } from "./campaign-report.ts";
import { type ClientContext, createContext } from "./context.ts";
import { type FunnelGroup, type FunnelQuery, funnelReport } from "./funnel-report.ts";
import { type OptOut, optOuts } from "./opt-outs.ts";
import type { ReportingClientOptions } from "./options.ts";
import type { Paginated } from "./paginated.ts";
import type { RangeQuery } from "./query.ts";
import { transactions, type TransactionsQuery } from "./transactions.ts";

/** Options of a single campaign call. */
export interface CampaignOptions {
  /** Cancels this call. */
  signal?: AbortSignal;
}

/**
 * A client for LivePerson's Outbound Reporting API that takes any range inside the 13-month
 * retention and does the windows, paging, auth, regions, retries and rate limiting itself.
 *
 * @example
 * ```ts
 * import { ReportingClient } from "lp-reporting-edge";
 * import { createSandbox } from "lp-reporting-edge/sandbox";
 *
 * const sandbox = createSandbox({ volume: 50 });
 * const tenant = sandbox.tenants[0]!;
 * const client = new ReportingClient({
 *   accountId: tenant.accountId,
 *   app: "prmsg",
 *   auth: { kind: "oauth2", ...tenant.oauth2 },
 *   fetch: sandbox.fetch,
 * });
 * const to = Date.now();
 * const rows = await client.accountAnalytics({ from: to - 3 * 86_400_000, to });
 * console.log(rows.length > 0); // true
 * ```
 */
export class ReportingClient {
  readonly #context: ClientContext;

  /**
   * @throws {TypeError} on a missing account id or credentials, or an unknown app, region or dialect.
   * @throws {RangeError} on a non-positive timeout, rate limit, concurrency or retry setting.
   */
  constructor(options: ReportingClientOptions) {
    this.#context = createContext(options);
  }

  /**
   * Account analytics rows of `[from, to)`, one per day, channel and skill.
   * @throws {TypeError | RangeError} on a bad range or filter, before any request.
   * @throws {HttpError | NetworkError | TimeoutError | ValidationError} when the upstream fails for good.
   */
  accountAnalytics(query: AnalyticsQuery): Promise<AnalyticsRow[]> {
    return accountAnalytics(this.#context, query);
  }

  /**
   * The raw transactions of `[from, to)`, lazily, across 24-hour windows and all pages.
   * @throws {TypeError | RangeError} at once on a bad range or filter.
   */
  transactions(query: TransactionsQuery): Paginated<Transaction> {
    return transactions(this.#context, query);
  }

  /**
   * The per-consumer report of a Proactive campaign, page by page.
   * @throws {TypeError} at once on an empty campaign id.
   */
  campaignReport(
    campaignId: string,
    options: CampaignOptions = {},
  ): Paginated<ConsumerReportEntry> {
    return campaignReport(this.#context, campaignId, options.signal);
  }

  /**
   * Analytics rows of a Proactive campaign.
   * @throws {TypeError} on an empty campaign id.
   */
  campaignAnalytics(campaignId: string, options: CampaignOptions = {}): Promise<AnalyticsRow[]> {
    checkCampaignId(campaignId);
    return campaignAnalytics(this.#context, campaignId, options.signal);
  }

  /**
   * The outbound funnel of `[from, to)`, grouped by `day | channel | skill | account` or by
   * one of `campaign | handoff | ivrNumber`.
   * @throws {TypeError | RangeError} on a bad range or grouping, before any request.
   */
  funnel(query: FunnelQuery): Promise<FunnelGroup[]> {
    return funnelReport(this.#context, query);
  }

  /**
   * Every opt-out in reply to the messages attempted in `[from, to)`.
   * @throws {TypeError | RangeError} at once on a bad range.
   */
  optOuts(query: RangeQuery): Paginated<OptOut> {
    return optOuts(this.#context, query);
  }
}
