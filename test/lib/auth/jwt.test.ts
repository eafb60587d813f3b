import { describe, expect, it } from "vitest";
import {
  decodeBase64Url,
  decodeJwtPayload,
  encodeBase64Url,
  jwtExpiresAt,
} from "../../../lib/auth/jwt.ts";

// jwt.io's sample token.
const SAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
  "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ." +
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
// {"q":"~~~??>","exp":1700000000}: its base64url holds "-" where base64 has "+".
const URL_SAFE_PAYLOAD = "eyJxIjoifn5-Pz8-IiwiZXhwIjoxNzAwMDAwMDAwfQ";

function segment(json: string): string {
  return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("decodeJwtPayload()", () => {
  it("decodeJwtPayload() returns the claims of a compact JWT", () => {
    expect(decodeJwtPayload(SAMPLE)).toEqual({
      sub: "1234567890",
      name: "John Doe",
      iat: 1516239022,
    });
  });

  it("decodeJwtPayload() decodes base64url's - and _ characters", () => {
    expect(decodeJwtPayload(`${HEADER}.${URL_SAFE_PAYLOAD}.sig`)).toEqual({
      q: "~~~??>",
      exp: 1700000000,
    });
  });

  it("decodeJwtPayload() returns null unless there are three segments", () => {
    expect(decodeJwtPayload(`${HEADER}.${URL_SAFE_PAYLOAD}`)).toBeNull();
    expect(decodeJwtPayload(`${SAMPLE}.extra`)).toBeNull();
  });

  it("decodeJwtPayload() returns null for non-base64url, non-JSON or non-object payloads", () => {
    expect(decodeJwtPayload(`${HEADER}.a+b/.sig`)).toBeNull();
    expect(decodeJwtPayload(`${HEADER}.${segment("not json")}.sig`)).toBeNull();
    expect(decodeJwtPayload(`${HEADER}.${segment("[1,2]")}.sig`)).toBeNull();
    expect(decodeJwtPayload(`${HEADER}.${segment("null")}.sig`)).toBeNull();
    expect(decodeJwtPayload(`${segment("x")}.${URL_SAFE_PAYLOAD}.sig`)).toBeNull();
  });

  it("decodeJwtPayload() returns null for a payload that is not UTF-8", () => {
    expect(decodeJwtPayload(`${HEADER}.${encodeBase64Url(new Uint8Array([0xff, 0xfe]))}.sig`))
      .toBeNull();
  });
});

describe("jwtExpiresAt()", () => {
  it("jwtExpiresAt() returns exp in milliseconds", () => {
    expect(jwtExpiresAt(`${HEADER}.${URL_SAFE_PAYLOAD}.sig`)).toBe(1_700_000_000_000);
  });

  it("jwtExpiresAt() returns null without a numeric exp", () => {
    expect(jwtExpiresAt(SAMPLE)).toBeNull();
    expect(jwtExpiresAt(`${HEADER}.${segment('{"exp":"1700000000"}')}.sig`)).toBeNull();
    expect(jwtExpiresAt("garbage")).toBeNull();
  });
});

describe("encodeBase64Url()", () => {
  it("encodeBase64Url() uses - and _ and drops padding", () => {
    expect(encodeBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
    expect(encodeBase64Url(new Uint8Array([0x61]))).toBe("YQ");
  });
});

describe("decodeBase64Url()", () => {
  it("decodeBase64Url() inverts encodeBase64Url() for every length", () => {
    for (let length = 0; length < 8; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 251) % 256);
      expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    }
  });

  it("decodeBase64Url() returns null for impossible lengths and foreign characters", () => {
    expect(decodeBase64Url("abcde")).toBeNull();
    expect(decodeBase64Url("ab+/")).toBeNull();
    expect(decodeBase64Url("ab c")).toBeNull();
  });
});
