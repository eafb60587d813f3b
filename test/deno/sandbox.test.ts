// The sandbox in Deno: the same module, unchanged, answering as in Node and workerd.
import assert from "node:assert/strict";
import { signOAuth1 } from "../../lib/auth/oauth1.ts";
import { analyticsFromTransactions } from "../../lib/funnel/aggregate.ts";
import type { AnalyticsRow } from "../../lib/model/canonical.ts";
import {
  parseAnalyticsResponse,
  parseTransactionsPage,
} from "../../lib/model/wire-to-responses.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";

const NOW = Date.UTC(2026, 10, 27, 12);
const DAY = 86_400_000;
const from = Math.floor(NOW / DAY) * DAY - 3 * DAY;
const times = `attemptedStartTime=${from}&attemptedEndTime=${from + DAY}`;

Deno.test("createSandbox() discovers the region and issues an AppJWT in Deno", async () => {
  const sandbox = createSandbox({ now: () => NOW, volume: 100 });
  const tenant = sandbox.tenants[2]!;
  const domain = await sandbox.fetch(
    `https://api.liveperson.net/api/account/${tenant.accountId}/service/sentinel/baseURI.json?version=1.0`,
  );
  const { baseURI } = await domain.json();
  assert.equal(baseURI, "sy.sentinel.liveperson.net");
  const token = await sandbox.fetch(
    `https://${baseURI}/sentinel/api/account/${tenant.accountId}/app/token?v=1.0&grant_type=client_credentials`,
    {
      method: "POST",
      body: new URLSearchParams({
        client_id: tenant.oauth2.clientId,
        client_secret: tenant.oauth2.clientSecret,
      }),
    },
  );
  const { access_token } = await token.json();
  const response = await sandbox.fetch(
    `https://sy.cx-reporting.liveperson.net/api/account/${tenant.accountId}/app/prmsg/transactions/?${times}`,
    { headers: { authorization: `Bearer ${access_token}` } },
  );
  assert.equal(response.status, 200);
  const page = parseTransactionsPage(await response.json(), "current");
  assert.ok(page.transactions.length > 50);
});

Deno.test("createSandbox() verifies OAuth 1.0a and agrees with itself in Deno", async () => {
  const sandbox = createSandbox({ now: () => NOW, volume: 100 });
  const tenant = sandbox.tenants[0]!;
  const base = `https://va.connect-to-messaging.liveperson.net/account/${tenant.accountId}/app/c2m`;
  const signed = async (url: string) => {
    const request = new Request(url);
    request.headers.set("authorization", await signOAuth1(request, tenant.oauth1, { now: NOW }));
    return sandbox.fetch(request);
  };
  const analytics = parseAnalyticsResponse(
    await (await signed(`${base}/analytics/?${times}`)).json(),
    "2.0",
  );
  const transactions = parseTransactionsPage(
    await (await signed(`${base}/transactions/?${times}&limit=9999`)).json(),
    "2.0",
  );
  assert.equal(transactions.page.nextOffset, null);
  // 2.0 transaction rows carry no skippedTime (liveperson-api-notes.md §1g): compare the rest.
  const withoutSkipped = ({ skipped: _, ...row }: AnalyticsRow) => row;
  assert.deepEqual(
    analytics.rows.map(withoutSkipped),
    analyticsFromTransactions(transactions.transactions).map(withoutSkipped),
  );
});
