// Shared set-up of the workerd reliability runs: the Worker app on a fixed clock in front of a
// small sandbox whose issued tokens and OAuth signatures are recorded as secrets, a capture of
// everything the app logs, and the checks every response must pass.
import { env as workerEnv } from "cloudflare:workers";
import { vi } from "vitest";
import { createApp } from "../../../worker/app.ts";
import type { Env } from "../../../worker/env.ts";
import { fakeQueue } from "../../worker/proxy/fake-queue.ts";
import { createSandbox, type Sandbox } from "../../../lib/sandbox/mod.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import { DAY_MS } from "../../../lib/windows.ts";
import { DEVELOPMENT_TOKEN_KEY } from "../../../worker/auth/proxy-token.ts";
import { recordViolations } from "../../contract/contract.ts";

export { DAY_MS };

/** The fixed "now" of the runs: 2026-10-15T12:00Z. */
export const T0 = Date.UTC(2026, 9, 15, 12);
/** Midnight UTC of T0's day. */
export const TODAY = Date.UTC(2026, 9, 15);
/** The largest body the Worker accepts by default (`MAX_BODY_BYTES`). */
export const MAX_BODY_BYTES = 65_536;
/** The signing key of the sandbox's AppJWTs (lib/sandbox/create-sandbox.ts DEFAULTS). */
const SANDBOX_JWT_SECRET = "lp-reporting-edge-sandbox-signing-key";

/** The demo proxy keys by account (worker/auth/demo-tenants.ts). */
export const DEMO_KEYS: Readonly<Record<string, string>> = {
  "10000001": "demo-key-10000001",
  "20000002": "demo-key-20000002",
  "30000003": "demo-key-30000003",
};
/** The demo accounts, in DEMO_TENANTS order. */
export const ACCOUNTS: readonly string[] = DEMO_TENANTS.map((t) => t.accountId);

/**
 * Every configured secret of the local demo: the proxy keys and every sandbox credential
 * (client ids and consumer keys too: none of them belongs in an answer or a log line).
 */
export const STATIC_SECRETS: readonly string[] = [
  ...Object.values(DEMO_KEYS),
  SANDBOX_JWT_SECRET,
  DEVELOPMENT_TOKEN_KEY,
  ...DEMO_TENANTS.flatMap((t) => [
    t.oauth2.clientId,
    t.oauth2.clientSecret,
    t.oauth1.consumerKey,
    t.oauth1.consumerSecret,
    t.oauth1.token,
    t.oauth1.tokenSecret,
    t.bearer,
  ]),
];

/** The secrets known so far: the static ones plus the AppJWTs and OAuth signatures seen upstream. */
export class SecretWatch {
  readonly #dynamic = new Set<string>();

  /** The AppJWTs the sandbox issued. */
  readonly tokens = new Set<string>();

  /** Adds a secret seen at run time (ignores short fragments that could match by chance). */
  add(secret: string): void {
    if (secret.length >= 16) this.#dynamic.add(secret);
  }

  /** How many run-time secrets were recorded. */
  get dynamicCount(): number {
    return this.#dynamic.size;
  }

