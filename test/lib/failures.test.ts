import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  FAILURE_CODES,
  FAILURE_SOURCES,
  type FailureCategory,
  failureKey,
  isFailureSource,
} from "../../lib/failures.ts";

const CATEGORIES: readonly FailureCategory[] = [
  "invalid-number",
  "opted-out",
  "undelivered",
  "policy",
  "rate",
  "ineligible",
  "internal",
  "unknown",
];
const keys = FAILURE_CODES.map((entry) => failureKey(entry.source, entry.code));

describe("FAILURE_CODES", () => {
  it("FAILURE_CODES holds every code of the documented dictionary (notes §3)", () => {
    const wa = [400, 408, 410, 470, 471, 495, 1000, 1005, 1014, 1026, 1031].map((n) =>
      `outbound_wa_${n}`
    );
    const twilioSend = [20003, 20500, 21211, 21408, 21602, 21606, 21610, 21611, 21612, 21614, 21617]
      .map((n) => `outbound_twilio_${n}`);
    const twilioDelivery = [30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30032, 5008]
      .map((n) => `twilio_${n}`);
    const c2m = [1001, 1300, 1400, 5000, 5401, 5403, 5807].map((n) => `c2m_${n}`);
    const proactive = [
      16,
      17,
      19,
      27,
      28,
      500,
      1001,
      1301,
      1302,
      1303,
      1400,
      1401,
      1800,
      5000,
      5002,
      5401,
      5403,
      5803,
    ].map((n) => `proactive_${n}`);
    const documented = [
      ...wa,
      "outbound_5xx",
      "outbound_wa_ntw_err",
      ...twilioSend,
      "outbound_twilio_ntw_err",
      ...twilioDelivery,
      ...c2m,
      ...proactive,
      "prmsg_400",
    ];
    expect([...keys].sort()).toEqual([...documented].sort());
  });

  it("FAILURE_CODES has unique keys, known sources and categories, and text", () => {
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of FAILURE_CODES) {
      expect(FAILURE_SOURCES, entry.code).toContain(entry.source);
      expect(CATEGORIES, entry.code).toContain(entry.category);
      expect(entry.title.length, entry.code).toBeGreaterThan(3);
      expect(entry.description.length, entry.code).toBeGreaterThan(20);
    }
  });

  it("FAILURE_CODES gives WhatsApp and Twilio send-time codes their outbound_<n> alias", () => {
    const aliased = FAILURE_CODES.filter((entry) => entry.alias !== undefined);
    expect(aliased).toHaveLength(22);
    for (const entry of aliased) {
      expect(entry.source).toBe("outbound");
      expect(entry.code.endsWith(`_${entry.alias}`)).toBe(true);
    }
  });

  it("FAILURE_CODES is frozen", () => {
    expect(Object.isFrozen(FAILURE_CODES)).toBe(true);
    expect(FAILURE_CODES.every((entry) => Object.isFrozen(entry))).toBe(true);
  });

  it("FAILURE_CODES categorises the well-known codes", () => {
    const category = (key: string): FailureCategory | undefined =>
      FAILURE_CODES.find((entry) => failureKey(entry.source, entry.code) === key)?.category;
    expect(category("outbound_twilio_21211")).toBe("invalid-number");
    expect(category("outbound_twilio_21614")).toBe("invalid-number");
    expect(category("outbound_twilio_21610")).toBe("opted-out");
    expect(category("outbound_twilio_21408")).toBe("policy");
    expect(category("outbound_twilio_21611")).toBe("rate");
    expect(category("twilio_30003")).toBe("undelivered");
    expect(category("twilio_30005")).toBe("invalid-number");
    expect(category("twilio_30006")).toBe("invalid-number");
    expect(category("twilio_30007")).toBe("policy");
    expect(category("twilio_30008")).toBe("undelivered");
    expect(category("twilio_5008")).toBe("undelivered");
    expect(category("outbound_wa_470")).toBe("policy");
    expect(category("outbound_wa_1026")).toBe("ineligible");
    expect(category("c2m_1001")).toBe("ineligible");
    expect(category("c2m_1400")).toBe("ineligible");
    expect(category("c2m_5000")).toBe("internal");
    expect(category("proactive_1302")).toBe("policy");
  });

  it("FAILURE_CODES describes twilio_5008 as no receipt after 72 hours", () => {
    const entry = FAILURE_CODES.find((e) => e.source === "twilio" && e.code === "5008");
    expect(entry?.description).toContain("72 hours");
  });
});

describe("failureKey()", () => {
  it("failureKey() joins source and code, lowercase and without whitespace", () => {
    expect(failureKey("twilio", "30003")).toBe("twilio_30003");
    expect(failureKey(" TWILIO ", " 30003\n")).toBe("twilio_30003");
    expect(failureKey("Outbound", "5XX")).toBe("outbound_5xx");
  });
});

describe("isFailureSource()", () => {
  it("isFailureSource() accepts the five documented sources only", () => {
    for (const source of ["outbound", "twilio", "c2m", "proactive", "prmsg"]) {
      expect(isFailureSource(source)).toBe(true);
    }
    for (const value of ["TWILIO", "wa", "400", ""]) expect(isFailureSource(value)).toBe(false);
  });
});

