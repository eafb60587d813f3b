// Real hangs for the Worker's fault matrix: the upstream never answers, and only the Worker's own
// 8 s timeout (worker/upstream/upstream.ts TIMEOUT_MS) ends the wait. Few requests, since each
// hung attempt costs 8 s of real time; they run while the rest of the matrix runs.
import { env as workerEnv } from "cloudflare:workers";
import { createApp } from "../../../worker/app.ts";
import type { Env } from "../../../worker/env.ts";
import { parseAnalyticsResponse } from "../../../lib/model/wire-to-responses.ts";
import { createSandbox } from "../../../lib/sandbox/mod.ts";
import { never, sameData, type SecretWatch } from "../node/fault-support.ts";
import { CALLERS, DAY_MS, errorAnswerProblem, TODAY, type Truth, VOLUME } from "./fault-support.ts";

/** What the real hangs showed. */
export interface RealHangResult {
  cases: number;
  exact: number;
  typed: number;
  problems: string[];
  notes: string;
}

/** Far from the matrix's days, so their cache entries never meet. */
const NOW = TODAY - 200 * DAY_MS + 12 * 3_600_000;
const DAY = TODAY - 210 * DAY_MS;

/**
 * Two analytics requests with real timers: account 10000001's first upstream attempt hangs
 * (the retry must answer the truth after ~8 s); every attempt for account 20000002 hangs
 * (a LivePerson-shaped 504 after 3 x 8 s).
 */
export async function realHangs(truth: Truth, secrets: SecretWatch): Promise<RealHangResult> {
  const sandbox = createSandbox({
    now: () => NOW,
    volume: VOLUME,
    rateLimit: Number.POSITIVE_INFINITY,
  });
  let firstHung = false;
  const app = createApp({
    now: () => NOW,
    upstream: async (request) => {
      secrets.recordAuthorization(request.headers.get("authorization"));
      const { pathname } = new URL(request.url);
      const reporting = pathname.includes("/analytics");
      const always = reporting && pathname.includes("/account/20000002/");
      const once = reporting && pathname.includes("/account/10000001/") && !firstHung;
      if (always || once) {
        firstHung ||= once;
        return await never(request.signal);
      }
      const response = await sandbox.fetch(request);
      if (pathname.endsWith("/token") && response.ok) {
        secrets.recordTokenAnswer(await response.clone().json());
      }
      return response;
    },
  });
  const env: Env = { ...(workerEnv as unknown as Env), RATE_LIMIT: "100000" };
  const call = async (caller: (typeof CALLERS)[number]) => {
    const started = Date.now();
    const response = await app.fetch(
      new Request(
        `http://proxy.test/api/account/${caller.accountId}/app/${caller.app}/analytics/` +
          `?attemptedStartTime=${DAY}&attemptedEndTime=${DAY + DAY_MS}`,
        { headers: caller.headers },
      ),
      env,
    );
    return { response, text: await response.text(), ms: Date.now() - started };
  };
  const [once, always] = await Promise.all([call(CALLERS[0]!), call(CALLERS[1]!)]);
  const problems: string[] = [];
  let exact = 0;
  let typed = 0;
  for (const { text, response } of [once, always]) {
    const leak = secrets.find(text + [...response.headers].join("\n"));
    if (leak !== null) problems.push(`real hang: secret ${leak} in an answer`);
  }
  if (once.response.status === 200) {
    const rows = parseAnalyticsResponse(JSON.parse(once.text), "current").rows;
    if (sameData(rows, truth.analytics(CALLERS[0]!, DAY, DAY + DAY_MS, "current", NOW))) {
      exact += 1;
    } else problems.push("real hang then retry: silently wrong answer");
  } else problems.push(`real hang then retry: status ${once.response.status}: ${once.text}`);
  if (once.ms < 7_500) problems.push(`real hang then retry: answered after ${once.ms} ms`);
  const problem = errorAnswerProblem(always.response, always.text);
  if (always.response.status !== 504 || problem !== null) {
    problems.push(`real hangs only: ${always.response.status} ${problem ?? always.text}`);
  } else typed += 1;
  return {
    cases: 2,
    exact,
    typed,
    problems,
    notes: `real timers: one hung attempt then the truth after ${
      Math.round(once.ms / 1000)
    } s; every attempt hung: ${always.response.status} after ${
      Math.round(always.ms / 1000)
    } s (3 attempts x 8 s, under the client's default timeoutMs of 30 s)`,
  };
}
