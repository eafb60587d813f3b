import type { AnalyticsRow, Transaction } from "../model/canonical.ts";
import { CHANNELS } from "../model/canonical.ts";
import { round2 } from "../funnel/sums.ts";
import { SKILLS } from "./generate.ts";
import type { SimTransaction } from "./generate.ts";

/**
 * Analytics counters of a block of transactions, small enough to keep for every block of a
 * long window: one row of counters per (channel, skill) group, plus the block's late events,
 * so the counts visible at any later time are the final counts minus the events still ahead.
 *
 * @module
 */

const FIELDS = [
  "attempted",
  "eligible",
  "skipped",
  "sent",
  "failed",
  "delivered",
  "read",
  "conversationsCreated",
  "conversationsClosed",
  "optOuts",
  "optIns",
  "csatSum",
  "csatWeight",
] as const;
const WIDTH = FIELDS.length;
const CSAT_SUM = 11;
const CSAT_WEIGHT = 12;
/** Event kinds 1..10 are the counters of the same index; 10 + v is a CSAT answer of v. */
const CSAT_KIND = 10;
const TIMED = [
  [1, "eligibleTime"],
  [2, "skippedTime"],
  [3, "sentTime"],
  [4, "failedTime"],
  [5, "deliveredTime"],
  [6, "readTime"],
  [7, "conversationsCreatedTime"],
  [8, "conversationsClosedTime"],
  [9, "optOutsTime"],
  [10, "optInsTime"],
] as const;
const GROUPS = CHANNELS.length * SKILLS.length;

/** Counters of every group, flat: group g's field f at `g * WIDTH + f`. */
export type GroupCounters = Float64Array;

/** Zeroed counters for every group. */
export function emptyCounters(): GroupCounters {
  return new Float64Array(GROUPS * WIDTH);
}

/** What a block sums to once all its events happened, and the events after `lateAfter`. */
export interface BlockSums {
  final: GroupCounters;
  /** The counters serve horizons from this time on: every later event is in the late list. */
  lateAfter: number;
  /** Times of the events after `lateAfter`, ascending, and their `group * 16 + kind` codes. */
  lateTimes: Float64Array;
  lateCodes: Uint8Array;
}

function groupOf(tx: Transaction): number {
  const channel = (CHANNELS as readonly string[]).indexOf(tx.channel);
  const skill = SKILLS.indexOf(tx.skill ?? "");
  if (channel < 0 || skill < 0) {
    throw new RangeError(
      `Cannot count a transaction of channel ${tx.channel} and skill ${tx.skill}`,
    );
  }
  return channel * SKILLS.length + skill;
}

/**
 * Adds a transaction as visible at `horizon` (events after it not yet counted) to `counters`.
 * The caller checks that its attempt is visible.
 */
export function addVisible(
  counters: GroupCounters,
  tx: Transaction & { csatTime?: number | null },
  horizon: number,
): void {
  const base = groupOf(tx) * WIDTH;
  const count = (kind: number, time: number | null): void => {
    if (time !== null && time <= horizon) counters[base + kind] = (counters[base + kind] ?? 0) + 1;
  };
  // Field by field, in TIMED's order: a dynamic key read here costs more than the rest.
  counters[base] = (counters[base] ?? 0) + 1;
  count(1, tx.eligibleTime);
  count(2, tx.skippedTime);
  count(3, tx.sentTime);
  count(4, tx.failedTime);
  count(5, tx.deliveredTime);
  count(6, tx.readTime);
  count(7, tx.conversationsCreatedTime);
  count(8, tx.conversationsClosedTime);
  count(9, tx.optOutsTime);
  count(10, tx.optInsTime);
  // A transaction already made visible carries no csatTime: its csat is visible.
  if (tx.csat !== null && (tx.csatTime ?? Number.NEGATIVE_INFINITY) <= horizon) {
    counters[base + CSAT_SUM] = (counters[base + CSAT_SUM] ?? 0) + tx.csat;
    counters[base + CSAT_WEIGHT] = (counters[base + CSAT_WEIGHT] ?? 0) + 1;
  }
}

