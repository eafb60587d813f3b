// Settings of the drop-in ways in, validated once: PUBLIC_URL, PROXY_TOKEN_KEY, CORS_ORIGINS.
import { describe, expect, it } from "vitest";
import { parseProxyTokenKey } from "../../../worker/auth/proxy-token.ts";
import { parsePublicUrl, publicUrlOf } from "../../../worker/http/public-url.ts";
import { settingsOf } from "../../../worker/settings.ts";
import { baseEnv } from "../proxy/support.ts";

describe("drop-in settings", () => {
  it("parsePublicUrl() keeps an http(s) origin and refuses paths, queries and credentials", () => {
    expect(parsePublicUrl(undefined)).toBeNull();
    expect(parsePublicUrl("https://Reporting.Example.com/")).toBe("https://reporting.example.com");
    for (
      const raw of [
        "reporting.example.com",
        "ftp://a.example",
        "https://a.example/x",
        "https://a.example/?q",
        "https://u:p@a.example",
      ]
    ) {
      expect(() => parsePublicUrl(raw), raw).toThrow(/PUBLIC_URL/);
    }
    const request = new Request("http://127.0.0.1:8787/api/x?a=1");
    expect(publicUrlOf(request, "https://r.example")).toBe("https://r.example/api/x?a=1");
    expect(publicUrlOf(request, null)).toBe("http://127.0.0.1:8787/api/x?a=1");
  });

  it("parseProxyTokenKey() uses the development key only with the sandbox and refuses short keys unquoted", () => {
    expect(parseProxyTokenKey(undefined, "sandbox")).toMatch(/development/);
    expect(parseProxyTokenKey(undefined, "liveperson")).toBeNull();
    const key = "k".repeat(32);
    expect(parseProxyTokenKey(key, "liveperson")).toBe(key);
    expect(() => parseProxyTokenKey("short-secret", "liveperson")).toThrow(
      /^PROXY_TOKEN_KEY is shorter than 32 characters$/,
    );
  });

  it("settingsOf() validates the drop-in settings once, with the others", () => {
    const settings = settingsOf({
      ...baseEnv,
      PUBLIC_URL: "https://r.example",
      CORS_ORIGINS: "https://a.example",
    });
    expect(settings.publicUrl).toBe("https://r.example");
    expect(settings.corsOrigins).toEqual(["https://a.example"]);
    expect(settings.proxyTokenKey).not.toBeNull();
    expect(() => settingsOf({ ...baseEnv, CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS/);
  });
});
