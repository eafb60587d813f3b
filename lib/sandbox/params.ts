import { intParam, listParam } from "../http/query-params.ts";
import { readAtMost } from "../http/read-at-most.ts";

/** Filters a reporting request may carry, from its JSON body or its query string. */
export interface SandboxFilters {
  channels?: string[];
  skills?: string[];
  messagestatus?: string[];
  handoffids?: string[];
}

/** A request the sandbox cannot answer, with the status LivePerson gives it. */
export class SandboxRequestError extends Error {
  override name = "SandboxRequestError";
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const FILTER_KEYS = ["channels", "skills", "messagestatus", "handoffids"] as const;
const EPOCH_MS = /^\d{1,15}$/;
/** Largest request body the sandbox reads. */
export const MAX_BODY_BYTES = 1_048_576;

/**
 * Reads an epoch-millisecond query parameter.
 * @throws {SandboxRequestError} 400 when missing, not a non-negative integer, or absurd.
 */
export function epochParam(url: URL, name: string): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") throw new SandboxRequestError(400, `${name} is required`);
  if (!EPOCH_MS.test(raw)) {
    throw new SandboxRequestError(
      400,
      `${name} must be a non-negative integer of epoch milliseconds: ${
        JSON.stringify(raw.slice(0, 40))
      }`,
    );
  }
  return Number(raw);
}

/**
 * Reads a non-negative integer query parameter, or `fallback` when absent.
 * @throws {SandboxRequestError} 400 when present but not an integer in [min, max].
 */
export function pagingParam(
  url: URL,
  name: string,
  range: { fallback: number; min: number; max: number },
): number {
  try {
    return intParam(url, name, range);
  } catch (error) {
    throw new SandboxRequestError(400, (error as Error).message);
  }
}

/**
 * Reads the JSON body, if any.
 * @throws {SandboxRequestError} 413 over {@link MAX_BODY_BYTES}, 400 when it is not a JSON object.
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown> | null> {
  if (request.body === null) return null;
  const bytes = await readAtMost(request.body, MAX_BODY_BYTES);
  if (bytes === null) {
    throw new SandboxRequestError(413, `Request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SandboxRequestError(400, "Request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SandboxRequestError(400, "Request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/**
 * Collects filters from the query (comma-separated or repeated) and a body object.
 * @throws {SandboxRequestError} 400 on an unknown filter or a value that is not a list of strings.
 */
export function readFilters(
  url: URL,
  body: Record<string, unknown> | null,
  allowed: readonly string[],
): SandboxFilters {
  const filters: SandboxFilters = {};
  for (const key of FILTER_KEYS) {
    const values = listParam(url, key);
    if (values !== undefined) filters[key] = values;
  }
  if (body !== null) {
    for (const [key, value] of Object.entries(body)) {
      if (!(FILTER_KEYS as readonly string[]).includes(key)) {
        throw new SandboxRequestError(400, `Unknown filter: ${JSON.stringify(key.slice(0, 40))}`);
      }
      if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
        throw new SandboxRequestError(400, `Filter ${key} must be a list of strings`);
      }
      filters[key as keyof SandboxFilters] = [
        ...(filters[key as keyof SandboxFilters] ?? []),
        ...value,
      ];
    }
  }
  for (const key of Object.keys(filters)) {
    if (!allowed.includes(key)) {
      throw new SandboxRequestError(400, `Filter ${key} is not supported by this operation`);
    }
  }
  return filters;
}
