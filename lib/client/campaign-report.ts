import { ValidationError } from "../errors/validation-error.ts";
import type { ConsumerReportEntry } from "../model/canonical.ts";
import { parseCampaignReport } from "../model/wire-to-responses.ts";
import type { ClientContext } from "./context.ts";
import { Paginated } from "./paginated.ts";

/**
 * The per-consumer report of one Proactive campaign, page by page (`offset` [INF]).
 * @throws {TypeError} at once when the campaign id is empty.
 */
export function campaignReport(
  context: ClientContext,
  campaignId: string,
  signal?: AbortSignal,
): Paginated<ConsumerReportEntry> {
  checkCampaignId(campaignId);
  return new Paginated(async function* () {
    const base = await context.baseUrl(signal);
    const progress = context.progress(1);
    let offset = 0;
    for (;;) {
      const page = await context.transport.json({
        method: "GET",
        url: context.url(
          base,
          `campaigns/${encodeURIComponent(campaignId)}/`,
          offset > 0 ? { offset: String(offset) } : {},
          "prmsg",
        ),
        limiterKey: context.limiterKey(base, "campaignReport"),
        signal,
      }, (json) => parseCampaignReport(json, context.dialect));
      progress.addRows(page.entries.length);
      yield* page.entries;
      const next = page.page.nextOffset;
      if (next === null) break;
      if (next <= offset) {
        throw new ValidationError(
          `Cannot page the campaign report as nextOffset does not advance: ${offset} -> ${next}`,
          {
            issues: [],
          },
        );
      }
      offset = next;
    }
    progress.windowDone(0);
  });
}

/**
 * Checks a campaign id.
 * @throws {TypeError} when it is not a non-empty string.
 */
export function checkCampaignId(campaignId: unknown): asserts campaignId is string {
  if (typeof campaignId !== "string" || campaignId.trim() === "") {
    throw new TypeError(
      `Cannot query a campaign as the id is not a non-empty string: ${JSON.stringify(campaignId)}`,
    );
  }
}
