/**
 * zod issues -> {@link ValidationError}, with one message grammar for every parser:
 * "Cannot parse <subject> as <path> <reason>: <value>".
 *
 * @module
 */
import type * as z from "zod/mini";
import { ValidationError } from "../errors/validation-error.ts";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function preview(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // a cycle or a bigint: fall through to String()
  }
  const out = json ?? String(value);
  return out.length > 80 ? `${out.slice(0, 77)}...` : out;
}

function reason(issue: z.core.$ZodIssue): string {
  // Our own schemas word their custom messages to follow the path ("is not a time").
  if (issue.code === "custom") return issue.message;
  if (issue.code === "invalid_type") {
    return `is not ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
  }
  if (issue.code === "unrecognized_keys") {
    return `has an unknown key: ${JSON.stringify(String(issue.keys[0]).slice(0, 40))}`;
  }
  return `is invalid (${issue.code})`;
}

/**
 * Builds the {@link ValidationError} for a failed parse: its message names the first issue's
 * JSON path and the offending value, e.g.
 * `Cannot parse transactions response as transactions[3].attemptedTime is not a time: "yesterday"`.
 *
 * @param subject What was being parsed, e.g. "transactions response".
 * @param input The value that was parsed (to quote the offending value).
 * @param issues zod's issues; carried by the error.
 * @returns The error, to throw.
 */
export function toValidationError(
  subject: string,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): ValidationError {
  const issue = issues[0];
  let why = "it is invalid";
  if (issue !== undefined) {
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    const where = path === "" ? "the body" : path;
    // An unknown key names itself; the object around it adds nothing.
    why = issue.code === "unrecognized_keys"
      ? `${where} ${reason(issue)}`
      : value === undefined
      ? `${where} is missing`
      : `${where} ${reason(issue)}: ${preview(value)}`;
  }
  return new ValidationError(`Cannot parse ${subject} as ${why}`, { issues });
}

/**
 * Runs one `safeParse` and returns its data, or throws the error {@link toValidationError}
 * builds.
 *
 * @param schema The schema.
 * @param input The value to parse.
 * @param subject What is being parsed, for the message, e.g. "analytics response".
 * @returns The schema's output.
 * @throws {ValidationError} When `input` does not match `schema`.
 */
export function parseOrThrow<T>(schema: z.ZodMiniType<T>, input: unknown, subject: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw toValidationError(subject, input, result.error.issues);
}
