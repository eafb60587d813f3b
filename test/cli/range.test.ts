import { describe, expect, it } from "vitest";
import { parseInstant } from "../../cli/range.ts";
import { CliError } from "../../cli/exit-codes.ts";

const NOW = Date.UTC(2026, 11, 2, 10, 30);

describe("parseInstant()", () => {
  it("reads ISO dates and times as UTC, epoch ms and now", () => {
    expect(parseInstant("2026-11-01", "--from", NOW)).toBe(Date.UTC(2026, 10, 1));
    expect(parseInstant("2026-11-01T08:00", "--from", NOW)).toBe(Date.UTC(2026, 10, 1, 8));
    expect(parseInstant("2026-11-01T08:00+02:00", "--from", NOW)).toBe(Date.UTC(2026, 10, 1, 6));
    expect(parseInstant("1764547200000", "--from", NOW)).toBe(1764547200000);
    expect(parseInstant("now", "--to", NOW)).toBe(NOW);
  });

  it("reads spans back from now: minutes, hours, days, weeks and calendar months", () => {
    expect(parseInstant("90min", "--from", NOW)).toBe(NOW - 90 * 60_000);
    expect(parseInstant("12h", "--from", NOW)).toBe(NOW - 12 * 3_600_000);
    expect(parseInstant("7d", "--from", NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseInstant("2w", "--from", NOW)).toBe(NOW - 14 * 86_400_000);
    expect(parseInstant("13mo", "--from", NOW)).toBe(Date.UTC(2025, 10, 2, 10, 30));
  });

  it("refuses anything else with a usage error that names the flag and the forms", () => {
    for (const bad of ["yesterday", "7days", "2026-13-45", "", "-7d"]) {
      const attempt = (): number => parseInstant(bad, "--to", NOW);
      expect(attempt).toThrow(CliError);
      expect(attempt).toThrow(`Cannot read --to as a time: ${JSON.stringify(bad)}`);
    }
    const caught = ((): unknown => {
      try {
        return parseInstant("x", "--from", NOW);
      } catch (error) {
        return error;
      }
    })();
    expect(caught).toMatchObject({ name: "CliError", exitCode: 2 });
  });
});
