/**
 * KV storage of report windows: one KV value per entry, the body as JSON text and the times
 * in the entry's metadata, so a read is a single `getWithMetadata` and a write is atomic.
 * Anything that does not read back cleanly is treated as absent and deleted: it is never served.
 *
 * @module
 */
import { sha256Hex } from "../auth/digest.ts";

/** KV: a value may be at most 25 MiB. */
export const KV_MAX_VALUE_BYTES = 25 * 1024 * 1024;
/** KV: a key may be at most 512 bytes. */
export const KV_MAX_KEY_BYTES = 512;
/** KV: `expirationTtl` must be at least 60 seconds. */
export const KV_MIN_TTL_SECONDS = 60;
/** The metadata layout this module writes; entries with another are ignored and deleted. */
const SCHEMA = 1;
/** Prefix of hashed storage keys; raw keys starting with it are hashed too, so none collide. */
const HASHED_PREFIX = "#sha256:";

/** The metadata stored with each entry (well under KV's 1024-byte metadata limit). */
interface WindowMetadata {
  storedAt: number;
  freshUntil: number;
  schema: typeof SCHEMA;
  /** The value's length in UTF-16 units: a cheap check that a text entry is whole. */
  length?: number;
  /** Why a text entry is short-lived (e.g. `open`), for `Cache-Status`. */
  detail?: string;
  /** The tier of the windows a text entry was built from (worker/cache/freshness.ts). */
  tier?: string;
  /** The age of the oldest copy a text entry was built from when it was stored, ms. */
  age?: number;
}

/** A stored response text as read back (see {@link WindowStore.getText}). */
export interface StoredText {
  text: string;
  storedAt: number;
  freshUntil: number;
  fresh: boolean;
  /** The detail it was stored with, if any. */
  detail?: string;
  /** The tier it was stored with, if any. */
  tier?: string;
  /** Its data's age at `storedAt`, ms, if stored with one. */
  age?: number;
}

/** A cached window as read back. */
export interface StoredWindow {
  /** The parsed body, as it was stored. */
  body: unknown;
  /** When it was stored, epoch ms. */
  storedAt: number;
  /** Until when it is fresh, epoch ms (exclusive). */
  freshUntil: number;
}

/** How long a text entry is fresh and kept, and what `Cache-Status` says of it. */
export interface TextFreshness {
  freshForMs: number;
  kvTtlSeconds: number;
  /** Why it is short-lived (e.g. `open`). */
  detail?: string;
  /** The tier of the windows it was built from. */
  tier?: string;
  /** The age of the oldest copy it was built from, ms. */
  age?: number;
}

/** Options for {@link WindowStore}. */
export interface WindowStoreOptions {
  /** The clock, epoch ms (inject a fake one in tests). @default Date.now */
  now?: () => number;
}

/**
 * Cached report windows in a KV namespace.
 *
 * @example
 * ```ts
 * const store = new WindowStore(env.CACHE);
 * await store.put(key, body, { freshForMs: 300_000, kvTtlSeconds: 86_700 });
 * const cached = await store.get(key, (body) => schema.parse(body));
 * ```
 */
export class WindowStore {
  readonly #kv: KVNamespace;
  readonly #now: () => number;

