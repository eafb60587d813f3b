import { Hono } from "hono";
import type { Dialect } from "../lib/model/canonical.ts";
import { errorBody, ProxyError } from "./http/proxy-error.ts";
import { logRequest } from "./log.ts";
import {
  type AppEnv,
  newRequestState,
  newRuntime,
  type RequestState,
  type Runtime,
} from "./request-state.ts";
import { EDGE_PREFIX, funnel, health, sandboxCounters } from "./routes/edge.ts";
import { docsPage, openApiJson } from "./routes/docs.ts";
import { transactionsExport } from "./routes/export.ts";
import { analyticsRoute, campaignRoute, transactionsRoute } from "./routes/reporting.ts";
import { settingsOf } from "./settings.ts";

/** Options of {@link createApp}, for tests: a fake clock and upstream. */
export interface AppOptions {
  /** The clock. @default Date.now */
  now?: () => number;
  /** The upstream's fetch. @default LivePerson, or the embedded sandbox when `UPSTREAM` is "sandbox" */
  upstream?: Runtime["upstream"];
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

/** The response header that carries the request's trace id (also in the body of errors and in the log). */
export const TRACE_HEADER = "x-request-trace-id";

/**
 * The proxy: LivePerson's reporting paths in both dialects (trailing slash optional), the
 * proxy's own routes under `/_edge`, and LivePerson's error body for everything else.
 */
export function createApp(options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  const runtime = newRuntime(options.now ?? (() => Date.now()), options.upstream);

  app.use("*", async (c, next) => {
    const state = newRequestState();
    c.set("state", state);
    c.set("settings", settingsOf(c.env));
    c.set("runtime", runtime);
    await next();
    c.header(TRACE_HEADER, state.traceId);
    logRequest(state, c.req.method, c.res.status);
  });

  const reporting = (prefix: string, dialect: Dialect) => {
    const base = `${prefix}/account/:accountId/app/:app`;
    app.on(["GET", "POST"], `${base}/analytics`, analyticsRoute(dialect));
    app.on(["GET", "POST"], `${base}/transactions`, transactionsRoute(dialect));
    app.get(`${base}/campaigns/:campaignId`, campaignRoute(dialect, false));
    app.get(`${base}/campaigns/:campaignId/analytics`, campaignRoute(dialect, true));
    for (
      const path of [
        "analytics",
        "transactions",
        "campaigns/:campaignId",
        "campaigns/:campaignId/analytics",
      ]
    ) {
      app.all(`${base}/${path}`, (c) => {
        throw new ProxyError(405, `Method ${c.req.method.slice(0, 16)} is not allowed`, {
          headers: { allow: path.startsWith("campaigns") ? "GET" : "GET, POST" },
        });
      });
    }
  };
  reporting("/api", "current");
  reporting("", "2.0");

  app.get(`${EDGE_PREFIX}/health`, health);
  app.get(`${EDGE_PREFIX}/sandbox/counters`, sandboxCounters);
  app.get(`${EDGE_PREFIX}/funnel/:accountId/:app`, funnel);
  for (const path of ["health", "sandbox/counters", "funnel/:accountId/:app"]) {
    app.all(`${EDGE_PREFIX}/${path}`, (c) => {
      throw new ProxyError(405, `Method ${c.req.method.slice(0, 16)} is not allowed`, {
        headers: { allow: "GET" },
      });
    });
  }

  // The contract and the interactive reference (openapi.json, Swagger UI from static assets).
  app.get(`${EDGE_PREFIX}/openapi.json`, openApiJson);
  app.get(`${EDGE_PREFIX}/docs`, docsPage);
  // Exports: any range of transactions as a CSV or NDJSON stream.
  app.get(`${EDGE_PREFIX}/export/:accountId/:app/transactions`, transactionsExport);
  for (const path of ["openapi.json", "docs", "export/:accountId/:app/transactions"]) {
    app.all(`${EDGE_PREFIX}/${path}`, (c) => {
      throw new ProxyError(405, `Method ${c.req.method.slice(0, 16)} is not allowed`, {
        headers: { allow: "GET" },
      });
    });
  }

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
    console.error(JSON.stringify({ traceId: state.traceId, error: String(error).slice(0, 500) }));
    return errorResponse(new ProxyError(500, "Internal error"), state);
  });

  return app;
}
