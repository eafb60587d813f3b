import { describe, expect, it } from "vitest";
import { digestEquals, sha256, sha256Hex, toHex } from "../../../worker/auth/digest.ts";

// SHA-256("abc"), FIPS 180-2 appendix B.1.
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

describe("digest", () => {
  it("sha256() and toHex() give the FIPS 180-2 digest of abc", async () => {
    expect(toHex(await sha256("abc"))).toBe(ABC);
  });

  it("sha256Hex() gives the FIPS 180-2 digest of abc as hex", async () => {
    expect(await sha256Hex("abc")).toBe(ABC);
  });

  it("digestEquals() accepts the digest's hex in either case", async () => {
    const digest = await sha256("abc");
    expect(digestEquals(digest, ABC)).toBe(true);
    expect(digestEquals(digest, ABC.toUpperCase())).toBe(true);
  });

  it("digestEquals() refuses a difference in the first or the last bit", async () => {
    const digest = await sha256("abc");
    expect(digestEquals(digest, `aa${ABC.slice(2)}`)).toBe(false);
    expect(digestEquals(digest, `${ABC.slice(0, 63)}c`)).toBe(false);
  });

  it("digestEquals() refuses wrong lengths and characters parseInt would accept", async () => {
    const digest = await sha256("abc");
    for (
      const hex of [
        "",
        ABC.slice(0, 62),
        `${ABC}00`,
        `${ABC.slice(0, 62)}a `,
        `${ABC.slice(0, 62)}ag`,
        `${ABC.slice(0, 62)}+a`,
        `${ABC.slice(0, 62)}\u0100\u0100`,
        // Byte 29 is 0x00: a non-hex character read as 0 would match it.
        `${ABC.slice(0, 58)}gg${ABC.slice(60)}`,
        `${ABC.slice(0, 58)}  ${ABC.slice(60)}`,
      ]
    ) {
      expect(digestEquals(digest, hex)).toBe(false);
    }
  });
});
