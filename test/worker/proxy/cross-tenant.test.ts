// Cross-tenant: a key bound to one account never obtains another account's data, cached or not.
import { describe, expect, it } from "vitest";
import { DAY_MS, daysAgo, harness, keyed, OAUTH1, OAUTH2, okJson, quietLogs } from "./support.ts";

quietLogs();

const OWN = OAUTH2.accountId; // the attacker's key is bound to 10000001
const VICTIM = OAUTH1.accountId; // 20000002

/** Paths that try to reach the victim's `tail` (e.g. `app/prmsg/analytics/`) under `prefix`. */
function variants(prefix: string, tail: string): string[] {
  const p = prefix;
  return [
    `${p}/account/${VICTIM}/${tail}`,
    `${p}/account/${VICTIM}%2F/${tail}`,
    `${p}/account/${OWN}%2F..%2F${VICTIM}/${tail}`,
    `${p}/account/${OWN}%2f%2e%2e%2f${VICTIM}/${tail}`,
    `${p}/account/${OWN}/..%2F${VICTIM}/${tail}`,
    `${p}/account/${OWN}/../${VICTIM}/${tail}`,
    `${p}/account/${OWN}/%2E%2E/${VICTIM}/${tail}`,
    `${p}/account/${OWN}/..\\${VICTIM}/${tail}`,
    `${p}/account/${OWN}/${tail.replace(/[^/]+\/?$/, "")}../../../account/${VICTIM}/${tail}`,
    `/${p}/account/${VICTIM}/${tail}`,
    `${p}//account/${VICTIM}/${tail}`,
    `${p}/account//${VICTIM}/${tail}`,
    `${p}/account/${VICTIM}//${tail}`,
    `${p}/account/${VICTIM}/${tail.replace(/\/$/, "")}//`,
    `${p.toUpperCase()}/ACCOUNT/${VICTIM}/${tail.toUpperCase()}`,
    `${p}/Account/${VICTIM}/${tail}`,
    `${p}/account/${VICTIM}./${tail}`,
    `${p}/account/${VICTIM}../${tail}`,
    `${p}/account/${VICTIM}%2E/${tail}`,
    `${p}/account/0${VICTIM}/${tail}`,
    `${p}/account/+${VICTIM}/${tail}`,
    `${p}/account/${VICTIM}%00/${tail}`,
    `${p}/account/${VICTIM}%20/${tail}`,
    `${p}/account/%20${VICTIM}/${tail}`,
    `${p}/account/${VICTIM}%0A/${tail}`,
    `${p}/account/${"%32%30%30%30%30%30%30%32"}/${tail}`,
    `${p}/account/${OWN},${VICTIM}/${tail}`,
    `${p}/account/${OWN};${VICTIM}/${tail}`,
    `${p}/account/${OWN}%3B${VICTIM}/${tail}`,
    `${p}/account/${OWN}%7C${VICTIM}/${tail}`,
    `${p}/account/${VICTIM}?account=${OWN}&x=/${tail}`,
    `${p}/account/${OWN}/app/prmsg%2F..%2F..%2F${VICTIM}%2Fapp%2Fprmsg/${tail.split("/")[2]}/`,
    `${p}/account/${OWN}/${tail}%2F..%2F..%2F..%2Faccount%2F${VICTIM}%2F${tail}`,
    `${p}/account/${OWN}/${tail}../../../../account/${VICTIM}/${tail}`,
    `${p}/account/${VICTIM}#/${tail}`,
  ];
}

function withWindow(path: string, day: number): string {
  const [base, query] = path.split("?");
  const params = new URLSearchParams(query);
  params.set("attemptedStartTime", String(day));
  params.set("attemptedEndTime", String(day + DAY_MS));
  return `${base}?${params}`;
}

/** Facts that only the victim's data carries. */
interface Fingerprint {
  transactionIds: string[];
  analyticsJson: string;
}

async function victimData(h: ReturnType<typeof harness>, day: number): Promise<Fingerprint> {
  const headers = keyed(OAUTH1.key);
  const analytics = await okJson(
    await h.call(withWindow(`/api/account/${VICTIM}/app/prmsg/analytics/`, day), { headers }),
  );
  const transactions = await okJson(
    await h.call(withWindow(`/api/account/${VICTIM}/app/prmsg/transactions/`, day), { headers }),
  );
  await okJson(
    await h.call(withWindow(`/account/${VICTIM}/app/prmsg/analytics/`, day), { headers }),
  );
  await okJson(
    await h.call(withWindow(`/account/${VICTIM}/app/prmsg/transactions/`, day), { headers }),
  );
  const ids = (transactions["transactions"] as { transactionId: string }[]).map((t) =>
    t.transactionId
  );
  expect(ids.length).toBeGreaterThan(0);
  return { transactionIds: ids, analyticsJson: JSON.stringify(analytics["analytics"]) };
}

