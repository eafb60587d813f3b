import { untilAborted } from "../../lib/client/abort.ts";
import { createCredentials, type Credentials } from "../../lib/client/credentials.ts";
import { DomainResolver } from "../../lib/client/region.ts";
import { redactText } from "../../lib/errors/redact.ts";
import { parseRetryAfter } from "../../lib/http/retry-after.ts";
import { reportingHost, sentinelHost } from "../../lib/hosts.ts";
import type { FetchLike } from "../../lib/client/types.ts";
import {
  type AttemptContext,
  type AttemptResult,
  type RetryPolicy,
  withRetries,
} from "../../lib/client/retry.ts";
import type { Runtime } from "../runtime.ts";
import { remainingMs, type RequestDeadline } from "./deadline.ts";
import { upstreamFetch } from "./upstream-fetch.ts";
import type { App, Dialect, Region } from "../../lib/model/canonical.ts";
import { readErrorBody } from "../../lib/model/error-body.ts";
import type { Operation } from "../../lib/windows.ts";
import type { ProxyTenant } from "../auth/tenants.ts";
import type { Env } from "../env.ts";
import { describeError, logError } from "../error-log.ts";
import { ProxyError } from "../http/proxy-error.ts";
import {
  isWaitBudgetExceeded,
  pauseSchedule,
  schedulerName,
  waitForSlot,
} from "../scheduler/schedule.ts";
import type { Settings } from "../settings.ts";

/** Who calls upstream, for what account, in which dialect. */
export interface UpstreamCaller {
  env: Env;
  settings: Settings;
  tenant: ProxyTenant;
  /** A pass-through caller's own LivePerson `Authorization` value. */
  passthrough: string | null;
  accountId: string;
  app: App;
  dialect: Dialect;
  /** Filled in as calls are made, for the log line. */
  trace: UpstreamTrace;
  /** The request's trace id, for log lines. */
  traceId: string;
  /** One bound over every upstream wait of the request. */
  deadline: RequestDeadline;
  /** The clock, the upstream and the app's memories. */
  runtime: Runtime;
}

/** What the upstream calls of one request did. */
export interface UpstreamTrace {
  calls: number;
  attempts: number;
  status: number | null;
  ms: number;
  /** What made the latest failed attempt fail (redacted), for the log line. */
  failure?: string;
}

/** One upstream call: an operation's path below `/account/{id}/app/{app}/` and its query. */
export interface UpstreamCall {
  operation: Operation;
  path: string;
  query: Record<string, string>;
  /** A background fill: takes only slots no live caller is waiting for. @default false */
  background?: boolean;
  /** A background fill's share of the rate at most (warming, backfill). @default 1 */
  share?: number;
}

/**
 * The Worker's numbers for the shared policy (lib/client/retry.ts): three sends for failures
 * and five more for 429s, retried at once (the schedule spaces them), each under its timeout.
 */
const UPSTREAM_POLICY: RetryPolicy = {
  attempts: 3,
  rateLimitRetries: 5,
  // Per attempt, signing included; the request's deadline (deadline.ts) bounds the whole.
  timeoutMs: 8_000,
};
/** Slack per second of schedule, so a caller that starts a few ms late never puts rate + 1 calls in one second. */
const SCHEDULE_TOLERANCE_MS = 50;

/** Where one call goes: its URL and the schedule it counts against. */
interface Target {
  url: string;
  schedule: string;
}

/** How an attempt gets its `Authorization`: the tenant's credentials, or the caller's own. */
interface Signer {
  credentials: Credentials | null;
  sign(request: Request): Promise<Request>;
}

/**
 * Calls the upstream once per attempt through the (region host, account, API) schedule,
 * with the tenant's upstream credentials: 5xx, network errors and timeouts are retried,
 * an upstream 429 pauses the schedule, a 401 refreshes an AppJWT once. The steps: the
 * region and credentials ({@linkcode regionOf}, {@linkcode signerOf}), the URL
 * ({@linkcode targetOf}), the schedule ({@linkcode scheduleSlot}), one attempt
 * ({@linkcode attempt}) and the relay of an upstream error ({@linkcode relay}).
 * @returns `parse` of the JSON body of a 2xx; a body that is not JSON or that `parse` rejects is retried.
 * @throws {ProxyError} with the upstream's status and message, 429 when the wait budget is spent,
 * 502/504 when the upstream cannot be reached, 504 when the request's deadline passes.
 */
