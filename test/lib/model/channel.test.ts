import { describe, expect, it } from "vitest";
import { CHANNELS } from "../../../lib/model/canonical.ts";
import { isKnownChannel, normalizeChannel } from "../../../lib/model/channel.ts";

describe("normalizeChannel()", () => {
  it("maps every documented spelling to its canonical channel", () => {
    const cases: [string, string][] = [
      ["SMS", "sms"],
      ["sms", "sms"],
      ["Sms", "sms"],
      ["WA", "wa"],
      ["wa", "wa"],
      ["whatsapp", "wa"],
      ["WhatsApp", "wa"],
      ["INAPP", "inapp"],
      ["inapp", "inapp"],
      ["in-app", "inapp"],
      ["In-App", "inapp"],
      [" SMS ", "sms"],
    ];
    for (const [wire, canonical] of cases) {
      expect([wire, normalizeChannel(wire)]).toEqual([wire, canonical]);
    }
  });

  it("keeps an unknown channel as given, trimmed", () => {
    expect(normalizeChannel("RCS")).toBe("RCS");
    expect(normalizeChannel("  Viber ")).toBe("Viber");
    expect(normalizeChannel("string")).toBe("string");
    expect(normalizeChannel("constructor")).toBe("constructor");
  });
});

describe("isKnownChannel()", () => {
  it("is true for the canonical channels only", () => {
    expect(CHANNELS.map(isKnownChannel)).toEqual([true, true, true]);
    expect(["SMS", "whatsapp", "rcs", ""].map(isKnownChannel)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(isKnownChannel(normalizeChannel("WhatsApp"))).toBe(true);
  });
});
