/**
 * Why an outbound message failed: LivePerson's error dictionary (liveperson-api-notes.md §3),
 * keyed `errorSource_errorCode`, sorted into a few categories a report can group by.
 *
 * Categories:
 * - `invalid-number`: the address cannot take messages (malformed, unassigned, not a mobile,
 *   a landline). Fix the contact data; retrying does not help.
 * - `opted-out`: the recipient unsubscribed. Never retry.
 * - `undelivered`: accepted, then not delivered by the carrier or handset (switched off, no
 *   receipt, blocked). A later attempt may succeed.
 * - `policy`: the sender side must change something: content, template, messaging window,
 *   sender number, permissions, account standing or channel settings.
 * - `rate`: a throughput or queue limit. Slow down and retry.
 * - `ineligible`: the recipient cannot get this message now (open conversation, channel or app
 *   not supported, no WhatsApp version for it).
 * - `internal`: a LivePerson, connector or provider failure. Retry; contact support if it lasts.
 * - `unknown`: not in the dictionary, or documented only as a generic failure.
 *
 * @module
 */

/** A failure category; see the module doc for what each means. */
export type FailureCategory =
  | "invalid-number"
  | "opted-out"
  | "undelivered"
  | "policy"
  | "rate"
  | "ineligible"
  | "internal"
  | "unknown";

/** The failure categories, in the order a report lists them. */
export const FAILURE_CATEGORIES: readonly FailureCategory[] = Object.freeze([
  "invalid-number",
  "opted-out",
  "undelivered",
  "policy",
  "rate",
  "ineligible",
  "internal",
  "unknown",
]);

/** What each failure category means and what to do about it, for people (the module doc). */
// deno-fmt-ignore -- a table reads best one row per line
export const FAILURE_CATEGORY_DESCRIPTIONS: Readonly<Record<FailureCategory, string>> = Object.freeze({
  "invalid-number": "The address cannot take messages (malformed, unassigned, not a mobile, a landline). Fix the contact data; retrying does not help.",
  "opted-out": "The recipient unsubscribed. Never retry.",
  "undelivered": "Accepted, then not delivered by the carrier or handset (switched off, no receipt, blocked). A later attempt may succeed.",
  "policy": "The sender side must change something: content, template, messaging window, sender number, permissions, account standing or channel settings.",
  "rate": "A throughput or queue limit. Slow down and retry.",
  "ineligible": "The recipient cannot get this message now (open conversation, channel or app not supported, no WhatsApp version for it).",
  "internal": "A LivePerson, connector or provider failure. Retry; contact support if it lasts.",
  "unknown": "Not in LivePerson's error dictionary, or documented only as a generic failure.",
});

/** The documented `errorSource` values, lowercase (liveperson-api-notes.md §3). */
export type FailureSource = "outbound" | "twilio" | "c2m" | "proactive" | "prmsg";

/** One entry of the error dictionary. */
export interface FailureCode {
  /** The `errorSource`, lowercase. */
  source: FailureSource;
  /** The `errorCode` as documented, e.g. `"twilio_21610"` under source `outbound`. */
  code: string;
  /** The documented short code also accepted, e.g. `"21610"` for `outbound_twilio_21610`. */
  alias?: string;
  /** The category a report groups it under. */
  category: FailureCategory;
  /** A short label, like the `errorMessage` LivePerson sends. */
  title: string;
  /** What happened and what to do, for people. */
  description: string;
}

/** The documented sources, in dictionary order. */
export const FAILURE_SOURCES: readonly FailureSource[] = Object.freeze([
  "outbound",
  "twilio",
  "c2m",
  "proactive",
  "prmsg",
]);

type Row = readonly [code: string, category: FailureCategory, title: string, description: string];

const INTERNAL_RETRY = "If it keeps happening, contact LivePerson support.";

// WhatsApp send-time errors: outbound_wa_<n>, also reported as outbound_<n>.
// deno-fmt-ignore -- a table reads best one row per line
const WHATSAPP: readonly Row[] = [
  ["400", "policy", "WhatsApp could not download the media", "WhatsApp could not fetch the attached media. Check that the media URL is right and publicly reachable."],
  ["408", "internal", "WhatsApp server unavailable", "The WhatsApp server was not available to take the message. Retry later."],
  ["410", "undelivered", "Message expired", "The message was not sent before its time to live ran out."],
  ["470", "policy", "Outside the 24-hour window", "More than 24 hours passed since the customer last wrote, so only an approved template may be sent."],
  ["471", "rate", "Sender message limit reached", "The sending number hit WhatsApp's quality-based messaging limit, often after messages were blocked or reported. Check its quality rating in WhatsApp Manager."],
  ["495", "internal", "WhatsApp connection problem", "WhatsApp could not deliver because of a connection or certificate mismatch."],
  ["1000", "policy", "Rich message rejected", "WhatsApp could not send the rich message. Images must be JPG or PNG, documents PDF, videos MP4."],
  ["1005", "policy", "WhatsApp access denied", "The WhatsApp Business account refused the request: credentials, certificate, an expired client, disabled buttons, or incomplete business profile."],
  ["1014", "policy", "WhatsApp cannot access media", "The media upload failed: a broken file or an unreachable endpoint."],
  ["1026", "ineligible", "Receiver incapable", "The recipient's WhatsApp app cannot receive this kind of message (for example, an outdated version)."],
  ["1031", "policy", "Sender account locked", "WhatsApp locked the sending account for a policy violation. Contact your LivePerson business partner."],
];

