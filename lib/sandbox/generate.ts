import type { App, Channel, Transaction } from "../model/canonical.ts";
import { DAY_MS, formatUtcDay, HOUR_MS, MINUTE_MS } from "../windows.ts";
import { BLOCK_MS, type DayPlan } from "./day-plan.ts";
import { createRandom, type Random } from "./random.ts";

/** A transaction as the sandbox knows it: every event, visible or not yet, plus the CSAT time. */
export interface SimTransaction extends Transaction {
  /** When the CSAT answer arrived (the wire carries only the score). */
  csatTime: number | null;
}

/** Failures finalize within this span of the attempt (twilio_5008: 72 h). */
export const SETTLE_MS = 72 * HOUR_MS;

/** LP: replies count toward a message for up to 30 days (C2M FAQ, liveperson-api-notes.md §4). */
export const DEFAULT_REPLY_LOOKBACK_DAYS = 30;

/** Share of replies in the long tail (2 days to the lookback) rather than in the first two days. */
const LATE_REPLY_SHARE = 0.12;
const FAST_REPLY_MS = 2 * DAY_MS;

/**
 * The span after its attempt within which every event of a transaction has happened: the
 * reply lookback plus a day for the conversation to close and be rated, and never less than
 * the 72 h in which failures finalize. With a lookback of 2 days or less it is 72 h.
 *
 * @param replyLookbackDays How long after the message a reply still counts.
 * @returns Milliseconds.
 */
export function maturitySpanMs(replyLookbackDays: number = DEFAULT_REPLY_LOOKBACK_DAYS): number {
  return Math.max(SETTLE_MS, replyLookbackDays * DAY_MS + DAY_MS);
}

const SECOND_MS = 1_000;
/** The skills the sandbox assigns. */
export const SKILLS: readonly string[] = ["billing", "sales", "support", "retention"];
const SKILL_WEIGHTS = [4, 3, 2, 1] as const;
const CHANNELS: Record<App, { channels: readonly Channel[]; weights: readonly number[] }> = {
  prmsg: { channels: ["sms", "wa", "inapp"], weights: [50, 35, 15] },
  // C2M deflects IVR callers to messaging: no in-app (liveperson-api-notes.md §2).
  c2m: { channels: ["sms", "wa"], weights: [60, 40] },
};

/** [errorSource, errorCode] pairs from the error dictionary (liveperson-api-notes.md §3). */
type Failure = readonly [source: string, code: string];
const INELIGIBLE: Record<App, readonly Failure[]> = {
  prmsg: [["proactive", "1001"], ["proactive", "1400"]],
  c2m: [["c2m", "1001"], ["c2m", "1400"]],
};
const SEND_FAILURES: Record<string, readonly Failure[]> = {
  sms: [["outbound", "twilio_21211"], ["outbound", "twilio_21614"], ["outbound", "twilio_21610"]],
  wa: [["outbound", "wa_470"], ["outbound", "wa_1026"]],
  inapp: [["proactive", "16"], ["proactive", "27"]],
};
const DELIVERY_FAILURES: Record<string, readonly Failure[]> = {
  sms: [["twilio", "30003"], ["twilio", "30005"], ["twilio", "30006"], ["twilio", "30007"]],
  wa: [["outbound", "wa_1026"], ["outbound", "wa_ntw_err"]],
  inapp: [["proactive", "28"]],
};
/** Twilio marks a message failed when no receipt came 72 hours after sending. */
const NO_RECEIPT: Failure = ["twilio", "5008"];

/** What a generated day looks like; the defaults give realistic outbound funnels. */
export interface DayProfile {
  seed: number;
  accountId: string;
  app: App;
  /** Mean transactions per account, app and day. */
  volume: number;
  /** How long after the message a reply (a conversation, an opt-out) still counts, in days. */
  replyLookbackDays: number;
  describeFailure: (source: string, code: string) => string;
}

/**
 * Generates the transactions of block `block` of a planned day, in attempt order: each one
 * attempted at a jittered point of its own slot of the block, so the order needs no sort.
 * Deterministic and independent of every other block.
 */
export function generateBlock(profile: DayProfile, plan: DayPlan, block: number): SimTransaction[] {
  const out: SimTransaction[] = [];
  playBlock(profile, plan, block, true, (tx) => out.push(tx));
  return out;
}

/**
 * Visits the transactions of a block as {@link generateBlock} makes them, but in one reused
 * object and without ids or messages: the times, channel, skill and CSAT are the same. For
 * aggregates that must not allocate a transaction each.
 */
