/**
 * The error body every endpoint of both dialects returns on 400, 401, 429 and 500:
 * `{code, requestTraceId, message}` (reporting-api-2.0.md, liveperson-api-notes.md §1f).
 *
 * @module
 */
import * as z from "zod/mini";
import { toValidationError } from "./issue-message.ts";

/** An upstream error body in canonical form. */
export interface ErrorBody {
  /** The application code; the docs only ever show 0. */
  code: number;
  /** The upstream trace id; null when absent (an expired AppJWT gives none, notes §1f). */
  requestTraceId: string | null;
  message: string;
}

/** An error body as it is on the wire. */
export interface ErrorBodyWire {
  code: number;
  requestTraceId?: string | undefined;
  message: string;
}

/** The wire error body; unknown extra fields are tolerated (and dropped). */
export const errorBodySchema: z.ZodMiniType<ErrorBodyWire> = z.object({
  code: z.number(),
  requestTraceId: z.optional(z.string()),
  message: z.string(),
});

function fromWire(body: ErrorBodyWire): ErrorBody {
  return { code: body.code, requestTraceId: body.requestTraceId ?? null, message: body.message };
}

/**
 * Parses an upstream error body.
 *
 * @param json The parsed response body.
 * @returns The error body.
 * @throws {ValidationError} When `json` is not an error body.
 *
 * @example The expired-token body has no trace id
 * ```ts
 * parseErrorBody({ code: 0, message: "jwt expired" });
 * // { code: 0, requestTraceId: null, message: "jwt expired" }
 * ```
 */
export function parseErrorBody(json: unknown): ErrorBody {
  const result = errorBodySchema.safeParse(json);
  if (result.success) return fromWire(result.data);
  throw toValidationError("error body", json, result.error.issues);
}

/**
 * Reads an upstream error body when there is one: for building an HTTP error, where a body
 * that is not the documented shape (an HTML page from a gateway, say) must not hide the status.
 *
 * @param json The parsed response body (anything).
 * @returns The error body, or null when `json` is not one.
 */
export function readErrorBody(json: unknown): ErrorBody | null {
  const result = errorBodySchema.safeParse(json);
  return result.success ? fromWire(result.data) : null;
}

/**
 * An error body as LivePerson sends it (and the sandbox and the Worker); a null trace id is left out.
 *
 * @param body A canonical error body.
 * @returns The wire body.
 */
export function errorBodyToWire(body: ErrorBody): ErrorBodyWire {
  return body.requestTraceId === null
    ? { code: body.code, message: body.message }
    : { code: body.code, requestTraceId: body.requestTraceId, message: body.message };
}