// Twilio send-time errors: outbound_twilio_<n>, also reported as outbound_<n>.
// deno-fmt-ignore -- a table reads best one row per line
const TWILIO_SEND: readonly Row[] = [
  ["20003", "policy", "Twilio permission denied", "Twilio rejected the account's credentials or permissions."],
  ["20500", "internal", "Twilio internal error", "Twilio failed internally while accepting the message. Retry later."],
  ["21211", "invalid-number", "Invalid 'To' number", "The recipient's phone number is not a valid number."],
  ["21408", "policy", "Region not enabled", "The sending account has no permission to send SMS to the recipient's country or region."],
  ["21602", "policy", "Message body missing", "The SMS had no body text."],
  ["21606", "policy", "'From' number cannot send", "The sending number is not a valid, SMS-capable number on the Twilio account."],
  ["21610", "opted-out", "'To' number opted out", "The recipient replied STOP (or similar) to this sender and no longer receives its messages."],
  ["21611", "rate", "Sender queue full", "Too many messages are queued for the sending number. Slow down and retry."],
  ["21612", "undelivered", "'To' number not reachable", "The recipient cannot be reached from this sending number over SMS (no route to that carrier)."],
  ["21614", "invalid-number", "Not a mobile number", "The recipient's number is valid but cannot receive SMS, usually a landline."],
  ["21617", "policy", "Message too long", "The SMS body is longer than 1,600 characters."],
];

// Twilio delivery errors, reported with errorSource twilio.
// deno-fmt-ignore -- a table reads best one row per line
const TWILIO_DELIVERY: readonly Row[] = [
  ["30001", "rate", "Queue overflow", "Twilio queued too many messages for the sender and dropped this one. Send at a lower rate."],
  ["30002", "policy", "Account suspended", "The Twilio account was suspended, so the message was not sent."],
  ["30003", "undelivered", "Unreachable destination", "The recipient's handset was off, out of coverage or otherwise unreachable."],
  ["30004", "undelivered", "Message blocked", "The recipient or their carrier blocked messages from this sender."],
  ["30005", "invalid-number", "Unknown destination", "The recipient's number does not exist or is no longer in service."],
  ["30006", "invalid-number", "Landline or unreachable carrier", "The number is a landline, or its carrier cannot be reached for SMS."],
  ["30007", "policy", "Carrier filtering", "The carrier filtered the message, typically as spam or unregistered traffic."],
  ["30008", "undelivered", "Unknown delivery error", "The carrier reported a failure without a reason. Retry later."],
  ["30032", "policy", "Toll-free number not verified", "The sending toll-free number has not completed verification."],
  ["5008", "undelivered", "No delivery receipt", "The carrier accepted the SMS but sent no delivery receipt within 72 hours, so it was marked failed."],
];

// deno-fmt-ignore -- a table reads best one row per line
const C2M: readonly Row[] = [
  ["1001", "ineligible", "Consumer ineligible", "The number cannot receive messages on this channel, for example a landline or an invalid number."],
  ["1300", "policy", "No engagement for skill", "No engagement exists for the skill. Add the skill in Conversational Cloud and activate it in the C2M web tool."],
  ["1400", "ineligible", "Open conversation exists", "The customer already has an open conversation on this channel. Close it and retry."],
  ["5000", "internal", "Unexpected error", `An internal error stopped the message. ${INTERNAL_RETRY}`],
  ["5401", "internal", "Internal server error", `An internal error stopped the message. ${INTERNAL_RETRY}`],
  ["5403", "internal", "Internal timeout", `Sending timed out inside LivePerson. ${INTERNAL_RETRY}`],
  ["5807", "policy", "Media URL not permitted", "The media URL is not on the permitted list. Add its base URL in the web tool's settings."],
];