export function visitBlock(
  profile: DayProfile,
  plan: DayPlan,
  block: number,
  visit: (tx: SimTransaction) => void,
): void {
  playBlock(profile, plan, block, false, visit);
}

function playBlock(
  profile: DayProfile,
  plan: DayPlan,
  block: number,
  full: boolean,
  visit: (tx: SimTransaction) => void,
): void {
  const { seed, accountId, app } = profile;
  const first = plan.starts[block] ?? 0;
  const count = (plan.starts[block + 1] ?? 0) - first;
  const blockStart = plan.dayStart + block * BLOCK_MS;
  const random = createRandom(seed, accountId, app, blockStart);
  if (count <= 0) return;
  const day = full ? formatUtcDay(plan.dayStart).replaceAll("-", "") : "";
  const accountTag = full ? hashTag(accountId) : "";
  const { channels, weights } = CHANNELS[app];
  const scratch = blankTransaction("");
  for (let index = 0; index < count; index++) {
    const tx = full
      ? blankTransaction(`${accountTag}-${day}-${String(first + index).padStart(5, "0")}`)
      : resetTransaction(scratch);
    tx.attemptedTime = blockStart + Math.floor(((index + random.next()) * BLOCK_MS) / count);
    const channel = random.pick(channels, weights);
    tx.channel = channel;
    tx.initialChannel = channel;
    tx.skill = random.pick(SKILLS, SKILL_WEIGHTS);
    const consumer = random.int(0, 899_999_999);
    const handOff = random.int(1, 4);
    const origin = random.int(1, 3);
    if (full) {
      tx.initialSkill = `${app}outbound`;
      tx.consumerId = String(100_000_000 + consumer);
      tx.handOffId = `H${accountTag}${String(handOff).padStart(8, "0")}`;
      if (app === "prmsg") tx.proactiveCampaignId = campaignId(plan.dayStart, origin);
      else tx.ivrNumber = `+1800555${accountId.slice(-2)}${origin}`;
    }
    playOutcome(tx, random, profile, full);
    visit(tx);
  }
}

/** Campaign ids name their day, so a campaign's transactions can be found without an index. */
export function campaignId(dayStart: number, index: number): string {
  return `${formatUtcDay(dayStart).replaceAll("-", "")}${index}`;
}

/** The UTC day a campaign id belongs to, or null when it is not one of the sandbox's ids. */
export function campaignDay(id: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})[1-3]$/.exec(id);
  if (match === null) return null;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return formatUtcDay(day).replaceAll("-", "") === id.slice(0, 8) ? day : null;
}

function playOutcome(tx: SimTransaction, random: Random, profile: DayProfile, full: boolean): void {
  const attempted = tx.attemptedTime as number;
  const roll = random.next();
  const fail = (at: number, [source, code]: Failure): void => {
    tx.failedTime = Math.min(at, attempted + SETTLE_MS);
    tx.errorSource = source;
    tx.errorCode = code;
    if (full) tx.errorMessage = profile.describeFailure(source, code);
  };
  // Skipped: the consumer opted out earlier, so nothing is sent.
  if (roll < 0.03) {
    tx.skippedTime = attempted + SECOND_MS;
    return;
  }
  if (roll < 0.07) {
    fail(attempted + 2 * SECOND_MS, random.pick(INELIGIBLE[profile.app]));
    return;
  }
  const eligible = attempted + random.int(1, 5) * SECOND_MS;
  tx.eligibleTime = eligible;
  if (roll < 0.08) {
    tx.cancelledTime = eligible + SECOND_MS;
    return;
  }
  if (roll < 0.11) {
    fail(eligible + SECOND_MS, random.pick(SEND_FAILURES[tx.channel] ?? []));
    return;
  }
  tx.inviteTime = eligible + SECOND_MS;
  const sent = tx.inviteTime + random.int(1, 3) * SECOND_MS;
  tx.sentTime = sent;
  if (roll < 0.15) {
    // Delivery failures finalize late: the carrier's report, or no receipt after 72 h.
    if (tx.channel === "sms" && random.next() < 0.2) fail(sent + SETTLE_MS, NO_RECEIPT);
    else {fail(
        sent + random.int(5, 48 * 60) * MINUTE_MS,
        random.pick(DELIVERY_FAILURES[tx.channel] ?? []),
      );}
    return;
  }
  const delivered = sent + random.int(2, 300) * SECOND_MS;
  tx.deliveredTime = delivered;
  let seen = delivered;
  // LP: Twilio reports no read receipts, so SMS never has a read (liveperson-api-notes.md §1g).
  if (tx.channel !== "sms" && random.next() < 0.7) {
    seen = delivered + random.int(1, 24 * 60) * MINUTE_MS;
    tx.readTime = seen;
  }
  const reply = random.next();
  const lookbackMs = profile.replyLookbackDays * DAY_MS;
  if (reply < 0.03) {
    tx.optOutsTime = replyTime(random, { sent, seen, fastMinutes: [1, 24 * 60], lookbackMs });
  } else if (reply < 0.3) {
    const created = replyTime(random, { sent, seen, fastMinutes: [5, 48 * 60], lookbackMs });
    tx.conversationsCreatedTime = created;
    if (full) tx.conversationId = conversationId(tx.transactionId);
    if (random.next() < 0.85) {
      const closed = created + random.int(10, 12 * 60) * MINUTE_MS;
      tx.conversationsClosedTime = closed;
      tx.csat = random.pick([1, 2, 3, 4, 5], [1, 1, 2, 4, 5]);
      tx.csatTime = closed + random.int(1, 60) * MINUTE_MS;
    }
  } else if (reply < 0.31) {
    tx.optInsTime = seen + random.int(1, 60) * MINUTE_MS;
  }
  clampToSpan(tx, attempted + maturitySpanMs(profile.replyLookbackDays));
}

