// The stored days of the server runs: reads the R2 objects a `wrangler dev` left under its
// --persist-to through miniflare, and checks them as the Worker writes them
// (worker/store/day-ref.ts, page-store.ts): every page sound on its own, and every generation
// with a rollup a whole day — pages chained from offset 0 to the end, no transaction twice; and
// every archived day (worker/archive/archive-ref.ts) whole: its manifest, written last, names
// as many NDJSON lines as its gzip holds, each a transaction of that day.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DAY_MS, REPO, transactionProblems } from "./harness.mjs";

const ARCHIVE_KEY =
  /^archive\/([0-9]+)\/(prmsg|c2m)\/(\d{4})\/(\d\d)\/(\d\d)\/(transactions\.ndjson\.gz|rollup\.json|analytics\.json|day\.json)$/;
const PAGE_KEY =
  /^tx\/v1\/([0-9]+)\/(prmsg|c2m)\/(current|2\.0)\/(\d{4}-\d\d-\d\d)\/g([0-9]+)\/(?:p([0-9]+)\.json|(rollup)\.json)$/;

/** The R2 bucket bound to STORE in wrangler.toml (the local persistence is keyed by it). */
function storeBucketName() {
  const toml = readFileSync(join(REPO, "wrangler.toml"), "utf8");
  const match = /\[\[r2_buckets\]\][^[]*?binding\s*=\s*"STORE"[^[]*?bucket_name\s*=\s*"([^"]+)"/
    .exec(toml);
  if (match === null) throw new Error("Cannot find the STORE bucket in wrangler.toml");
  return match[1];
}

/**
 * Every object of the STORE bucket persisted under `persistDir`: `{ key, value, metadata }`
 * (`value` is text, or a Buffer for a gzip object).
 */
export async function readStoreObjects(persistDir) {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 204 }); } };",
    r2Buckets: { STORE: storeBucketName() },
    r2Persist: join(persistDir, "v3", "r2"),
  });
  try {
    const bucket = await mf.getR2Bucket("STORE");
    const objects = [];
    let cursor;
    for (;;) {
      const listed = await bucket.list({
        include: ["customMetadata"],
        ...(cursor === undefined ? {} : { cursor }),
      });
      // Metadata from the listing: reading a property of a fetched object goes through
      // miniflare's synchronous proxy, which breaks after many reads.
      const listedObjects = listed.objects.map(({ key, customMetadata }) => ({
        key,
        metadata: { ...customMetadata },
      }));
      for (const { key, metadata } of listedObjects) {
        const object = await bucket.get(key);
        if (object === null) continue;
        const value = key.endsWith(".gz")
          ? Buffer.from(await object.arrayBuffer())
          : await object.text();
        objects.push({ key, value, metadata });
      }
      if (!listed.truncated) break;
      cursor = listed.cursor;
    }
    return objects;
  } finally {
    await mf.dispose();
  }
}

/**
 * Checks the stored objects. A page must parse, carry its schema, count and next offset in its
 * metadata, start at its key's offset and hold sound transactions of its day. A generation with
 * a rollup is a whole day: its pages chain from 0 to the end with no transaction twice, and it
 * is returned as one day for the analytics cross-check (`crossCheck` in harness.mjs).
 * @returns `corrupt` (objects or days with problems), `days` (whole days, as cross-check
 *   entries), `whole` (their names `account|app|dialect|dayMs`) and `pages` (pages read).
 */
