// One request-parameter parser (lib/model/wire-to-request-params.ts) serves the sandbox and the
// proxy: on a corpus of good and bad windows, filters, bodies and paging, in both dialects, the
// proxy answers what the sandbox answers directly — the same status, the same message in
// LivePerson's error body, the same JSON when it is a 200.
import { describe, expect, it } from "vitest";
import { reportingHost } from "../../../lib/hosts.ts";
import type { Dialect } from "../../../lib/model/canonical.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import { DAY_MS, daysAgo, harness, keyed, OAUTH2, quietLogs, T0 } from "./support.ts";

quietLogs();

type Op = "analytics" | "transactions";

interface Case {
  name: string;
  op: Op;
  dialect: Dialect;
  /** The query after the window (or instead of it, with `window: false`). */
  query: string;
  /** A JSON body text, sent by POST. */
  body?: string;
  /** The query replaces the window. */
  noWindow?: boolean;
  /** The status both answer. */
  status: number;
}

const FROM = daysAgo(6);
const TO = FROM + DAY_MS;
const WINDOW = `attemptedStartTime=${FROM}&attemptedEndTime=${TO}`;

const both = (
  name: string,
  op: Op,
  query: string,
  status: number,
  extra: Partial<Case> = {},
): Case[] =>
  (["current", "2.0"] as const).map((dialect) => ({
    name: `${dialect} ${op}: ${name}`,
    op,
    dialect,
    query,
    status,
    ...extra,
  }));

const windowCases = (op: Op): Case[] =>
  (["current", "2.0"] as const).flatMap((dialect) =>
    ([
      ["no times", "", 400],
      ["no end", `attemptedStartTime=${FROM}`, 400],
      ["letters", `attemptedStartTime=abc&attemptedEndTime=${TO}`, 400],
      ["a fractional start", `attemptedStartTime=${FROM}.5&attemptedEndTime=${TO}`, 400],
      ["a negative start", `attemptedStartTime=-1&attemptedEndTime=${TO}`, 400],
      ["an exponent", `attemptedStartTime=1.7e12&attemptedEndTime=${TO}`, 400],
      ["17 digits", `attemptedStartTime=${FROM}&attemptedEndTime=12345678901234567`, 400],
      ["swapped times", `attemptedStartTime=${TO}&attemptedEndTime=${FROM}`, 400],
      ["equal times", `attemptedStartTime=${FROM}&attemptedEndTime=${FROM}`, 400],
      // LP: transactions <= 24 h; analytics <= 60 days, 24 h in 2.0 (notes §1g).
      [
        "over 24 h",
        `attemptedStartTime=${FROM}&attemptedEndTime=${TO + 1}`,
        op === "analytics" && dialect === "current" ? 200 : 400,
      ],
      [
        "beyond the retention",
        `attemptedStartTime=${T0 - 400 * DAY_MS}&attemptedEndTime=${T0 - 399 * DAY_MS}`,
        400,
      ],
    ] as const).map(([name, query, status]): Case => ({
      name: `${dialect} ${op}: ${name}`,
      op,
      dialect,
      query,
      noWindow: true,
      status,
    }))
  );