export async function callUpstream<T>(
  caller: UpstreamCaller,
  call: UpstreamCall,
  parse: (json: unknown) => T,
): Promise<T> {
  const { trace } = caller;
  const { now } = caller.runtime;
  const started = now();
  trace.calls += 1;
  try {
    const region = await regionOf(caller);
    const target = targetOf(caller, call, region);
    const signer = signerOf(caller, region);
    let refreshed = false;
    return await withRetries(UPSTREAM_POLICY, {
      beforeAttempt: () => scheduleSlot(caller, target, call.background === true, call.share),
      attempt: async (context) => {
        const result = await attempt(caller, target, signer, parse, context, refreshed);
        if (result.kind === "unauthorized") refreshed = true;
        return result;
      },
      // The attempt paused the schedule: the next slot carries the wait.
      onRateLimited: () => 0,
      signal: caller.deadline.signal,
    });
  } catch (error) {
    if (!(error instanceof ProxyError) && caller.deadline.signal.aborted) {
      throw new ProxyError(
        504,
        `The upstream did not answer within the request deadline of ${caller.deadline.ms} ms`,
        { cause: error },
      );
    }
    if (isWaitBudgetExceeded(error)) {
      throw new ProxyError(429, "Rate limit exceeded: the upstream schedule is full", {
        code: 1029,
        headers: { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) },
      });
    }
    // A ProxyError is the answer; anything else is a defect, passed on as it is (with its
    // cause) to the app's error handler, which logs it once with the trace id.
    throw error;
  } finally {
    trace.ms += now() - started;
  }
}

/** The URL of the call on the account's regional host, and its schedule. */
function targetOf(caller: UpstreamCaller, call: UpstreamCall, region: Region): Target {
  const host = reportingHost(region, caller.dialect);
  const prefix = caller.dialect === "current" ? "/api" : "";
  const query = new URLSearchParams(call.query).toString();
  const url = `https://${host}${prefix}/account/${caller.accountId}/app/${caller.app}/${call.path}${
    query === "" ? "" : `?${query}`
  }`;
  // One schedule per region, account and API: both dialects' hosts count against the same limit.
  return { url, schedule: schedulerName(region, caller.accountId, call.operation) };
}

/** Waits for the call's slot in its schedule. */
function scheduleSlot(
  caller: UpstreamCaller,
  target: Target,
  background: boolean,
  share = 1,
): Promise<void> {
  const { env, settings } = caller;
  return scheduled(caller, () =>
    waitForSlot(env.SCHEDULER, target.schedule, {
      ratePerSecond: settings.ratePerSecond,
      // A slot after the deadline would be wasted: refused at once instead.
      budgetMs: Math.min(settings.waitBudgetMs, remainingMs(caller.deadline)),
      toleranceMs: SCHEDULE_TOLERANCE_MS,
      signal: caller.deadline.signal,
      background,
      share,
    }));
}

/**
 * Runs a call to the schedule's Durable Object. Only the platform's own failures (an error
 * without `remote`: the object unreachable, reset or overloaded) mean the schedule is
 * unavailable: 503, logged once with the trace id. A full budget, and an error the object's
 * own code threw (a defect), pass on as they are.
 */
async function scheduled<T>(caller: UpstreamCaller, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      isWaitBudgetExceeded(error) || (error as { remote?: unknown })?.remote === true ||
      caller.deadline.signal.aborted
    ) {
      throw error;
    }
    logError(caller.traceId, "schedule unavailable", error);
    throw new ProxyError(503, "The upstream schedule is unavailable", { cause: error });
  }
}

/** One attempt: signs, calls, reads the body under the attempt's signal, and says what came of it. */
async function attempt<T>(
  caller: UpstreamCaller,
  target: Target,
  signer: Signer,
  parse: (json: unknown) => T,
  { signal }: AttemptContext,
  refreshed: boolean,
): Promise<AttemptResult<T>> {
  const { trace } = caller;
  trace.attempts += 1;
  // Signed without a signal: an AppJWT fetch is shared by concurrent requests, and
  // workerd forbids one request's signal from aborting I/O another request started. This
  // request only stops waiting for it (the fetch has its own timeout, the deadline's length).
  const unsigned = new Request(target.url, { headers: { accept: "application/json" } });
  let request: Request;
  try {
    request = new Request(await untilAborted(signer.sign(unsigned), signal), { signal });
  } catch (cause) {
    // Sentinel (the AppJWT) failed: a gateway failure, retried, then relayed.
    return failed(trace, 502, "Cannot obtain upstream credentials", cause);
  }
  let response: Response;
  let text: string;
  try {
    // Raced as well as passed: an upstream that ignores the signal still cannot hold the attempt.
    response = await untilAborted(upstreamOf(caller)(request), signal);
    // The body is read under the same signal: a stalled or reset body is a failed attempt.
    text = await untilAborted(response.text(), signal);
  } catch (cause) {
    trace.status = null;
    return failed(trace, 504, "The upstream did not answer", cause);
  }
  trace.status = response.status;
  if (response.ok) {
    try {
      return { kind: "done", value: parse(JSON.parse(text)) };
    } catch (cause) {
      // Truncated or schema-breaking: never passed on, never cached; asked again.
      return failed(trace, 502, "The upstream answered with malformed or invalid data", cause);
    }
  }
  const { credentials } = signer;
  if (
    response.status === 401 && credentials !== null && !refreshed &&
    await credentials.unauthorized(request)
  ) {
    return { kind: "unauthorized", error: relay(response.status, text) };
  }
  if (response.status === 429) {
    const waitMs = parseRetryAfter(response.headers.get("retry-after"), caller.runtime.now()) ??
      1_000;
    await scheduled(caller, () => pauseSchedule(caller.env.SCHEDULER, target.schedule, waitMs));
    return {
      kind: "rateLimited",
      retryAfterMs: waitMs,
      error: relay(response.status, text, { "retry-after": String(Math.ceil(waitMs / 1000)) }),
    };
  }
  const error = relay(response.status, text);
  return { kind: response.status >= 500 ? "failed" : "final", error };
}

