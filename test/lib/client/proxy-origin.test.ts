import { describe, expect, it } from "vitest";
import { proxyOriginOf } from "../../../lib/client/region.ts";

describe("proxyOriginOf()", () => {
  it("proxyOriginOf() takes a host outside liveperson.net as a proxy, with the Domain API's scheme", () => {
    expect(proxyOriginOf("127.0.0.1:8787", "http://127.0.0.1:8787")).toBe("http://127.0.0.1:8787");
    expect(proxyOriginOf("reporting.example.com", "https://reporting.example.com/")).toBe(
      "https://reporting.example.com",
    );
    expect(proxyOriginOf("liveperson.net.example.com", "https://x.example")).toBe(
      "https://liveperson.net.example.com",
    );
  });

  it("proxyOriginOf() is null for LivePerson's own hosts, in any case", () => {
    for (
      const host of [
        "va.agentvep.liveperson.net",
        "LO.SENTINEL.LIVEPERSON.NET",
        "liveperson.net:443",
      ]
    ) {
      expect(proxyOriginOf(host, "https://api.liveperson.net")).toBeNull();
    }
  });
});
