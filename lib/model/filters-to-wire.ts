/**
 * Canonical filters -> the filter bodies (and echoed filters) each dialect takes, under wire
 * names (`messagestatus`, `handoffids`, `source`).
 *
 * @module
 */
import type { AnalyticsFilters, Dialect, TransactionFilters } from "./canonical.ts";
import { formatChannel } from "./channel.ts";

function filtersToWire(
  filters: TransactionFilters,
  dialect: Dialect,
  strict: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (filters.channels !== undefined) {
    out.channels = filters.channels.map((channel) => formatChannel(channel, dialect));
  }
  if (filters.skills !== undefined) out.skills = filters.skills;
  const extra: [string, string[] | undefined][] = [
    ["messagestatus", filters.statuses],
    ["handoffids", filters.handoffIds],
    ["source", filters.sources],
  ];
  for (const [name, values] of extra) {
    if (values === undefined) continue;
    if (strict && dialect === "2.0") {
      throw new RangeError(
        `Cannot filter by ${name} as the 2.0 dialect has only channel and skill filters: ${
          JSON.stringify(values)
        }`,
      );
    }
    out[name] = values;
  }
  return out;
}

/**
 * The transactions filter body, under wire names (`messagestatus`, `handoffids`, `source`).
 *
 * @param filters Canonical filters; absent fields are left out.
 * @param dialect The wire dialect.
 * @returns The wire body.
 * @throws {RangeError} When 2.0 is asked to filter by statuses, handoff ids or sources, which
 *   only the current dialect has (PR #1572, notes §1g): dropping them would widen the query.
 */
export function transactionFiltersToWire(
  filters: TransactionFilters,
  dialect: Dialect,
): Record<string, unknown> {
  return filtersToWire(filters, dialect, true);
}

/**
 * The account analytics POST body `{filters: {channels, skills}}`.
 *
 * @param filters Canonical filters; absent fields are left out.
 * @param dialect The wire dialect.
 * @returns The wire body.
 */
export function analyticsFiltersToWire(
  filters: AnalyticsFilters,
  dialect: Dialect,
): Record<string, unknown> {
  return { filters: filtersToWire(filters, dialect, true) };
}

/**
 * Filters as `requestMetadata.filters` echoes them: written whatever the dialect, since an
 * echo never narrows a query.
 *
 * @param filters Canonical filters; absent fields are left out.
 * @param dialect The wire dialect (it spells the channels).
 * @returns The wire object.
 */
export function echoedFiltersToWire(
  filters: TransactionFilters,
  dialect: Dialect,
): Record<string, unknown> {
  return filtersToWire(filters, dialect, false);
}
