/**
 * Whole responses in canonical form, as the `parse*` functions of `wire-to-responses.ts` return them
 * and the `*ToWire` functions of `responses-to-wire.ts` take them.
 *
 * @module
 */
import type {
  AnalyticsRow,
  ConsumerReportEntry,
  Page,
  RequestMetadata,
  Transaction,
} from "./canonical.ts";

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
