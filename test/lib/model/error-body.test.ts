import { describe, expect, it } from "vitest";
import { isValidationError } from "../../../lib/errors/validation-error.ts";
import {
  type ErrorBody,
  errorBodyToWire,
  parseErrorBody,
  readErrorBody,
} from "../../../lib/model/error-body.ts";

describe("parseErrorBody()", () => {
  it("tolerates extra fields and a missing trace id", () => {
    expect(parseErrorBody({ code: 1029, message: "rate limit hit", internalCode: 10 }))
      .toStrictEqual({
        code: 1029,
        requestTraceId: null,
        message: "rate limit hit",
      });
  });

  it("throws a ValidationError naming the wrong field and value", () => {
    let error: unknown;
    try {
      parseErrorBody({ code: "0", requestTraceId: "t", message: "m" });
    } catch (caught) {
      error = caught;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toBe('Cannot parse error body as code is not a number: "0"');
  });

  it("says the body is missing its message", () => {
    expect(() => parseErrorBody({ code: 0 })).toThrow(
      "Cannot parse error body as message is missing",
    );
  });
});

describe("readErrorBody()", () => {
  it("returns null for a body that is not an error body, the body otherwise", () => {
    expect(readErrorBody("<html>502 Bad Gateway</html>")).toBeNull();
    expect(readErrorBody(null)).toBeNull();
    expect(readErrorBody({ code: 0, message: "jwt expired" })).toStrictEqual({
      code: 0,
      requestTraceId: null,
      message: "jwt expired",
    });
  });
});

describe("errorBodyToWire()", () => {
  it("round-trips with and without a trace id", () => {
    const bodies: ErrorBody[] = [
      { code: 0, requestTraceId: "5102ce1f-35bd-4e5e-9bd3-bacdfd28dd3a", message: "bad" },
      { code: 0, requestTraceId: null, message: "jwt expired" },
    ];
    for (const body of bodies) {
      const wire = errorBodyToWire(body);
      expect(parseErrorBody(JSON.parse(JSON.stringify(wire)))).toStrictEqual(body);
    }
    expect(errorBodyToWire(bodies[1] as ErrorBody)).toStrictEqual({
      code: 0,
      message: "jwt expired",
    });
  });
});
