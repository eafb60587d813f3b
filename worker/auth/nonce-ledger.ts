/**
 * The Durable Object that remembers OAuth 1.0a nonces (RFC 5849 §3.3) across isolates: one
 * object per consumer key, each a SQLite table of nonce digests with their expiry.
 *
 * Why a Durable Object and not KV: KV is eventually consistent (a write takes up to 60 s to
 * reach other locations, cloudflare-platform-facts.md), so two isolates could both read "unseen"
 * and accept one nonce twice. A Durable Object runs one call at a time, so checking and recording
 * a nonce is one atomic step wherever the requests land.
 * @module
 */

import { DurableObject } from "cloudflare:workers";
import { sha256, toHex } from "./digest.ts";
import type { Env } from "../env.ts";

/**
 * One consumer key's nonces, as SHA-256 digests of (token, timestamp, nonce), each kept until
 * its timestamp leaves the accepted window. Expired rows are deleted on every claim.
 * @example
 * ```ts
 * const fresh = await env.NONCES.getByName(await nonceLedgerName(consumerKey))
 *   .claim(digest, expiresAt, Date.now());
 * if (!fresh) refuse(401, "the OAuth nonce was already used");
 * ```
 */
export class NonceLedger extends DurableObject<Env> {
  /**
   * @param ctx The object's state; its SQLite storage gets the table on first use.
   * @param env The Worker's bindings.
   */
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS nonces (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)",
    );
    sql.exec("CREATE INDEX IF NOT EXISTS nonces_by_expiry ON nonces (expires_at)");
  }

  /**
   * Records a nonce unless it is already recorded and unexpired: one atomic step (the object
   * runs one call at a time and SQLite calls are synchronous).
   * @param key The digest of (token, timestamp, nonce).
   * @param expiresAt Epoch ms after which the nonce's timestamp is refused anyway.
   * @param now The caller's clock, epoch ms: rows expired by then are deleted first.
   * @returns True when the nonce is new (and now recorded), false for a replay.
   */
  claim(key: string, expiresAt: number, now: number): boolean {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM nonces WHERE expires_at <= ?", now);
    if (sql.exec("SELECT 1 FROM nonces WHERE key = ?", key).toArray().length > 0) return false;
    sql.exec("INSERT INTO nonces (key, expires_at) VALUES (?, ?)", key, expiresAt);
    return true;
  }
}

/**
 * The name of a consumer key's ledger: a digest, so the key itself is stored nowhere.
 * @param consumerKey The `oauth_consumer_key` of a verified request.
 * @returns A name for `DurableObjectNamespace.getByName`.
 */
export async function nonceLedgerName(consumerKey: string): Promise<string> {
  return `oauth1|${toHex(await sha256(consumerKey))}`;
}

/**
 * The digest a nonce is recorded by: unique per token, timestamp and nonce (RFC 5849 §3.3).
 * JSON keeps ("a", "bc") apart from ("ab", "c").
 * @param token `oauth_token`.
 * @param timestamp `oauth_timestamp`, as sent.
 * @param nonce `oauth_nonce`.
 * @returns Lowercase hex SHA-256.
 */
export async function nonceKey(token: string, timestamp: string, nonce: string): Promise<string> {
  return toHex(await sha256(JSON.stringify([token, timestamp, nonce])));
}
