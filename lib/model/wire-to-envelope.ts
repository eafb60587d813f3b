/**
 * The envelope both dialects share (`requestMetadata`, `page`, echoed filters), wire ->
 * canonical. Inputs are already validated by the `wire-shared.ts` schemas.
 *
 * @module
 */
import type { Page, RequestMetadata, TransactionFilters } from "./canonical.ts";
import { normalizeChannel } from "./channel.ts";
import type { WireFilters, WirePage, WireRequestMetadata } from "./wire-shared.ts";

/**
 * A canonical page: -1 offsets become null.
 *
 * @param page A validated wire page.
 * @returns The page.
 */
export function pageFromWire(page: WirePage): Page {
  // LP: -1 means "no such page" (notes §1c) [INF].
  return {
    count: page.count,
    previousOffset: page.previousOffset === -1 ? null : page.previousOffset,
    currentOffset: page.currentOffset,
    nextOffset: page.nextOffset === -1 ? null : page.nextOffset,
  };
}

/**
 * Canonical filters from wire names (`messagestatus` -> `statuses`, `handoffids` ->
 * `handoffIds`, `source` -> `sources`); channels are normalized.
 *
 * @param filters Validated wire filters.
 * @returns The filters that are present.
 */
export function filtersFromWire(filters: WireFilters): TransactionFilters {
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

/**
 * Canonical request metadata: ids become strings; absent fields stay absent.
 *
 * @param metadata Validated wire metadata.
 * @returns The metadata.
 */
export function metadataFromWire(metadata: WireRequestMetadata): RequestMetadata {
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