export function auditStore(objects) {
  const corrupt = [];
  const generations = new Map();
  const archived = new Map();
  let pages = 0;
  for (const { key, value, metadata } of objects) {
    const archive = ARCHIVE_KEY.exec(key);
    if (archive !== null) {
      const [, accountId, app, year, month, date, file] = archive;
      const name = `${accountId}|${app}|${year}-${month}-${date}`;
      archived.set(name, { ...archived.get(name), [file]: value });
      continue;
    }
    const match = PAGE_KEY.exec(key);
    if (match === null) {
      corrupt.push({ key, problems: [`unexpected key layout: ${key.slice(0, 120)}`] });
      continue;
    }
    const [, accountId, app, dialect, dayText, generation, offsetText, rollup] = match;
    const from = Date.parse(`${dayText}T00:00:00Z`);
    const name = `${accountId}|${app}|${dialect}|${from}|g${generation}`;
    const entry = generations.get(name) ??
      {
        parts: { accountId, app, dialect, from, to: from + DAY_MS },
        pages: new Map(),
        rollup: null,
      };
    generations.set(name, entry);
    let body;
    try {
      body = JSON.parse(value);
    } catch (error) {
      corrupt.push({ key, problems: [`value is not JSON: ${error.message}`] });
      continue;
    }
    if (rollup !== undefined) {
      entry.rollup = body;
      continue;
    }
    pages += 1;
    const offset = Number(offsetText);
    const problems = pageProblems(body, metadata, offset, entry.parts);
    if (problems.length > 0) corrupt.push({ key, problems });
    else entry.pages.set(offset, body);
  }
  const days = [];
  const whole = new Set();
  for (const [name, entry] of generations) {
    if (entry.rollup === null) continue;
    const { parts } = entry;
    const problems = [];
    const transactions = [];
    const ids = new Set();
    let offset = 0;
    while (offset !== -1) {
      const page = entry.pages.get(offset);
      if (page === undefined || transactions.length > offset) {
        problems.push(`a day with a rollup does not chain from 0 to its end, at offset ${offset}`);
        break;
      }
      problems.push(
        ...transactionProblems(page.transactions, {
          from: parts.from,
          to: parts.to,
          upper: parts.dialect === "2.0",
          ids,
          at: `p${offset}.`,
        }),
      );
      transactions.push(...page.transactions);
      offset = page.page.nextOffset;
    }
    if (problems.length > 0) {
      corrupt.push({ key: name, problems });
      continue;
    }
    whole.add(name.replace(/\|g[0-9]+$/, ""));
    days.push({
      key: name,
      problems,
      parts: { ...parts, operation: "transactions" },
      body: { transactions },
    });
  }
  for (const [name, files] of archived) {
    const problems = archiveProblems(name, files);
    if (problems.length > 0) corrupt.push({ key: `archive ${name}`, problems });
  }
  return { corrupt, days, whole, pages, archived: archived.size };
}

/** An archived day is whole once its manifest is there: then every file reads back sound. */
function archiveProblems(name, files) {
  if (files["day.json"] === undefined) return [];
  const [accountId, app, day] = name.split("|");
  const from = Date.parse(`${day}T00:00:00Z`);
  const problems = [];
  let manifest;
  try {
    manifest = JSON.parse(files["day.json"]);
    JSON.parse(files["rollup.json"]);
    JSON.parse(files["analytics.json"]);
  } catch (error) {
    return [`a file is missing or not JSON: ${error.message}`];
  }
  if (manifest.accountId !== accountId || manifest.app !== app || manifest.day !== day) {
    problems.push(`the manifest names another day: ${JSON.stringify(manifest).slice(0, 160)}`);
  }
  const gzip = files["transactions.ndjson.gz"];
  if (gzip === undefined) return [...problems, "no transactions.ndjson.gz"];
  const lines = gunzipSync(gzip).toString("utf8").split("\n").filter((line) => line !== "");
  if (lines.length !== manifest.transactions || gzip.length !== manifest.bytes) {
    problems.push(
      `${lines.length} lines and ${gzip.length} bytes; the manifest says ` +
        `${manifest.transactions} and ${manifest.bytes}`,
    );
  }
  const ids = new Set();
  for (const [i, line] of lines.entries()) {
    const tx = JSON.parse(line);
    if (ids.has(tx.transactionId)) problems.push(`line ${i + 1}: a transaction twice`);
    ids.add(tx.transactionId);
    const at = typeof tx.attemptedTime === "string"
      ? Date.parse(tx.attemptedTime)
      : tx.attemptedTime;
    if (at !== null && !(at >= from && at < from + DAY_MS)) {
      problems.push(`line ${i + 1}: attemptedTime outside the day: ${at}`);
    }
  }
  return problems.slice(0, 5);
}

function pageProblems(body, metadata, offset, parts) {
  const problems = [];
  const { page, transactions } = body ?? {};
  if (!Array.isArray(transactions)) return ["transactions is not an array"];
  if (page?.count !== transactions.length || page?.currentOffset !== offset) {
    problems.push(`page disagrees with its key or rows: ${JSON.stringify(page)}`);
  }
  // The metadata names the canonical next offset: null after the last page (wire -1).
  const next = page?.nextOffset === -1 ? "null" : String(page?.nextOffset);
  if (
    metadata.schema !== "1" || metadata.count !== String(transactions.length) ||
    metadata.next !== next
  ) {
    problems.push(`metadata disagrees with the page: ${JSON.stringify(metadata)}`);
  }
  problems.push(
    ...transactionProblems(transactions, {
      from: parts.from,
      to: parts.to,
      upper: parts.dialect === "2.0",
    }),
  );
  return problems;
}
