// requestMetadata echoes the filters of the request being answered, whichever caller filled
// the cache (the answers cache keys filters sorted; the echo is the caller's own).
import { describe, expect, it } from "vitest";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  harness,
  keyed,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

describe("echoed filters", () => {
  it("createApp() echoes each caller's filters as given, in its order and status case", async () => {
    const h = harness();
    const day = daysAgo(33);
    const paths = [["sms,wa", "DELIVERED"], ["wa,sms", "DELIVERED"], ["wa,sms", "delivered"]].map((
      [channels, messagestatus],
    ) =>
      reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
        query: { channels: channels!, messagestatus: messagestatus! },
      })
    );
    for (const path of paths) {
      const response = await h.call(path, { headers: keyed(OAUTH2.key) });
      expect(await okJson(response), path).toEqual(await directAnswer(h.oracle, "current", path));
    }
    // Asked again, each is its own cached answer.
    for (const path of paths) {
      const response = await h.call(path, { headers: keyed(OAUTH2.key) });
      expect(cacheStatusOf(response)).toMatch(/; hit/);
      expect(await okJson(response)).toEqual(await directAnswer(h.oracle, "current", path));
    }
  });
});
