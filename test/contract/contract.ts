// The contract check of every response the test suites receive: the proxy's and the sandbox's
// answers are validated against openapi.json (ajv, JSON Schema 2020-12, what OpenAPI 3.1 uses).
// ajv compiles validators with `new Function`, which workerd allows inside vitest-pool-workers;
// this file runs unchanged in Node, workerd and Deno.
// Named imports: a CommonJS default import is typed differently by tsc and Deno.
import { Ajv2020 } from "ajv/dist/2020.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import document from "../../openapi.json" with { type: "json" };

/** The document's `$id` inside ajv. */
const DOC_ID = "https://lp-reporting-edge.invalid/openapi.json";

type Json = Record<string, unknown>;
type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** One response that breaks the contract. */
export interface Violation {
  method: string;
  url: string;
  status: number;
  problem: string;
}

/** The method and URL of a request (any method, even one `new Request` refuses). */
export interface RequestLine {
  method: string;
  url: string;
}

/** How a fetch is checked. */
export interface ContractOptions {
  /**
   * `"proxy"`: every route must be documented. `"upstream"`: the sandbox, which also serves
   * the Domain API and Sentinel (not the proxy's routes): only documented paths are checked.
   */
  scope: "proxy" | "upstream";
  /** When it returns true, 2xx bodies are not checked (a sandbox breaking them on purpose). */
  skipBodies?: () => boolean;
}

let ajv: InstanceType<typeof Ajv2020> | undefined;
const validators = new Map<string, Validate>();
const violations: Violation[] = [];

