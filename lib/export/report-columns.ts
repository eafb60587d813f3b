/**
 * The CSV columns of the other reports: a campaign's per-consumer report and the opt-outs.
 *
 * @module
 */
import type { OptOut } from "../client/opt-outs.ts";
import type { ConsumerReportEntry } from "../model/canonical.ts";
import type { CsvColumn } from "./csv.ts";
import { isoTime } from "./iso-time.ts";

/** The CSV columns of a campaign's consumer report, one per canonical field. */
export const CONSUMER_REPORT_CSV_COLUMNS: readonly CsvColumn<ConsumerReportEntry>[] = Object
  .freeze(
    (
      [
        "id",
        "consumerId",
        "status",
        "errorSource",
        "errorCode",
        "errorMessage",
        "conversationId",
      ] as const
    ).map((field): CsvColumn<ConsumerReportEntry> => ({
      name: field,
      value: (entry) => entry[field],
    })),
  );

/** The CSV columns of an opt-out: `consumerId`, `channel`, `optOutTime` (ISO 8601 UTC). */
export const OPT_OUT_CSV_COLUMNS: readonly CsvColumn<OptOut>[] = Object.freeze([
  { name: "consumerId", value: (optOut: OptOut) => optOut.consumerId },
  { name: "channel", value: (optOut: OptOut) => optOut.channel },
  { name: "optOutTime", value: (optOut: OptOut) => isoTime(optOut.optOutTime) },
]);