/** Tries every variant with the attacker's key (in both headers) and checks nothing leaks. */
async function attack(
  h: ReturnType<typeof harness>,
  day: number,
  fingerprint: Fingerprint,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  const paths = ["/api", ""].flatMap((prefix) =>
    ["app/prmsg/analytics/", "app/prmsg/transactions/", "app/c2m/transactions/"].flatMap((tail) =>
      variants(prefix, tail)
    )
  );
  paths.push(`/_edge/funnel/${VICTIM}/prmsg?from=${day}&to=${day + DAY_MS - 1}&groupBy=day`);
  for (const path of paths) {
    for (
      const headers of [
        keyed(OAUTH2.key),
        keyed(OAUTH2.key, "x-api-key"),
        { "x-api-key": OAUTH2.key, authorization: `Bearer ${OAUTH1.key}` },
      ]
    ) {
      const response = await h.call(path.includes("?") ? path : withWindow(path, day), {
        headers,
      });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `${path} -> ${text}`).toBeLessThan(500);
      expect(text, path).not.toContain(`"accountId":"${VICTIM}"`);
      for (const id of fingerprint.transactionIds) expect(text, path).not.toContain(id);
      if (fingerprint.analyticsJson.length > 2) {
        expect(text, path).not.toContain(fingerprint.analyticsJson);
      }
      if (response.status === 200) {
        expect(JSON.parse(text)["requestMetadata"]?.["accountId"] ?? JSON.parse(text)["accountId"])
          .toBe(OWN);
      }
    }
  }
  return statuses;
}

describe("cross-tenant isolation", { timeout: 30_000 }, () => {
  it("createApp() never serves a cached window of another account to a key, whatever the path", async () => {
    const h = harness();
    const day = daysAgo(9);
    const fingerprint = await victimData(h, day);
    const victimCalls = h.sandbox.counters().byAccount[VICTIM];
    const statuses = await attack(h, day, fingerprint);
    // Nothing was asked of the upstream for the victim on the attacker's behalf.
    expect(h.sandbox.counters().byAccount[VICTIM]).toBe(victimCalls);
    expect(statuses.get(403)).toBeGreaterThan(0);
    // The attacker's own account still works: the test could have seen data.
    const own = await okJson(
      await h.call(withWindow(`/api/account/${OWN}/app/prmsg/transactions/`, day), {
        headers: keyed(OAUTH2.key),
      }),
    );
    expect((own["transactions"] as unknown[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(own)).not.toContain(fingerprint.transactionIds[0]);
  });

  it("createApp() never fetches another account's uncached window for a key, whatever the path", async () => {
    const h = harness();
    const day = daysAgo(10);
    // Learn the victim's ids from the oracle, without warming the proxy's cache.
    const truth = h.oracle.transactions({
      accountId: VICTIM,
      app: "prmsg",
      from: day,
      to: day + DAY_MS,
    });
    const statuses = await attack(h, day, {
      transactionIds: truth.map((tx) => tx.transactionId),
      analyticsJson: "[]",
    });
    expect(h.sandbox.counters().byAccount[VICTIM]).toBeUndefined();
    expect(statuses.get(403)).toBeGreaterThan(0);
    // Then the victim warms that day: the attacker still gets nothing.
    const fingerprint = await victimData(h, day);
    await attack(h, day, fingerprint);
  });

  it("createApp() keeps an account's windows apart per app and per account in the cache", async () => {
    const h = harness();
    const day = daysAgo(11);
    const prmsg = await okJson(
      await h.call(withWindow(`/api/account/${OWN}/app/prmsg/transactions/`, day), {
        headers: keyed(OAUTH2.key),
      }),
    );
    const c2m = await okJson(
      await h.call(withWindow(`/api/account/${OWN}/app/c2m/transactions/`, day), {
        headers: keyed(OAUTH2.key),
      }),
    );
    expect(c2m["transactions"]).not.toEqual(prmsg["transactions"]);
    expect(h.reportingCalls().length).toBe(2);
    const victim = await okJson(
      await h.call(withWindow(`/api/account/${VICTIM}/app/prmsg/transactions/`, day), {
        headers: keyed(OAUTH1.key),
      }),
    );
    expect(victim["transactions"]).not.toEqual(prmsg["transactions"]);
    expect(h.reportingCalls().length).toBe(3);
  });
});