  /**
   * @param kv The KV namespace (binding `CACHE`).
   * @param options See {@link WindowStoreOptions}.
   */
  constructor(kv: KVNamespace, options: WindowStoreOptions = {}) {
    this.#kv = kv;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Reads an entry. An entry whose JSON does not parse, whose metadata is missing or of
   * another schema, or whose body `validate` rejects (by throwing) is deleted and reported as
   * absent. A failed delete is ignored: the entry is still not served and expires on its TTL.
   *
   * @param key The cache key (see `cacheKey`); keys KV cannot hold are hashed.
   * @param validate Throws when the body is not acceptable (e.g. a zod `parse`); synchronous.
   * @returns The entry and whether it is still fresh at `now()`, or `null`.
   * @throws {TypeError} When `key` has a lone surrogate, or `validate` returns a promise.
   * @throws When KV itself fails to read.
   */
  async get(
    key: string,
    validate: (body: unknown) => void,
  ): Promise<{ entry: StoredWindow; fresh: boolean } | null> {
    const storageKey = await toStorageKey(key);
    const { value, metadata } = await this.#kv.getWithMetadata<unknown>(storageKey, "text");
    if (value === null) return null;
    const entry = readEntry(value, metadata, validate);
    if (entry === null) {
      await this.#kv.delete(storageKey).catch(() => undefined);
      return null;
    }
    return { entry, fresh: this.#now() < entry.freshUntil };
  }

  /**
   * Reads a response text stored by {@link putText} as it is, without parsing it: the
   * fast path of a cache hit. An entry whose metadata is missing, of another schema, or
   * whose length differs from the length stored with it is deleted and reported as absent.
   *
   * @param key The cache key.
   * @returns The text and its freshness at `now()`, or `null`.
   * @throws When KV itself fails to read.
   */
  async getText(key: string): Promise<StoredText | null> {
    const storageKey = await toStorageKey(key);
    const { value, metadata } = await this.#kv.getWithMetadata<unknown>(storageKey, "text");
    if (value === null) return null;
    if (!isWindowMetadata(metadata) || metadata.length !== value.length) {
      await this.#kv.delete(storageKey).catch(() => undefined);
      return null;
    }
    const { storedAt, freshUntil, detail, tier, age } = metadata;
    return {
      text: value,
      storedAt,
      freshUntil,
      fresh: this.#now() < freshUntil,
      ...(typeof detail === "string" ? { detail } : {}),
      ...(typeof tier === "string" ? { tier } : {}),
      ...(Number.isFinite(age) ? { age: age! } : {}),
    };
  }

  /**
   * Stores a ready response text (built by the caller from validated data) with its length.
   * @returns `true` when stored, `false` when over KV's value limit.
   * @throws as {@link put}.
   */
  async putText(
    key: string,
    text: string,
    freshness: TextFreshness,
  ): Promise<boolean> {
    return await this.#write(key, text, freshness, text.length);
  }

  /**
   * Stores an entry, replacing any previous one. A body whose JSON exceeds KV's 25 MiB value
   * limit is not stored (and any previous entry is left as it was).
   *
   * @param key The cache key.
   * @param body The JSON-serializable body (already validated by the caller).
   * @param freshness From `freshnessFor`: fresh for `freshForMs` from now, kept by KV for
   * `kvTtlSeconds` (raised to KV's 60 s minimum, rounded up to whole seconds).
   * @returns `true` when stored, `false` when skipped because the body is too large.
   * @throws {TypeError} When the body is not JSON-serializable, or `key` has a lone surrogate.
   * @throws {RangeError} When `freshForMs` or `kvTtlSeconds` is not a non-negative finite number.
   * @throws When KV itself fails to write (e.g. 429 for a second write to a key within 1 s).
   */
  async put(
    key: string,
    body: unknown,
    freshness: { freshForMs: number; kvTtlSeconds: number },
  ): Promise<boolean> {
    const text = JSON.stringify(body) as string | undefined;
    if (text === undefined) {
      throw new TypeError(`Cannot cache a window as the body is not JSON: ${typeof body}`);
    }
    return await this.#write(key, text, freshness, undefined);
  }

  async #write(
    key: string,
    text: string,
    freshness: TextFreshness,
    length: number | undefined,
  ): Promise<boolean> {
    const { freshForMs, kvTtlSeconds, detail, tier, age } = freshness;
    assertDuration(freshForMs, "freshForMs");
    assertDuration(kvTtlSeconds, "kvTtlSeconds");
    if (exceedsUtf8(text, KV_MAX_VALUE_BYTES)) return false;
    const storedAt = this.#now();
    const metadata: WindowMetadata = {
      storedAt,
      freshUntil: storedAt + freshForMs,
      schema: SCHEMA,
      ...(length === undefined ? {} : { length }),
      ...(detail === undefined ? {} : { detail }),
      ...(tier === undefined ? {} : { tier }),
      ...(age === undefined ? {} : { age }),
    };
    await this.#kv.put(await toStorageKey(key), text, {
      expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(kvTtlSeconds)),
      metadata,
    });
    return true;
  }
}

function readEntry(
  text: string,
  metadata: unknown,
  validate: (body: unknown) => void,
): StoredWindow | null {
  if (!isWindowMetadata(metadata)) return null;
  let body: unknown;
  let result: unknown;
  try {
    body = JSON.parse(text);
    result = validate(body);
  } catch {
    return null;
  }
  if (result instanceof Promise) {
    // An async validator (e.g. zod `parseAsync`) would let an invalid body through unchecked.
    result.catch(() => undefined);
    throw new TypeError("Cannot validate a cached window as validate returned a promise");
  }
  return { body, storedAt: metadata.storedAt, freshUntil: metadata.freshUntil };
}

function isWindowMetadata(value: unknown): value is WindowMetadata {
  if (typeof value !== "object" || value === null) return false;
  const { storedAt, freshUntil, schema } = value as Record<string, unknown>;
  return schema === SCHEMA && Number.isFinite(storedAt) && Number.isFinite(freshUntil);
}

/** KV rejects empty keys, `.`, `..` and keys over 512 bytes: those become a SHA-256 digest. */
async function toStorageKey(key: string): Promise<string> {
  if (typeof key !== "string" || /\p{Surrogate}/u.test(key)) {
    // UTF-8 would turn a lone surrogate into U+FFFD and merge distinct keys.
    throw new TypeError(
      `Cannot use a cache key as it is not well-formed Unicode: ${JSON.stringify(key)}`,
    );
  }
  if (
    key !== "" && key !== "." && key !== ".." && !key.startsWith(HASHED_PREFIX) &&
    !exceedsUtf8(key, KV_MAX_KEY_BYTES)
  ) {
    return key;
  }
  return HASHED_PREFIX + await sha256Hex(key);
}

/** Whether `text` takes more than `limit` bytes as UTF-8, encoding it only when in doubt. */
function exceedsUtf8(text: string, limit: number): boolean {
  // A UTF-16 code unit takes 1 to 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units).
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return new TextEncoder().encode(text).byteLength > limit;
}

function assertDuration(value: number, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`Cannot cache a window as ${name} is not a non-negative number: ${value}`);
  }
}