describe("classifyFailure()", () => {
  it("classifyFailure() finds a documented code", () => {
    expect(classifyFailure("twilio", "30003")).toEqual({
      source: "twilio",
      code: "30003",
      key: "twilio_30003",
      category: "undelivered",
      description: expect.stringContaining("unreachable"),
      known: true,
    });
  });

  it("classifyFailure() normalizes case and whitespace", () => {
    const result = classifyFailure("  TWILIO ", " 30007\t");
    expect(result.key).toBe("twilio_30007");
    expect(result.category).toBe("policy");
    expect(classifyFailure("OUTBOUND", "TWILIO_21610").category).toBe("opted-out");
    expect(classifyFailure("Outbound", "Wa_470").key).toBe("outbound_wa_470");
  });

  it("classifyFailure() reads errorSource/errorCode as the sandbox and LP emit them", () => {
    expect(classifyFailure("outbound", "twilio_21211").category).toBe("invalid-number");
    expect(classifyFailure("outbound", "wa_1026").category).toBe("ineligible");
    expect(classifyFailure("outbound", "wa_ntw_err").category).toBe("internal");
    expect(classifyFailure("proactive", "1001").category).toBe("ineligible");
    expect(classifyFailure("prmsg", "400")).toMatchObject({
      key: "prmsg_400",
      category: "unknown",
      known: true,
    });
  });

  it("classifyFailure() undoes the swapped source and code of the docs example", () => {
    expect(classifyFailure("400", "prmsg")).toMatchObject({
      source: "prmsg",
      code: "400",
      key: "prmsg_400",
      known: true,
    });
    // Swapped but not in the dictionary: still reported the right way round.
    expect(classifyFailure("401", "PRMSG")).toMatchObject({
      source: "prmsg",
      code: "401",
      key: "prmsg_401",
      known: false,
    });
  });

  it("classifyFailure() accepts a code already prefixed with its source", () => {
    expect(classifyFailure(null, "twilio_30003").key).toBe("twilio_30003");
    expect(classifyFailure("twilio", "twilio_30003").key).toBe("twilio_30003");
    expect(classifyFailure("twilio_30005", null).key).toBe("twilio_30005");
    expect(classifyFailure(null, "outbound_twilio_21610").category).toBe("opted-out");
    expect(classifyFailure("twilio", "outbound_twilio_21610").category).toBe("opted-out");
  });

  it("classifyFailure() resolves the short outbound_<n> aliases to the canonical code", () => {
    expect(classifyFailure("outbound", "470")).toMatchObject({
      source: "outbound",
      code: "wa_470",
      key: "outbound_wa_470",
      category: "policy",
    });
    expect(classifyFailure("outbound", "21610")).toMatchObject({
      code: "twilio_21610",
      category: "opted-out",
    });
  });

  it("classifyFailure() maps any WhatsApp 5xx to outbound_5XX", () => {
    for (const code of ["5XX", "5xx", "503", "wa_500", "wa_5xx"]) {
      expect(classifyFailure("outbound", code), code).toMatchObject({
        code: "5XX",
        key: "outbound_5xx",
        category: "internal",
      });
    }
    expect(classifyFailure("outbound", "600").known).toBe(false);
  });

  it("classifyFailure() finds a Twilio send-time code reported under source twilio", () => {
    expect(classifyFailure("twilio", "21211")).toMatchObject({
      key: "outbound_twilio_21211",
      category: "invalid-number",
    });
  });

  it("classifyFailure() returns unknown, saying so, for a code not in the dictionary", () => {
    const result = classifyFailure("TWILIO", "001");
    expect(result).toEqual({
      source: "twilio",
      code: "001",
      key: "twilio_001",
      category: "unknown",
      description: 'Unknown failure: "twilio_001" is not in LivePerson\'s error dictionary',
      known: false,
    });
    expect(classifyFailure("mystery", "42")).toMatchObject({
      key: "mystery_42",
      category: "unknown",
      known: false,
    });
  });

  it("classifyFailure() returns unknown when source or code is missing", () => {
    expect(classifyFailure(null, null)).toEqual({
      source: null,
      code: null,
      key: null,
      category: "unknown",
      description: "No failure reported: errorSource and errorCode are empty",
      known: false,
    });
    expect(classifyFailure("  ", "")).toMatchObject({ source: null, code: null, known: false });
    expect(classifyFailure(null, "30003")).toMatchObject({
      source: null,
      code: "30003",
      category: "unknown",
      description: 'Unknown failure: "30003" lacks an errorSource or errorCode',
    });
  });

  it("classifyFailure() classifies every FAILURE_CODES entry as itself", () => {
    for (const entry of FAILURE_CODES) {
      const result = classifyFailure(entry.source, entry.code);
      expect(result, entry.code).toMatchObject({
        source: entry.source,
        code: entry.code,
        category: entry.category,
        description: entry.description,
        known: true,
      });
    }
  });
});