  /** The first secret `text` contains, or null. */
  find(text: string): string | null {
    for (const secret of STATIC_SECRETS) if (text.includes(secret)) return secret;
    for (const secret of this.#dynamic) if (text.includes(secret)) return secret;
    return null;
  }
}

/** The Worker app, its sandbox and what the sandbox saw. */
export interface Rig {
  app: ReturnType<typeof createApp>;
  sandbox: Sandbox;
  env: Env;
  secrets: SecretWatch;
  /** Upstream requests made, by the proxy. */
  upstreamCalls: () => number;
  /** Calls the proxy with a request. */
  call(request: Request): Promise<Response>;
}

/**
 * The app on the fixed clock T0 in front of a sandbox (volume 20, no rate limit) whose token
 * answers and the OAuth 1.0a signatures and bearer tokens sent to it are recorded as secrets.
 * @param overrides Bindings to set besides the high `RATE_LIMIT` (e.g. `PROXY_KEYS`).
 * @param secrets Where to record the run-time secrets (shared between rigs of one run).
 */
export function rig(overrides: Partial<Env> = {}, secrets: SecretWatch = new SecretWatch()): Rig {
  const now = (): number => T0;
  const sandbox = createSandbox({ now, volume: 20, rateLimit: Number.POSITIVE_INFINITY });
  let calls = 0;
  const app = createApp({
    now,
    upstream: async (request) => {
      calls += 1;
      recordAuthorization(request.headers.get("authorization"), secrets);
      const response = await sandbox.fetch(request);
      if (/\/app\/token\/?$/.test(new URL(request.url).pathname) && response.ok) {
        const body = await response.clone().json() as { access_token?: unknown };
        if (typeof body.access_token === "string") {
          secrets.tokens.add(body.access_token);
          secrets.add(body.access_token);
        }
      }
      return response;
    },
  });
  // A high upstream rate so the schedule never slows the run; one object, so settings are read once.
  const env: Env = {
    ...(workerEnv as unknown as Env),
    RATE_LIMIT: "100000",
    STORE_PREFIX: `${crypto.randomUUID()}/`,
    FILLS: fakeQueue([]),
    ...overrides,
  };
  return {
    app,
    sandbox,
    env,
    secrets,
    upstreamCalls: () => calls,
    call: async (request) => {
      // Every answer of the proxy is checked against openapi.json.
      const line = { method: request.method, url: request.url };
      const response = await app.fetch(request, env);
      await recordViolations(line, response, { scope: "proxy" });
      return response;
    },
  };
}

function recordAuthorization(header: string | null, secrets: SecretWatch): void {
  if (header === null) return;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer?.[1] !== undefined) secrets.add(bearer[1]);
  const signature = /oauth_signature="([^"]+)"/.exec(header);
  if (signature?.[1] !== undefined) {
    secrets.add(signature[1]);
    secrets.add(decodeURIComponent(signature[1]));
  }
}

/** Everything written to the console while captured. */
export interface LogCapture {
  /** console.log/info/debug lines. */
  lines: string[];
  /** console.error/warn lines. */
  errors: string[];
  /** Unhandled promise rejections seen. */
  rejections: string[];
  /** Prints to the real console (the RELIABILITY lines). */
  print(line: string): void;
  /** Ends the capture. */
  restore(): void;
}

/** Captures the console (the app's log lines) and unhandled rejections until `restore()`. */
export function captureLogs(): LogCapture {
  const original = console.log.bind(console);
  const lines: string[] = [];
  const errors: string[] = [];
  const rejections: string[] = [];
  const text = (args: unknown[]): string => args.map((a) => String(a)).join(" ");
  const spies = [
    vi.spyOn(console, "log").mockImplementation((...args) => void lines.push(text(args))),
    vi.spyOn(console, "info").mockImplementation((...args) => void lines.push(text(args))),
    vi.spyOn(console, "debug").mockImplementation((...args) => void lines.push(text(args))),
    vi.spyOn(console, "error").mockImplementation((...args) => void errors.push(text(args))),
    vi.spyOn(console, "warn").mockImplementation((...args) => void errors.push(text(args))),
  ];
  const onRejection = (event: PromiseRejectionEvent): void => {
    rejections.push(String(event.reason));
  };
  globalThis.addEventListener("unhandledrejection", onRejection);
  return {
    lines,
    errors,
    rejections,
    print: original,
    restore: () => {
      for (const spy of spies) spy.mockRestore();
      globalThis.removeEventListener("unhandledrejection", onRejection);
    },
  };
}

/**
 * The problems with the app's log lines: any console.error/warn, any line that reports an
 * unhandled error or a 5xx, any unhandled rejection, any secret.
 */
