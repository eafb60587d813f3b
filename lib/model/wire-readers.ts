/**
 * Leaf readers for hand-written fast paths: each validates and converts one wire value in a
 * single step, throwing {@link BAD_WIRE_VALUE} when the value is wrong. The caller catches it
 * and lets the zod schema run, which says what was wrong (see `wire-to-transactions-page.ts`).
 *
 * @module
 */
import { normalizeChannel } from "./channel.ts";
import { wireCsatToScore, wireTimeToMs } from "./wire-shared.ts";

/** Thrown by the readers (and caught by their callers) when a value is rejected. */
export const BAD_WIRE_VALUE: unique symbol = Symbol("bad wire value");

/**
 * Reads an optional, nullable string.
 *
 * @param value A wire value.
 * @returns The string, or null for null or absent.
 * @throws {BAD_WIRE_VALUE} When `value` is of another type.
 */
export function readText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  throw BAD_WIRE_VALUE;
}

/**
 * Reads a required string.
 *
 * @param value A wire value.
 * @returns The string.
 * @throws {BAD_WIRE_VALUE} When `value` is not a string.
 */
export function readString(value: unknown): string {
  if (typeof value === "string") return value;
  throw BAD_WIRE_VALUE;
}

/**
 * Reads a time (see `wireTimeToMs()`).
 *
 * @param value A wire value.
 * @returns Epoch ms, or null for null or absent.
 * @throws {BAD_WIRE_VALUE} When `value` is not a time.
 */
export function readTime(value: unknown): number | null {
  const ms = wireTimeToMs(value);
  if (Number.isNaN(ms)) throw BAD_WIRE_VALUE;
  return ms;
}

/**
 * Reads a CSAT (see `wireCsatToScore()`).
 *
 * @param value A wire value.
 * @returns The score, or null for none.
 * @throws {BAD_WIRE_VALUE} When `value` is not a CSAT.
 */
export function readCsat(value: unknown): number | null {
  const score = wireCsatToScore(value);
  if (Number.isNaN(score)) throw BAD_WIRE_VALUE;
  return score;
}

/**
 * Reads an optional, nullable channel and normalizes it.
 *
 * @param value A wire value.
 * @returns The canonical channel, or null for null or absent.
 * @throws {BAD_WIRE_VALUE} When `value` is not a string.
 */
export function readChannelOrNull(value: unknown): string | null {
  const channel = readText(value);
  return channel === null ? null : normalizeChannel(channel);
}
