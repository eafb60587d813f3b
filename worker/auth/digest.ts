/**
 * SHA-256 digests and their constant-time comparison, for proxy keys and pass-through credentials.
 * @module
 */

const encoder = new TextEncoder();

/**
 * The SHA-256 digest of a string's UTF-8 bytes.
 * @param text Any string.
 * @returns The 32-byte digest.
 */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/**
 * Lowercase hexadecimal of some bytes.
 * @param bytes Any bytes.
 * @returns Two hex digits per byte.
 */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * The lowercase hex SHA-256 digest of a string's UTF-8 bytes: the one digest-as-text of the
 * Worker (proxy keys' `keySha256`, long cache keys, pass-through ledger entries).
 * @param text Any string.
 * @returns 64 hex digits.
 * @example
 * ```ts
 * import { sha256Hex } from "./digest.ts";
 * await sha256Hex("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await sha256(text));
}

// Hex digit values by character code; 0x100 marks a non-hex character. A table lookup keeps
// the comparison free of branches on the expected digest.
const HEX_VALUES: readonly number[] = Array.from({ length: 128 }, (_, code) => {
  const value = Number.parseInt(String.fromCharCode(code), 16);
  return Number.isNaN(value) ? 0x100 : value;
});

/**
 * Compares a digest with a hex string with no early exit: the time taken depends on the
 * lengths only, never on where the first difference is.
 * @param digest The presented value's digest.
 * @param hex The expected digest as hex (either case); any other string never matches.
 * @returns True when `hex` encodes exactly `digest`.
 */
export function digestEquals(digest: Uint8Array, hex: string): boolean {
  // A wrong length still walks the whole digest, and fails.
  let difference = hex.length ^ (digest.length * 2);
  for (let i = 0; i < digest.length; i++) {
    const high = HEX_VALUES[hex.charCodeAt(i * 2)] ?? 0x100;
    const low = HEX_VALUES[hex.charCodeAt(i * 2 + 1)] ?? 0x100;
    // 0x100 survives the XOR with any byte, so a non-hex character always differs.
    difference |= ((high << 4) | low) ^ (digest[i] ?? 0x100);
  }
  return difference === 0;
}