export function logProblems(capture: LogCapture, secrets: SecretWatch): string[] {
  const problems: string[] = [];
  for (const line of capture.errors) problems.push(`error line: ${line.slice(0, 300)}`);
  for (const reason of capture.rejections) problems.push(`unhandled rejection: ${reason}`);
  for (const line of capture.lines) {
    if (/unhandled|"error"|"status":5\d\d/i.test(line)) {
      problems.push(`error in log line: ${line.slice(0, 300)}`);
    }
  }
  for (const line of [...capture.lines, ...capture.errors]) {
    const secret = secrets.find(line);
    if (secret !== null) {
      problems.push(`secret ${mask(secret)} in log line: ${line.slice(0, 120)}`);
    }
  }
  return problems;
}

/** A secret shown by its first characters only. */
export function mask(secret: string): string {
  return `${secret.slice(0, 12)}…(${secret.length} chars)`;
}

/** What is wrong with a response, or null: status >= 500, an error not in LivePerson's shape, a secret. */
export function responseProblem(
  method: string,
  response: Response,
  text: string,
  secrets: SecretWatch,
): string | null {
  const traceId = response.headers.get("x-request-trace-id");
  if (response.status >= 500) return `status ${response.status}: ${text.slice(0, 300)}`;
  if (traceId === null || traceId === "") {
    return `no x-request-trace-id header (${response.status})`;
  }
  for (const [name, value] of response.headers) {
    const secret = secrets.find(`${name}: ${value}`);
    if (secret !== null) return `secret ${mask(secret)} in header ${name}`;
  }
  const secret = secrets.find(text);
  if (secret !== null) return `secret ${mask(secret)} in body: ${text.slice(0, 200)}`;
  if (response.status >= 200 && response.status < 300) return null;
  if (method === "HEAD") return text === "" ? null : "HEAD answered with a body";
  if (!/^application\/json/.test(response.headers.get("content-type") ?? "")) {
    return `error ${response.status} without a JSON content-type`;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `error ${response.status} body is not JSON: ${text.slice(0, 200)}`;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return `error ${response.status} body is not an object: ${text.slice(0, 200)}`;
  }
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record).sort().join(",");
  if (keys !== "code,message,requestTraceId") {
    return `error ${response.status} body has keys ${keys}: ${text.slice(0, 200)}`;
  }
  if (typeof record["code"] !== "number") return `error code is not a number: ${text}`;
  if (typeof record["message"] !== "string") return `error message is not a string: ${text}`;
  if (record["requestTraceId"] !== traceId) {
    return `requestTraceId ${String(record["requestTraceId"])} is not the header's ${traceId}`;
  }
  return null;
}

/** What a scan of the KV namespace found. */
export interface KvScan {
  entries: number;
  problems: string[];
}

/**
 * Reads back every entry of the `CACHE` KV namespace (key, value and metadata) and reports the
 * ones that carry a secret.
 */
export async function scanKv(kv: KVNamespace, secrets: SecretWatch): Promise<KvScan> {
  const scan: KvScan = { entries: 0, problems: [] };
  let cursor: string | undefined;
  for (;;) {
    const page: KVNamespaceListResult<unknown, string> = await kv.list(
      cursor === undefined ? {} : { cursor },
    );
    for (const { name } of page.keys) {
      const { value, metadata } = await kv.getWithMetadata(name, "text");
      scan.entries += 1;
      const secret = secrets.find(`${name}\n${value ?? ""}\n${JSON.stringify(metadata)}`);
      if (secret !== null) scan.problems.push(`secret ${mask(secret)} in KV entry ${name}`);
    }
    if (page.list_complete) return scan;
    cursor = page.cursor;
  }
}

/** Shortens long strings of a value for a failure message (large bodies and headers). */
export function brief(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) =>
      typeof v === "string" && v.length > 160 ? `${v.slice(0, 120)}…(${v.length} chars)` : v,
  );
}

/** Prints one RELIABILITY result line. */
export function reliabilityLine(
  print: (line: string) => void,
  result: { test: string; cases: number; failures: number; lost: number; notes: string },
): void {
  print("RELIABILITY " + JSON.stringify(result));
}
