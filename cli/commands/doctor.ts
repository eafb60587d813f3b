/**
 * `doctor`: checks the credentials, region discovery, the Sentinel token, one small call of
 * each operation, the paging of transactions, error bodies and rate-limit headers, then says
 * which of the sandbox's documented assumptions the API confirms or contradicts.
 *
 * @module
 */
import {
  type AuthOption,
  DAY_MS,
  type FetchLike,
  HOUR_MS,
  parseErrorBody,
  parseTransactionsPage,
  ReportingClient,
  signOAuth1,
  type Transaction,
} from "../../lib/mod.ts";
import type { Connection } from "../credentials.ts";
import { describeError } from "../describe-error.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";

/** What `doctor` runs with. */
export interface DoctorOptions {
  connection: Connection;
  dialect: "current" | "2.0";
  signal: AbortSignal;
  now: number;
  /** Writes one line of the report (stdout). */
  print: (line: string) => void;
}

interface Exchange {
  method: string;
  url: URL;
  status: number;
  headers: Headers;
  authorization: string | null;
}

type Verdict = "confirmed" | "contradicted" | "not checked";

function recording(inner: FetchLike, log: Exchange[]): FetchLike {
  return async (request) => {
    const authorization = request.headers.get("authorization");
    const response = await inner(request);
    log.push({
      method: request.method,
      url: new URL(request.url),
      status: response.status,
      headers: response.headers,
      authorization,
    });
    return response;
  };
}

function authKind(auth: AuthOption): string {
  if (typeof auth === "function") return "a custom signer";
  return {
    oauth2: "OAuth 2.0 client credentials (AppJWT from Sentinel)",
    oauth1: "OAuth 1.0a API keys",
    bearer: "a bearer token",
  }[auth.kind];
}

/**
 * Runs the checks and prints the report.
 * @returns The exit code: 0 when every check passes and no assumption is contradicted.
 */
