/**
 * Comparing a presented credential with an expected one in constant time.
 * @module
 */

const encoder = new TextEncoder();

/**
 * Compares two credentials in constant time by comparing their SHA-256 digests: the time taken
 * tells neither where they differ nor how long the expected one is.
 * @param presented What the caller sent.
 * @param expected What is configured.
 * @returns True when the two strings are equal.
 * @example
 * await sameSecret(form.get("client_secret") ?? "", tenant.clientSecret);
 */
export async function sameSecret(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(presented)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const left = new Uint8Array(a);
  const right = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}
