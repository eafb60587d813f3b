import { type Context, type Handler, Hono } from "hono";
import type { Dialect } from "../lib/model/canonical.ts";
import { errorBody, ProxyError } from "./http/proxy-error.ts";
import { logError } from "./error-log.ts";
import { logRequest } from "./log.ts";
import { type AppEnv, newRequestState, type RequestState } from "./request-state.ts";
import { cors } from "./http/cors.ts";
import { registerDropInRoutes } from "./routes/drop-in.ts";
import { registerAdminRoutes } from "./routes/admin.ts";
import { EDGE_PREFIX, funnel, health, sandboxCounters } from "./routes/edge.ts";
import { sandboxDirect } from "./routes/sandbox-direct.ts";
import { coverage } from "./routes/coverage.ts";
import { docsPage, openApiJson } from "./routes/docs.ts";
import { transactionsExport } from "./routes/export.ts";
import { analyticsRoute, campaignRoute, transactionsRoute } from "./routes/reporting.ts";
import { newRuntime, type Runtime } from "./runtime.ts";
import { settingsOf } from "./settings.ts";

/** Options of {@link createApp}, for tests: a fake clock and upstream. */
export interface AppOptions {
  /** The clock. @default Date.now */
  now?: () => number;
  /** The upstream's fetch. @default LivePerson, or the embedded sandbox when `UPSTREAM` is "sandbox" */
  upstream?: Runtime["upstream"];
  /** The isolate's memories, shared with the queue consumer. @default a new runtime from `now` and `upstream` */
  runtime?: Runtime;
}

/** LivePerson's error body and status, with the trace id in the body and the header. */
function errorResponse(error: ProxyError, state: RequestState): Response {
  return new Response(errorBody(error, state.traceId), {
    status: error.status,
    headers: {
      "content-type": "application/json",
      [TRACE_HEADER]: state.traceId,
      ...error.headers,
    },
  });
}

/** One route: the methods it answers, its path (Hono's syntax) and its handler. */
export interface Route {
  methods: readonly string[];
  path: string;
  handler: Handler<AppEnv>;
}

/** A route, in one line. */
function route(methods: string | readonly string[], path: string, handler: Handler<AppEnv>): Route {
  return { methods: typeof methods === "string" ? [methods] : methods, path, handler };
}

/** LivePerson's four reporting paths of one dialect: `/api/...` (current) or `/...` (2.0). */
function reportingRoutes(prefix: string, dialect: Dialect): Route[] {
  const base = `${prefix}/account/:accountId/app/:app`;
  return [
    route(["GET", "POST"], `${base}/analytics`, analyticsRoute(dialect)),
    route(["GET", "POST"], `${base}/transactions`, transactionsRoute(dialect)),
    route("GET", `${base}/campaigns/:campaignId`, campaignRoute(dialect, false)),
    route("GET", `${base}/campaigns/:campaignId/analytics`, campaignRoute(dialect, true)),
  ];
}

/**
 * The route table, declared once: the handlers are registered from it and the 405 answers
 * (with `Allow`) derived from it. Append a route as one `route(...)` line.
 */
export const ROUTES: readonly Route[] = [
  ...reportingRoutes("/api", "current"),
  ...reportingRoutes("", "2.0"),
  route("GET", `${EDGE_PREFIX}/health`, health),
  route("GET", `${EDGE_PREFIX}/sandbox/counters`, sandboxCounters),
  route("GET", `${EDGE_PREFIX}/funnel/:accountId/:app`, funnel),
  route("GET", `${EDGE_PREFIX}/sandbox/direct/*`, sandboxDirect),
  route("GET", `${EDGE_PREFIX}/coverage/:accountId/:app`, coverage),
  // The contract and the interactive reference (openapi.json, Swagger UI from static assets).
  route("GET", `${EDGE_PREFIX}/openapi.json`, openApiJson),
  route("GET", `${EDGE_PREFIX}/docs`, docsPage),
  // Exports: any range of transactions as a CSV or NDJSON stream.
  route("GET", `${EDGE_PREFIX}/export/:accountId/:app/transactions`, transactionsExport),
];

/** The methods each path of `routes` takes, in their order, every path once. */
function allowedMethods(routes: readonly Route[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const { methods, path } of routes) {
    const allowed = byPath.get(path) ?? [];
    for (const method of methods) if (!allowed.includes(method)) allowed.push(method);
    byPath.set(path, allowed);
  }
  return byPath;
}

/** The platform's execution context, or null when the app is called without one (tests). */
function executionContextOf(c: Context<AppEnv>): ExecutionContext | null {
  try {
    return c.executionCtx;
  } catch {
    // Hono throws when `fetch` was called without a context: nothing to wait for.
    return null;
  }
}

/** The response header that carries the request's trace id (also in the body of errors and in the log). */
export const TRACE_HEADER = "x-request-trace-id";

/**
 * The proxy: LivePerson's reporting paths in both dialects (trailing slash optional), the
 * proxy's own routes under `/_edge`, and LivePerson's error body for everything else.
 */
export function createApp(options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  const runtime = options.runtime ??
    newRuntime(options.now ?? (() => Date.now()), options.upstream);

  app.use("*", async (c, next) => {
    const state = newRequestState();
    const ctx = executionContextOf(c);
    if (ctx !== null) state.defer = (work) => ctx.waitUntil(work);
    c.set("state", state);
    c.set("settings", settingsOf(c.env));
    c.set("runtime", runtime);
    await next();
    c.header(TRACE_HEADER, state.traceId);
    logRequest(state, c.req.method, c.res.status);
  });
  app.use("*", cors());

  for (const { methods, path, handler } of ROUTES) app.on([...methods], path, handler);
  // Every other method on a known path: 405 with the methods the path takes.
  for (const [path, methods] of allowedMethods(ROUTES)) {
    app.all(path, (c) => {
      throw new ProxyError(405, `Method ${c.req.method.slice(0, 16)} is not allowed`, {
        headers: { allow: methods.join(", ") },
      });
    });
  }

  registerDropInRoutes(app);
  // Operators only (ADMIN_KEYS): warming's backfill, absent from the tenants' route table.
  registerAdminRoutes(app);

  // Hono calls the not-found handler outside its error handling: answer, don't throw.
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname.slice(0, 200);
    return errorResponse(
      new ProxyError(404, `No such resource: ${c.req.method.slice(0, 16)} ${path}`),
      c.get("state"),
    );
  });

  app.onError((error, c) => {
    const state = c.get("state") ?? newRequestState();
    if (error instanceof ProxyError) return errorResponse(error, state);
    // The one log line of an unexpected error, with its causes.
    logError(state.traceId, "unexpected error", error);
    return errorResponse(new ProxyError(500, "Internal error"), state);
  });

  return app;
}
