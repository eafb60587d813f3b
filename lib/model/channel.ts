import type { Channel, CHANNELS, Dialect } from "./canonical.ts";

/** A channel this library knows by name. */
export type KnownChannel = (typeof CHANNELS)[number];

// Spellings seen on the wire, lowercased: "SMS" (2.0 spec), "sms"/"wa"/"inapp" (notes §1g),
// plus the long forms people write in filters.
const ALIASES: ReadonlyMap<string, KnownChannel> = new Map([
  ["sms", "sms"],
  ["wa", "wa"],
  ["whatsapp", "wa"],
  ["inapp", "inapp"],
  ["in-app", "inapp"],
]);

/**
 * Turns a wire channel into its canonical form: "SMS" and "sms" become "sms"; "WA", "whatsapp"
 * and "WhatsApp" become "wa"; "INAPP", "in-app" and "inapp" become "inapp". Any other value is
 * kept as given, trimmed, so an unknown channel survives a round trip.
 *
 * @param value A channel as the wire spells it.
 * @returns The canonical channel.
 *
 * @example Normalize the 2.0 spelling
 * ```ts
 * normalizeChannel("SMS"); // "sms"
 * normalizeChannel("RCS"); // "RCS" (unknown, kept)
 * ```
 */
export function normalizeChannel(value: string): Channel {
  // Fast path for the spellings both dialects actually emit (hot in transaction pages).
  switch (value) {
    case "sms":
    case "wa":
    case "inapp":
      return value;
    case "SMS":
      return "sms";
    case "WA":
      return "wa";
    case "INAPP":
      return "inapp";
  }
  const trimmed = value.trim();
  return ALIASES.get(trimmed.toLowerCase()) ?? trimmed;
}

/**
 * Whether `channel` is one of the canonical known channels ("sms", "wa", "inapp"). Pass a
 * normalized value: `isKnownChannel("SMS")` is false, `isKnownChannel(normalizeChannel("SMS"))`
 * is true.
 *
 * @param channel A canonical channel.
 * @returns True for "sms", "wa" and "inapp".
 */
export function isKnownChannel(channel: string): channel is KnownChannel {
  return channel === "sms" || channel === "wa" || channel === "inapp";
}

/**
 * Spells a channel the dialect's way: "SMS", "WA", "INAPP" in 2.0 (reporting-api-2.0.md),
 * lowercase in current (notes §1g). Unknown channels are kept as given, so they round-trip.
 *
 * @param channel A canonical channel.
 * @param dialect The wire dialect.
 * @returns The wire spelling.
 */
export function formatChannel(channel: Channel, dialect: Dialect): string {
  return dialect === "2.0" && isKnownChannel(channel) ? channel.toUpperCase() : channel;
}