/**
 * When a reply arrives: most within two days of being seen, a long tail up to the lookback
 * after the message (LP: "up to 30 days", liveperson-api-notes.md §4). Draws two numbers always.
 */
function replyTime(
  random: Random,
  reply: { sent: number; seen: number; fastMinutes: [number, number]; lookbackMs: number },
): number {
  const late = random.next() < LATE_REPLY_SHARE && reply.lookbackMs > FAST_REPLY_MS;
  const roll = random.next();
  if (late) {
    return reply.sent + FAST_REPLY_MS + Math.floor(roll * (reply.lookbackMs - FAST_REPLY_MS));
  }
  const [min, max] = reply.fastMinutes;
  return reply.seen + (min + Math.floor(roll * (max - min + 1))) * MINUTE_MS;
}

const EVENT_KEYS = [
  "readTime",
  "optOutsTime",
  "optInsTime",
  "conversationsCreatedTime",
  "conversationsClosedTime",
  "csatTime",
] as const;

function clampToSpan(tx: SimTransaction, last: number): void {
  for (const key of EVENT_KEYS) {
    const value = tx[key];
    if (value !== null && value > last) tx[key] = last;
  }
}

function conversationId(transactionId: string): string {
  const hex = (hashTag(transactionId) + hashTag(`${transactionId}:c`)).padEnd(32, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20, 32)
  }`;
}

function hashTag(text: string): string {
  return createRandom(0, text).int(0, 0xffff_ffff).toString(16).padStart(8, "0");
}

function resetTransaction(tx: SimTransaction): SimTransaction {
  // Field by field: Object.assign here was most of the cost of a large block.
  tx.eligibleTime = null;
  tx.skippedTime = null;
  tx.cancelledTime = null;
  tx.inviteTime = null;
  tx.sentTime = null;
  tx.deliveredTime = null;
  tx.readTime = null;
  tx.failedTime = null;
  tx.conversationsCreatedTime = null;
  tx.conversationsClosedTime = null;
  tx.optInsTime = null;
  tx.optOutsTime = null;
  tx.csat = null;
  tx.csatTime = null;
  tx.errorSource = null;
  tx.errorCode = null;
  return tx;
}

function blankTransaction(transactionId: string): SimTransaction {
  return {
    transactionId,
    channel: "sms",
    skill: null,
    consumerId: null,
    conversationId: null,
    proactiveCampaignId: null,
    handOffId: null,
    ivrNumber: null,
    initialSkill: null,
    initialChannel: null,
    attemptedTime: null,
    eligibleTime: null,
    skippedTime: null,
    cancelledTime: null,
    inviteTime: null,
    sentTime: null,
    deliveredTime: null,
    readTime: null,
    failedTime: null,
    conversationsCreatedTime: null,
    conversationsClosedTime: null,
    optInsTime: null,
    optOutsTime: null,
    csat: null,
    errorSource: null,
    errorCode: null,
    errorMessage: null,
    csatTime: null,
  };
}