// deno-fmt-ignore -- a table reads best one row per line
const PROACTIVE: readonly Row[] = [
  ["16", "internal", "InApp token not found", `The in-app push token was missing. ${INTERNAL_RETRY}`],
  ["17", "internal", "InApp send failed", `The in-app message could not be sent. ${INTERNAL_RETRY}`],
  ["19", "internal", "InApp certificate missing", `The app's push certificate is missing. ${INTERNAL_RETRY}`],
  ["27", "ineligible", "App lacks in-app messaging", "The recipient's mobile app does not support in-app messaging."],
  ["28", "ineligible", "Consumer not authenticated", "The in-app consumer was not authenticated."],
  ["500", "internal", "Message could not be sent", `A generic send failure: an open conversation, invalid input, a network or connector error. ${INTERNAL_RETRY}`],
  ["1001", "ineligible", "Consumer ineligible", "The number cannot receive messages on this channel, for example a landline or an invalid number."],
  ["1301", "invalid-number", "Recipient validation failed", `The recipient failed validation when the campaign was published. ${INTERNAL_RETRY}`],
  ["1302", "policy", "Too many variables", "The message supplies more variables than the template expects."],
  ["1303", "policy", "Too few variables", "The message supplies fewer variables than the template expects."],
  ["1400", "ineligible", "Open conversation exists", "The customer already has an open conversation on this channel. Close it and retry."],
  ["1401", "policy", "Invalid input", "The request to send was rejected as invalid."],
  ["1800", "ineligible", "Open in-app conversation exists", "The customer already has an open in-app conversation. Close it and retry."],
  ["5000", "internal", "Unexpected error", `An internal error stopped the message. ${INTERNAL_RETRY}`],
  ["5002", "internal", "Network error", `A network error stopped the message. ${INTERNAL_RETRY}`],
  ["5401", "internal", "Unknown internal error", `An internal error stopped the message. ${INTERNAL_RETRY}`],
  ["5403", "internal", "Connector error", `An internal connector failed. ${INTERNAL_RETRY}`],
  ["5803", "internal", "InApp message failed", `The in-app message could not be delivered to the app. ${INTERNAL_RETRY}`],
];

function entries(
  source: FailureSource,
  rows: readonly Row[],
  prefix = "",
  aliased = false,
): FailureCode[] {
  return rows.map(([code, category, title, description]) => ({
    source,
    code: `${prefix}${code}`,
    ...(aliased ? { alias: code } : {}),
    category,
    title,
    description,
  }));
}

// deno-fmt-ignore -- a table reads best one row per line
const DICTIONARY: readonly FailureCode[] = [
  ...entries("outbound", WHATSAPP, "wa_", true),
  { source: "outbound", code: "5XX", category: "internal", title: "WhatsApp generic error", description: "WhatsApp failed with a server error and no detail. Retry later." },
  { source: "outbound", code: "wa_ntw_err", category: "internal", title: "Connector network error", description: `A network error hit LivePerson's WhatsApp connector. ${INTERNAL_RETRY}` },
  ...entries("outbound", TWILIO_SEND, "twilio_", true),
  { source: "outbound", code: "twilio_ntw_err", category: "internal", title: "Connector network error", description: `A network error hit LivePerson's SMS connector. ${INTERNAL_RETRY}` },
  ...entries("twilio", TWILIO_DELIVERY),
  ...entries("c2m", C2M),
  ...entries("proactive", PROACTIVE),
  // Only seen as the generic example in the docs (liveperson-api-notes.md §1c, §1e).
  { source: "prmsg", code: "400", category: "unknown", title: "Message failed to send", description: "Proactive reported a generic send failure without a specific reason." },
];

/**
 * The documented error dictionary (liveperson-api-notes.md §3), one frozen entry per
 * `errorSource_errorCode`. The sandbox draws its failures from here.
 */
export const FAILURE_CODES: readonly FailureCode[] = Object.freeze(
  DICTIONARY.map((entry) => Object.freeze(entry)),
);

const BY_KEY: ReadonlyMap<string, FailureCode> = new Map(
  FAILURE_CODES.flatMap((entry) => {
    const keys = [failureKey(entry.source, entry.code)];
    if (entry.alias !== undefined) keys.push(failureKey(entry.source, entry.alias));
    return keys.map((key) => [key, entry] as const);
  }),
);
// outbound_5XX stands for any WhatsApp 5xx status (liveperson-api-notes.md §3).
const WHATSAPP_5XX = /^outbound_(?:wa_)?5(?:\d\d|xx)$/;

function normalize(value: string | null): string | null {
  const normalized = value?.replace(/\s+/g, "").toLowerCase() ?? "";
  return normalized === "" ? null : normalized;
}

/**
 * Whether `value` is one of the documented `errorSource` values (lowercase).
 *
 * @param value A normalized source, e.g. `"twilio"`.
 * @returns `true` for `outbound`, `twilio`, `c2m`, `proactive` and `prmsg`.
 */