function validator(pointer: string): Validate {
  let validate = validators.get(pointer);
  if (validate === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
      for (const [name, format] of Object.entries(fullFormats)) ajv.addFormat(name, format);
      ajv.addSchema({ ...document, $id: DOC_ID });
    }
    validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` }) as Validate;
    validators.set(pointer, validate);
  }
  return validate;
}

const escapeSegment = (segment: string): string =>
  encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));

const pointerOf = (segments: string[]): string =>
  segments.map((s) => `/${escapeSegment(s)}`).join("");

const paths = document.paths as Record<string, Json>;
const TEMPLATES: { template: string; pattern: RegExp }[] = Object.keys(paths).map((template) => ({
  template,
  pattern: new RegExp(
    `^${
      template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join(
        "[^/]+",
      )
    }/?$`,
  ),
}));

/** Whether `pathname` is one of the document's paths (static assets, for example, are not). */
export function isDocumentedPath(pathname: string): boolean {
  return TEMPLATES.some(({ pattern }) => pattern.test(pathname));
}

function resolve(object: Json, at: string[]): { object: Json; at: string[] } {
  const target = object["$ref"];
  if (typeof target !== "string") return { object, at };
  const segments = target.replace(/^#\//, "").split("/").map((s) =>
    s.replace(/~1/g, "/").replace(/~0/g, "~")
  );
  let value: unknown = document;
  for (const segment of segments) value = (value as Json)[segment];
  return { object: value as Json, at: segments };
}

function errorsOf(validate: Validate): string {
  return JSON.stringify(validate.errors).slice(0, 600);
}

function headerProblems(response: Response, responseObject: Json, at: string[]): string[] {
  const problems: string[] = [];
  const headers = (responseObject["headers"] ?? {}) as Record<string, Json>;
  for (const [name, raw] of Object.entries(headers)) {
    const { object: header, at: headerAt } = resolve(raw, [...at, "headers", name]);
    const value = response.headers.get(name);
    if (value === null) {
      if (header["required"] === true) problems.push(`no ${name} header`);
      continue;
    }
    const validate = validator(pointerOf([...headerAt, "schema"]));
    if (!validate(value)) problems.push(`header ${name}: ${value}: ${errorsOf(validate)}`);
  }
  return problems;
}

async function bodyProblems(
  response: Response,
  contentType: string | null,
  responseObject: Json,
  at: string[],
): Promise<string[]> {
  const content = responseObject["content"] as Record<string, Json> | undefined;
  if (content === undefined) {
    return (await response.text()) === "" ? [] : ["a body where none is documented"];
  }
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const media = content[type];
  if (media === undefined) {
    await response.body?.cancel();
    return [`content-type ${type || "(none)"} is not one of ${Object.keys(content).join(", ")}`];
  }
  // Streamed exports (CSV, NDJSON) are checked by their own tests, and a test may stop reading.
  if (type !== "application/json") {
    await response.body?.cancel();
    return [];
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`the body is not JSON: ${text.slice(0, 200)}`];
  }
  const validate = validator(pointerOf([...at, "content", type, "schema"]));
  return validate(body) ? [] : [`body: ${errorsOf(validate)} in ${text.slice(0, 300)}`];
}

/**
 * What is wrong with one answer, checked against the document: a documented status, the
 * required headers, the content type and the JSON body of the route's response.
 *
 * @returns The problems; empty when the answer keeps the contract, null when not checked.
 */
export async function checkResponse(
  request: RequestLine,
  response: Response,
  options: ContractOptions,
): Promise<string[] | null> {
  const url = new URL(request.url);
  const method = request.method.toLowerCase();
  // CORS preflights are the browser's protocol, not an operation of the API (README: CORS).
  if (method === "options" && response.status === 204) return null;
  const match = TEMPLATES.find(({ pattern }) => pattern.test(url.pathname));
  // The copy is read for its body only: Deno 2.9's clone() drops headers given as an object.
  const copy = response.clone();
  const contentType = response.headers.get("content-type");
  if (match === undefined) {
    if (options.scope === "upstream") return null;
    if (response.status < 400) return [`undocumented route ${request.method} ${url.pathname}`];
    if (method === "head") return [];
    const errorResponse = (document.components.responses as Record<string, Json>)["NotFound"]!;
    return await bodyProblems(copy, contentType, errorResponse, [
      "components",
      "responses",
      "NotFound",
    ]);
  }
  const pathItem = paths[match.template]!;
  // Another method is answered 405, or 404 where the route exists only for some callers
  // (the admin routes): checked against the route's GET (or POST) answers.
  const operation = (pathItem[method === "head" ? "get" : method] ??
    (response.status === 405 || response.status === 404
      ? (pathItem["get"] ?? pathItem["post"])
      : undefined)) as
      | Json
      | undefined;
  if (operation === undefined) {
    return [`${request.method} ${match.template} is not documented (status ${response.status})`];
  }
  const operationMethod = Object.keys(pathItem).find((key) => pathItem[key] === operation)!;
  const responses = operation["responses"] as Record<string, Json>;
  const status = String(response.status);
  const raw = responses[status];
  if (raw === undefined) {
    return [`status ${status} is not documented for ${operationMethod} ${match.template}`];
  }
  const { object, at } = resolve(raw, [
    "paths",
    match.template,
    operationMethod,
    "responses",
    status,
  ]);
  // The headers are the proxy's own (trace id, Cache-Status); LivePerson sends none of them.
  const problems = options.scope === "proxy" ? headerProblems(response, object, at) : [];
  if (method === "head") return problems;
  if (response.status < 300 && options.skipBodies?.() === true) return problems;
  return [...problems, ...await bodyProblems(copy, contentType, object, at)];
}

/**
 * Wraps a fetch so that every answer is checked against the document; violations are kept
 * for {@link takeViolations} (a test's `afterEach` fails on them: a fetch that threw would be
 * retried by the client and could hide them).
 *
 * @param fetcher The fetch to wrap.
 * @param options What to check.
 * @returns The checked fetch.
 */
export function contractFetch(
  fetcher: (input: Request | URL | string, init?: RequestInit) => Promise<Response>,
  options: ContractOptions,
): (input: Request | URL | string, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    // Read before the call: the callee consumes a Request's body.
    const method = input instanceof Request ? input.method : (init?.method ?? "GET");
    const url = input instanceof Request ? input.url : String(input);
    const response = await fetcher(input, init);
    await recordViolations({ method, url }, response, options);
    return response;
  };
}

/** Checks one answer and keeps its violations for {@link takeViolations}. */
export async function recordViolations(
  request: RequestLine,
  response: Response,
  options: ContractOptions,
): Promise<void> {
  const problems = await checkResponse(request, response, options);
  for (const problem of problems ?? []) {
    violations.push({ method: request.method, url: request.url, status: response.status, problem });
  }
}

/** The violations seen since the last call, cleared. */
export function takeViolations(): Violation[] {
  return violations.splice(0, violations.length);
}

/**
 * The check each test ends with (vitest's `afterEach` in setup.ts, Deno's in
 * test/deno/checked-create-sandbox.ts): takes the violations seen since the last call.
 *
 * @throws {Error} Listing them, when an answer broke the document.
 */
export function failOnViolations(): void {
  const seen = takeViolations();
  if (seen.length === 0) return;
  throw new Error(
    `${seen.length} answer(s) break openapi.json:\n${
      seen.slice(0, 10).map((v) => `${v.method} ${v.url} -> ${v.status}: ${v.problem}`).join("\n")
    }`,
  );
}