/** Sums visited transactions into final counters and the list of their events after `lateAfter`. */
export function sumBlock(
  visit: (each: (tx: SimTransaction) => void) => void,
  lateAfter: number,
): BlockSums {
  const final = emptyCounters();
  const late: { time: number; code: number }[] = [];
  visit((tx) => {
    addVisible(final, tx, Number.POSITIVE_INFINITY);
    if (!hasLateEvent(tx, lateAfter)) return;
    const group = groupOf(tx) * 16;
    for (const [kind, key] of TIMED) {
      const time = tx[key];
      if (time !== null && time > lateAfter) late.push({ time, code: group + kind });
    }
    if (tx.csat !== null && tx.csatTime !== null && tx.csatTime > lateAfter) {
      late.push({ time: tx.csatTime, code: group + CSAT_KIND + tx.csat });
    }
  });
  late.sort((a, b) => a.time - b.time);
  return {
    final,
    lateAfter,
    lateTimes: Float64Array.from(late, (event) => event.time),
    lateCodes: Uint8Array.from(late, (event) => event.code),
  };
}

function hasLateEvent(tx: SimTransaction, lateAfter: number): boolean {
  const latest = Math.max(
    tx.eligibleTime ?? 0,
    tx.skippedTime ?? 0,
    tx.sentTime ?? 0,
    tx.deliveredTime ?? 0,
    tx.failedTime ?? 0,
    tx.readTime ?? 0,
    tx.conversationsCreatedTime ?? 0,
    tx.conversationsClosedTime ?? 0,
    tx.optOutsTime ?? 0,
    tx.optInsTime ?? 0,
    tx.csatTime ?? 0,
  );
  return latest > lateAfter;
}

/**
 * Adds a block's counters as visible at `horizon` (which must be at least `sums.lateAfter`)
 * to `counters`: the final counts less the late events still after the horizon.
 */
export function addBlockAt(counters: GroupCounters, sums: BlockSums, horizon: number): void {
  const { final, lateTimes, lateCodes } = sums;
  for (let i = 0; i < final.length; i++) counters[i] = (counters[i] ?? 0) + (final[i] ?? 0);
  let low = 0;
  let high = lateTimes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((lateTimes[mid] ?? 0) <= horizon) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < lateTimes.length; i++) {
    const code = lateCodes[i] ?? 0;
    const base = (code >> 4) * WIDTH;
    const kind = code & 15;
    if (kind > CSAT_KIND) {
      counters[base + CSAT_SUM] = (counters[base + CSAT_SUM] ?? 0) - (kind - CSAT_KIND);
      counters[base + CSAT_WEIGHT] = (counters[base + CSAT_WEIGHT] ?? 0) - 1;
    } else counters[base + kind] = (counters[base + kind] ?? 0) - 1;
  }
}

/**
 * Analytics rows of one day's counters: one per group with an attempt that passes the
 * channel and skill filters, in channel then skill order.
 */
export function rowsOfDay(
  day: string,
  counters: GroupCounters,
  keep: (channel: string, skill: string) => boolean,
): AnalyticsRow[] {
  const rows: AnalyticsRow[] = [];
  for (let group = 0; group < GROUPS; group++) {
    const base = group * WIDTH;
    const channel = CHANNELS[Math.floor(group / SKILLS.length)] as string;
    const skill = SKILLS[group % SKILLS.length] as string;
    const at = (field: number): number => counters[base + field] ?? 0;
    if (at(0) === 0 || !keep(channel, skill)) continue;
    rows.push({
      day,
      channel,
      skill,
      attempted: at(0),
      eligible: at(1),
      skipped: at(2),
      sent: at(3),
      failed: at(4),
      delivered: at(5),
      read: at(6),
      conversationsCreated: at(7),
      conversationsClosed: at(8),
      optOuts: at(9),
      optIns: at(10),
      csat: at(CSAT_WEIGHT) > 0 ? round2(at(CSAT_SUM) / at(CSAT_WEIGHT)) : null,
    });
  }
  return rows;
}