export function isFailureSource(value: string): value is FailureSource {
  return (FAILURE_SOURCES as readonly string[]).includes(value);
}

/** The known source `value` starts with (`"twilio_30003"` -> `"twilio"`), or undefined. */
function sourcePrefix(value: string): FailureSource | undefined {
  return FAILURE_SOURCES.find((source) => value.startsWith(`${source}_`));
}

/**
 * The dictionary key of a failure: `errorSource_errorCode`, lowercase, without whitespace.
 *
 * @param source The `errorSource`, e.g. `"twilio"`.
 * @param code The `errorCode`, e.g. `"30003"`.
 * @returns The key, e.g. `"twilio_30003"`.
 * @example
 * ```ts
 * import { failureKey } from "./failures.ts";
 * failureKey(" TWILIO", "30003"); // "twilio_30003"
 * ```
 */
export function failureKey(source: string, code: string): string {
  return `${normalize(source) ?? ""}_${normalize(code) ?? ""}`;
}

/** How {@link classifyFailure} read a transaction's `errorSource` and `errorCode`. */
export interface FailureClassification {
  /** The source, normalized (canonical when `known`), or `null` when none was given. */
  source: string | null;
  /** The code, normalized (canonical when `known`), or `null` when none was given. */
  code: string | null;
  /** `source_code`, lowercase; `null` unless both are known. */
  key: string | null;
  /** The category a report groups it under; `unknown` when not in the dictionary. */
  category: FailureCategory;
  /** What happened, for people; says so when the code is not in the dictionary. */
  description: string;
  /** Whether the failure was found in the dictionary. */
  known: boolean;
}

function lookup(key: string): FailureCode | undefined {
  return BY_KEY.get(key) ?? (WHATSAPP_5XX.test(key) ? BY_KEY.get("outbound_5xx") : undefined);
}

/**
 * Classifies a failed transaction by its `errorSource` and `errorCode`. Forgiving about the
 * shapes seen in the docs: any case and stray whitespace; source and code swapped
 * (`"400"`/`"prmsg"`, liveperson-api-notes.md §1c); a code already prefixed with its source
 * (`"twilio_30003"`); the short `outbound_<n>` aliases; any WhatsApp 5xx as `outbound_5XX`;
 * and a Twilio send-time code reported under source `twilio`.
 *
 * @param errorSource The transaction's `errorSource`, e.g. `"twilio"`.
 * @param errorCode The transaction's `errorCode`, e.g. `"30003"`.
 * @returns The category and description, with the normalized source, code and key.
 * @example
 * ```ts
 * import { classifyFailure } from "./failures.ts";
 * classifyFailure("TWILIO", "30003").category; // "undelivered"
 * classifyFailure("400", "prmsg").key; // "prmsg_400"
 * classifyFailure("twilio", "99999").category; // "unknown"
 * ```
 */
export function classifyFailure(
  errorSource: string | null,
  errorCode: string | null,
): FailureClassification {
  let source = normalize(errorSource);
  let code = normalize(errorCode);
  // LP docs bug: errorSource "400", errorCode "prmsg" (liveperson-api-notes.md §1c).
  if (source !== null && code !== null && !isFailureSource(source) && isFailureSource(code)) {
    [source, code] = [code, source];
  }
  // The whole key in one field: ("twilio_30003", null) or (null, "twilio_30003").
  if (code === null && source !== null && sourcePrefix(source) !== undefined) {
    [source, code] = [null, source];
  }
  const prefix = code === null ? undefined : sourcePrefix(code);
  if (code !== null && prefix !== undefined && (source === null || source === prefix)) {
    [source, code] = [prefix, code.slice(prefix.length + 1)];
  }
  if (source === null || code === null) {
    const given = source ?? code;
    return {
      source,
      code,
      key: null,
      category: "unknown",
      description: given === null
        ? "No failure reported: errorSource and errorCode are empty"
        : `Unknown failure: "${given}" lacks an errorSource or errorCode`,
      known: false,
    };
  }
  const key = failureKey(source, code);
  const candidates = [key, code];
  // A Twilio send-time code reported under source "twilio" rather than "outbound".
  if (source === "twilio") candidates.push(`outbound_twilio_${code}`);
  for (const candidate of candidates) {
    const entry = lookup(candidate);
    if (entry !== undefined) {
      const { source, code, category, description } = entry;
      return { source, code, key: failureKey(source, code), category, description, known: true };
    }
  }
  return {
    source,
    code,
    key,
    category: "unknown",
    description: `Unknown failure: "${key}" is not in LivePerson's error dictionary`,
    known: false,
  };
}