/** A failed attempt: retried while attempts remain; its cause is kept and noted for the log line. */
function failed<T>(
  trace: UpstreamTrace,
  status: number,
  message: string,
  cause: unknown,
): AttemptResult<T> {
  trace.failure = describeError(cause);
  return { kind: "failed", error: new ProxyError(status, message, { cause }) };
}

/** The upstream's error, in LivePerson's shape, with its status (an upstream 2xx never lands here). */
function relay(status: number, text: string, headers: Record<string, string> = {}): ProxyError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Handled: a body that is not JSON is relayed as the status with a generic message.
  }
  const parsed = readErrorBody(body);
  // The upstream saw the tenant's credential: never relay its words unscrubbed or unbounded.
  const message = parsed === null
    ? `The upstream answered ${status}`
    : redactText(parsed.message).slice(0, 300);
  return new ProxyError(status, message, {
    code: parsed?.code ?? 0,
    headers,
  });
}

async function regionOf(caller: UpstreamCaller): Promise<Region> {
  const configured = caller.settings.regions[caller.accountId];
  if (configured !== undefined) return configured;
  const { resolvers } = caller.runtime;
  let resolver = resolvers.get(caller.accountId);
  if (resolver === undefined) {
    const fetch = upstreamOf(caller);
    resolver = new DomainResolver({
      accountId: caller.accountId,
      fetch: () => fetch,
      now: caller.runtime.now,
    });
    resolvers.set(caller.accountId, resolver);
  }
  try {
    // The lookup is shared by the account's requests: this one only stops waiting for it.
    return await untilAborted(resolver.region(), caller.deadline.signal);
  } catch (cause) {
    if (caller.deadline.signal.aborted) throw cause;
    caller.trace.failure = describeError(cause);
    throw new ProxyError(502, `Cannot find the region of account ${caller.accountId}`, { cause });
  }
}

/** The pass-through caller's own credential, or the tenant's upstream credentials for the account. */
function signerOf(caller: UpstreamCaller, region: Region): Signer {
  const { passthrough } = caller;
  if (passthrough !== null) {
    return {
      credentials: null,
      sign: (request) => Promise.resolve(withAuthorization(request, passthrough)),
    };
  }
  const credentials = credentialsOf(caller, region);
  return { credentials, sign: (request) => credentials.authenticate(request) };
}

function credentialsOf(caller: UpstreamCaller, region: Region): Credentials {
  const { tenant, accountId } = caller;
  const key = `${tenant.name}|${accountId}`;
  const { credentials } = caller.runtime;
  let found = credentials.get(key);
  if (found === undefined) {
    if (tenant.upstream.kind === "passthrough") {
      throw new ProxyError(401, "A pass-through caller must send its own credential");
    }
    const fetch = upstreamOf(caller);
    found = createCredentials(tenant.upstream, {
      accountId,
      fetch: () => fetch,
      now: caller.runtime.now,
      sentinelUrl: () => Promise.resolve(`https://${sentinelHost(region)}`),
      // No token request outlives the deadline of the request that started it.
      tokenTimeoutMs: caller.settings.requestDeadlineMs,
    });
    credentials.set(key, found);
  }
  return found;
}

function upstreamOf(caller: UpstreamCaller): FetchLike {
  return caller.runtime.upstream ?? upstreamFetch(caller.settings, caller.env);
}

function withAuthorization(request: Request, authorization: string): Request {
  const headers = new Headers(request.headers);
  headers.set("authorization", authorization);
  return new Request(request, { headers });
}
