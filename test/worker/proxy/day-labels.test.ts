// When the upstream labels analytics days in another time zone than UTC ([INF] notes §1a), the
// proxy keeps every row: it relays the window as a unit instead of splitting it into UTC days.
import { describe, expect, it } from "vitest";
import { parseAnalyticsResponse } from "../../../lib/model/wire-to-responses.ts";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  harness,
  keyed,
  OAUTH1,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

describe("analytics days labelled in another time zone", () => {
  for (const dialect of ["current", "2.0"] as const) {
    it(`createApp() answers ${dialect} analytics equal to the upstream's, every row kept, for windows of 1 to 5 days`, async () => {
      const h = harness({ sandbox: { dayTimeZone: "America/New_York" } });
      const tenant = dialect === "current" ? OAUTH2 : OAUTH1;
      // The 2.0 dialect takes windows of 24 hours at most.
      const windows = dialect === "current"
        ? [[30, 1], [29, 2], [27, 5], [30, 1]] as const
        : [[30, 1], [29, 1], [27, 1], [30, 1]] as const;
      for (const [back, days] of windows) {
        const from = daysAgo(back);
        const to = from + days * DAY_MS;
        const path = reportPath(dialect, tenant.accountId, "analytics", from, to);
        const response = await h.call(path, { headers: keyed(tenant.key) });
        const body = await okJson(response);
        expect(body).toEqual(await directAnswer(h.oracle, dialect, path));
        expect(cacheStatusOf(response)).toMatch(/detail=day-labels/);
        const rows = parseAnalyticsResponse(body, dialect).rows;
        const attempted = rows.reduce((sum, row) => sum + row.attempted, 0);
        const truth = h.oracle.transactions({
          accountId: tenant.accountId,
          app: "prmsg",
          from,
          to,
        });
        expect(attempted).toBe(truth.length);
      }
    });
  }

  it("createApp() still stores UTC-labelled days: the same windows are hits the second time", async () => {
    const h = harness();
    const from = daysAgo(30);
    const path = reportPath("current", OAUTH2.accountId, "analytics", from, from + 2 * DAY_MS);
    await okJson(await h.call(path, { headers: keyed(OAUTH2.key) }));
    const again = await h.call(path, { headers: keyed(OAUTH2.key) });
    expect(cacheStatusOf(again)).toMatch(/; hit/);
  });
});