export async function doctorCommand(options: DoctorOptions): Promise<ExitCode> {
  const { connection, dialect, signal, now, print } = options;
  const log: Exchange[] = [];
  const fetch = recording(connection.fetch ?? ((request) => globalThis.fetch(request)), log);
  const client = new ReportingClient({ ...connection, dialect, fetch, signal, now: () => now });
  let exitCode: ExitCode = EXIT.ok;
  const assumptions: [string, Verdict, string][] = [];
  const check = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await run();
      print(`✓ ${name}`);
      return value;
    } catch (error) {
      if (signal.aborted) throw error;
      const described = describeError(error);
      print(`✗ ${name}: ${described.message}`);
      if (exitCode === EXIT.ok) exitCode = described.exitCode;
      return undefined;
    }
  };

  print(`account ${connection.accountId}, app ${connection.app}, dialect ${dialect}`);
  print(`credentials: ${authKind(connection.auth)}`);
  const to = Math.floor((now - DAY_MS) / HOUR_MS) * HOUR_MS;
  const rows = await check(
    "account analytics (1 day)",
    () => client.accountAnalytics({ from: to - DAY_MS, to, signal }),
  );
  const domain = log.find((e) => e.url.pathname.includes("/baseURI"));
  if (connection.baseUrl === undefined) {
    print(
      domain?.status === 200
        ? `✓ region discovery: ${domain.url.host} answered; reporting host ${
          log.find((e) => e.url.pathname.includes("/analytics"))?.url.host ?? "?"
        }`
        : `✗ region discovery: no answer from the Domain API`,
    );
  }
  if (typeof connection.auth !== "function" && connection.auth.kind === "oauth2") {
    const token = log.find((e) => e.url.host.includes("sentinel"));
    print(
      token?.status === 200
        ? `✓ Sentinel token: ${token.url.host} issued an AppJWT`
        : `✗ Sentinel token: ${token === undefined ? "not requested" : `status ${token.status}`}`,
    );
    assumptions.push([
      "Sentinel issues an AppJWT for client credentials",
      token?.status === 200 ? "confirmed" : "contradicted",
      token?.url.host ?? "",
    ]);
  }
  if (rows !== undefined) print(`  ${rows.length} analytics rows`);

  const sample = await check(
    "transactions (1 hour)",
    () => client.transactions({ from: to - HOUR_MS, to, signal }).toArray(),
  );
  if (sample !== undefined) print(`  ${sample.length} transactions`);
  await check(
    "opt-outs (1 hour)",
    () => client.optOuts({ from: to - HOUR_MS, to, signal }).toArray(),
  );
  const campaignId = sample?.find((tx: Transaction) => tx.proactiveCampaignId !== null)
    ?.proactiveCampaignId;
  if (campaignId === undefined || campaignId === null) {
    print("- campaign calls: no campaign in the sample hour, skipped");
  } else {
    await check(
      `campaign analytics (campaign ${campaignId})`,
      () => client.campaignAnalytics(campaignId, { signal }),
    );
    await check(
      `campaign report (campaign ${campaignId})`,
      () => client.campaignReport(campaignId, { signal }).toArray({ limit: 5 }),
    );
  }

  const txExchange = log.findLast((e) => e.url.pathname.endsWith("/transactions/"));
  if (txExchange !== undefined) {
    const raw = async (params: Record<string, string>): Promise<Response> => {
      const url = new URL(txExchange.url);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      const request = new Request(url, { signal });
      const auth = connection.auth;
      if (typeof auth !== "function" && auth.kind === "oauth1") {
        request.headers.set("authorization", await signOAuth1(request, auth));
      } else if (txExchange.authorization !== null) {
        request.headers.set("authorization", txExchange.authorization);
      }
      return fetch(request);
    };
    const start = Number(txExchange.url.searchParams.get("attemptedStartTime"));
    const end = start + HOUR_MS;
    const window = { attemptedStartTime: String(start), attemptedEndTime: String(end) };
    await check("paging of transactions (limit and offset)", async () => {
      const first = parseTransactionsPage(
        await (await raw({ ...window, limit: "2" })).json(),
        dialect,
      );
      const second = parseTransactionsPage(
        await (await raw({ ...window, limit: "2", offset: "2" })).json(),
        dialect,
      );
      const lengthOk = first.transactions.length <= 2;
      const advances = second.page.currentOffset === 2 &&
        second.transactions[0]?.transactionId !== first.transactions[0]?.transactionId;
      const enough = first.page.nextOffset !== null;
      assumptions.push([
        "`limit` sets the page length (1..9999, default 1000)",
        lengthOk ? "confirmed" : "contradicted",
        `limit=2 gave ${first.transactions.length} rows`,
      ]);
      assumptions.push([
        "`offset` advances a page; `nextOffset` is -1 on the last page",
        !enough ? "not checked" : advances ? "confirmed" : "contradicted",
        enough ? `offset=2 gave currentOffset ${second.page.currentOffset}` : "one page only",
      ]);
    });
    await check("error body of a refused request (window over 24 hours)", async () => {
      const response = await raw({
        attemptedStartTime: String(start),
        attemptedEndTime: String(start + 2 * DAY_MS),
      });
      const body = parseErrorBody(await response.json());
      assumptions.push([
        "a window over 24 hours is a 400 with { code, requestTraceId, message }",
        response.status === 400 ? "confirmed" : "contradicted",
        `status ${response.status}, code ${body.code}`,
      ]);
    });
  }
  const rateHeaders = [
    ...new Set(
      log.flatMap((e) => [...e.headers.keys()].filter((h) => /rate-?limit|retry-after/i.test(h))),
    ),
  ];
  assumptions.push([
    "no rate-limit headers on success (LivePerson documents none)",
    rateHeaders.length === 0 ? "confirmed" : "contradicted",
    rateHeaders.length === 0 ? `${log.length} responses seen` : `saw ${rateHeaders.join(", ")}`,
  ]);

  print("");
  print("The sandbox's assumptions against this API:");
  for (const [assumption, verdict, evidence] of assumptions) {
    print(`  ${verdict.padEnd(12)} ${assumption}${evidence === "" ? "" : ` (${evidence})`}`);
  }
  if (exitCode === EXIT.ok && assumptions.some(([, verdict]) => verdict === "contradicted")) {
    print("Some assumptions are contradicted: please report this output.");
    return EXIT.validation;
  }
  return exitCode;
}