const CORPUS: Case[] = [
  // Good.
  ...both("no filters", "analytics", "", 200),
  ...both("no filters", "transactions", "", 200),
  ...both("channels in the query, any case", "transactions", "&channels=SMS,wa", 200),
  ...both("repeated skills", "analytics", "&skills=billing&skills=sales", 200),
  ...both("paging", "transactions", "&limit=5&offset=2", 200),
  ...both("a blank body", "transactions", "", 200, { body: "  " }),
  ...both("an empty object", "transactions", "", 200, { body: "{}" }),
  ...both("a body of filters", "transactions", "&channels=wa", 200, {
    body: '{"channels":["sms"],"skills":["billing"]}',
  }),
  ...both("a body of filters", "analytics", "", 200, {
    body: '{"filters":{"channels":["inapp","SMS"]}}',
  }),
  {
    name: "current transactions: status and handoff filters",
    op: "transactions",
    dialect: "current",
    query: "&messagestatus=read&handoffids=H-1",
    status: 200,
  },
  {
    name: "current transactions: statuses in the body",
    op: "transactions",
    dialect: "current",
    query: "",
    body: '{"messagestatus":["DELIVERED"]}',
    status: 200,
  },
  // Bad windows.
  ...windowCases("analytics"),
  ...windowCases("transactions"),
  // Bad bodies.
  ...both("invalid JSON", "transactions", "", 400, { body: '{"channels":' }),
  ...both("an array", "analytics", "", 400, { body: "[1,2]" }),
  ...both("a number", "transactions", "", 400, { body: "42" }),
  ...both("null", "analytics", "", 400, { body: "null" }),
  ...both("channels not a list", "transactions", "", 400, { body: '{"channels":"sms"}' }),
  ...both("skills of numbers", "analytics", "", 400, { body: '{"filters":{"skills":[1]}}' }),
  ...both("filters not an object", "analytics", "", 400, { body: '{"filters":5}' }),
  ...both("an unknown filter", "transactions", "", 400, { body: '{"colour":["red"]}' }),
  ...both("a flat analytics body", "analytics", "", 400, { body: '{"channels":["sms"]}' }),
  ...both("a status filter", "analytics", "", 400, {
    body: '{"filters":{"messagestatus":["READ"]}}',
  }),
  // Filters an operation or dialect lacks.
  ...both("a status filter in the query", "analytics", "&messagestatus=READ", 400),
  ...both("a handoff filter in the query", "analytics", "&handoffids=H-1", 400),
  ...both("a source filter", "transactions", "&source=API", 400),
  {
    name: "current analytics: a handoff filter in the body",
    op: "analytics",
    dialect: "current",
    query: "",
    body: '{"filters":{"handoffids":["H-1"]}}',
    status: 400,
  },
  {
    name: "current transactions: a source filter in the body",
    op: "transactions",
    dialect: "current",
    query: "",
    body: '{"source":["API"]}',
    status: 400,
  },
  {
    name: "2.0 transactions: a status filter in the query",
    op: "transactions",
    dialect: "2.0",
    query: "&messagestatus=READ",
    status: 400,
  },
  {
    name: "2.0 transactions: a status filter in the body",
    op: "transactions",
    dialect: "2.0",
    query: "",
    body: '{"messagestatus":["READ"]}',
    status: 400,
  },
  // Bad paging.
  ...both("a zero limit", "transactions", "&limit=0", 400),
  ...both("a limit over 9999", "transactions", "&limit=10000", 400),
  ...both("a negative offset", "transactions", "&offset=-1", 400),
  ...both("a fractional offset", "transactions", "&offset=1.5", 400),
];

function pathOf(c: Case): string {
  const prefix = c.dialect === "current" ? "/api" : "";
  const query = c.noWindow === true ? c.query : `${WINDOW}${c.query}`;
  return `${prefix}/account/${OAUTH2.accountId}/app/prmsg/${c.op}/?${query}`;
}

function initOf(c: Case, headers: HeadersInit): RequestInit {
  return c.body === undefined
    ? { headers }
    : { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: c.body };
}

describe("one request-parameter parser for the sandbox and the proxy", () => {
  const h = harness();
  const tenant = DEMO_TENANTS.find((t) => t.accountId === OAUTH2.accountId)!;

  it("the corpus holds good and bad requests of both operations and dialects", () => {
    const kinds = new Set(CORPUS.map((c) => `${c.dialect} ${c.op} ${c.status === 200}`));
    expect(kinds.size).toBe(8);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))(
    "%s: the proxy answers what the sandbox answers",
    async (_name, c) => {
      const path = pathOf(c);
      const proxied = await h.call(path, initOf(c, keyed(OAUTH2.key)));
      const direct = await h.oracle.fetch(
        `https://${reportingHost(tenant.region, c.dialect)}${path}`,
        initOf(c, { authorization: `Bearer ${tenant.bearer}` }),
      );
      expect(direct.status, "the sandbox").toBe(c.status);
      expect(proxied.status, "the proxy").toBe(c.status);
      const [proxiedBody, directBody] = [await proxied.json(), await direct.json()] as Record<
        string,
        unknown
      >[];
      if (c.status === 200) {
        expect(proxiedBody).toEqual(directBody);
      } else {
        expect(proxiedBody!["message"]).toBe(directBody!["message"]);
        expect(proxiedBody!["code"]).toBe(0);
      }
    },
  );
});
