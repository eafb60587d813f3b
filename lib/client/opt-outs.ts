import type { Channel } from "../model/canonical.ts";
import type { ClientContext } from "./context.ts";
import { Paginated } from "./paginated.ts";
import type { RangeQuery } from "./query.ts";
import { transactions } from "./transactions.ts";

/** A consumer who opted out in reply to a message. */
export interface OptOut {
  consumerId: string | null;
  channel: Channel;
  /** When the opt-out happened, epoch milliseconds. */
  optOutTime: number;
}

/**
 * Every opt-out in reply to the messages attempted in a range, from transactions: the
 * opt-out report LivePerson says it cannot produce (reporting-api-2.0.md, limitations).
 * The opt-out itself may come after the range.
 */
export function optOuts(context: ClientContext, query: RangeQuery): Paginated<OptOut> {
  const source = transactions(context, query);
  return new Paginated(async function* () {
    for await (const tx of source) {
      if (tx.optOutsTime !== null) {
        yield { consumerId: tx.consumerId, channel: tx.channel, optOutTime: tx.optOutsTime };
      }
    }
  });
}
