/**
 * R2 storage of a day's upstream pages and rollups. A page is stored as the upstream's wire
 * body in the caller's dialect (re-serialized from the validated canonical page), with its
 * count and next offset in the object's custom metadata; a read parses it with the same schema
 * as an upstream answer and checks both, so a page that does not read back whole is never
 * served: it is deleted and fetched again.
 *
 * Why R2 and not KV chunks: R2 is strongly consistent (a page written is a page read, which
 * the per-day ledger relies on), has no 25 MiB value limit, charges no egress and stores for
 * $0.015/GB-month against KV's $0.50 (`cloudflare-platform-facts.md`).
 *
 * @module
 */
import type { Dialect } from "../../lib/model/canonical.ts";
import { parseTransactionsPage } from "../../lib/model/wire-to-responses.ts";
import type { ParsedTransactionsPage } from "../../lib/model/parsed-responses.ts";
import { transactionsPageToWire } from "../../lib/model/responses-to-wire.ts";
import { isRollup, type Rollup } from "../../lib/funnel/rollup.ts";

/** The layout version written in each object's metadata; others are ignored and deleted. */
const SCHEMA = "1";

/**
 * Stores one page.
 * @returns The number of bytes written.
 * @throws When R2 fails to write.
 */
export async function putPage(
  bucket: R2Bucket,
  key: string,
  page: ParsedTransactionsPage,
  dialect: Dialect,
): Promise<number> {
  const text = JSON.stringify(transactionsPageToWire(page, dialect));
  const bytes = new TextEncoder().encode(text);
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: "application/json" },
    customMetadata: {
      schema: SCHEMA,
      count: String(page.transactions.length),
      next: String(page.page.nextOffset),
    },
    // R2 checks the upload against it: a page is stored whole or not at all.
    sha256: await crypto.subtle.digest("SHA-256", bytes),
  });
  return bytes.byteLength;
}

/**
 * Reads one page back, or null when it is absent or does not read back whole (then deleted).
 * @throws When R2 fails to read.
 */
export async function getPage(
  bucket: R2Bucket,
  key: string,
  dialect: Dialect,
): Promise<ParsedTransactionsPage | null> {
  const object = await bucket.get(key);
  if (object === null) return null;
  const text = await object.text();
  const meta = object.customMetadata ?? {};
  try {
    const page = parseTransactionsPage(JSON.parse(text), dialect);
    if (
      meta["schema"] === SCHEMA &&
      meta["count"] === String(page.transactions.length) &&
      meta["next"] === String(page.page.nextOffset)
    ) {
      return page;
    }
  } catch {
    // Falls through: unreadable, so deleted and fetched again.
  }
  await bucket.delete(key);
  return null;
}

/** Stores a day's rollup. @throws When R2 fails to write. */
export async function putRollup(bucket: R2Bucket, key: string, rollup: Rollup): Promise<void> {
  await bucket.put(key, JSON.stringify(rollup), {
    httpMetadata: { contentType: "application/json" },
    customMetadata: { schema: SCHEMA },
  });
}

/** Reads a day's rollup, or null when absent or malformed. @throws When R2 fails to read. */
export async function getRollup(bucket: R2Bucket, key: string): Promise<Rollup | null> {
  const object = await bucket.get(key);
  if (object === null) return null;
  try {
    const rollup: unknown = JSON.parse(await object.text());
    if (object.customMetadata?.["schema"] === SCHEMA && isRollup(rollup)) return rollup;
  } catch {
    // Malformed: treated as absent, and the day is rolled up again.
  }
  return null;
}

/** Deletes every object under `prefix` (an old generation), in batches of 1,000. */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const listed = await bucket.list({ prefix, ...(cursor === undefined ? {} : { cursor }) });
    if (listed.objects.length > 0) await bucket.delete(listed.objects.map((o) => o.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor !== undefined);
}
