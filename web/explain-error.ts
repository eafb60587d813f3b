/**
 * Failures in plain words: what happened and what to do, for people who own campaigns
 * rather than for the proxy's operators. The proxy's own message and trace id follow.
 *
 * @module
 */
import { ApiError } from "./api.ts";

/** A failure explained. */
export interface Explained {
  /** What happened and what to do. */
  summary: string;
  /** The proxy's message and trace id, for support; empty when there is none. */
  detail: string;
  /** The key was refused: the page asks to sign in again. */
  signIn: boolean;
}

/**
 * Explains a failed call.
 *
 * @param error What the call threw.
 * @param accountId The account the view asked for.
 * @returns The explanation.
 */
export function explainError(error: unknown, accountId: string): Explained {
  if (!(error instanceof ApiError)) {
    return { summary: "Something went wrong in this page.", detail: String(error), signIn: false };
  }
  const trace = error.requestTraceId === null ? "" : ` (trace id ${error.requestTraceId})`;
  const detail = `The proxy said: ${error.message}${trace}`;
  const explained = (summary: string, signIn = false): Explained => ({
    summary,
    detail: error.status === 0 ? "" : detail,
    signIn,
  });
  switch (error.status) {
    case 0:
      return explained("The proxy could not be reached. Check the connection and try again.");
    case 401:
      return explained("The proxy key was not accepted. Check the key and sign in again.", true);
    case 403:
      return explained(
        `This key may not read account ${accountId}: it is not bound to that account. ` +
          "Choose the account the key belongs to, or sign in with another key.",
      );
    case 429: {
      const wait = error.retryAfterSeconds === null
        ? "in a moment"
        : `in ${Math.ceil(error.retryAfterSeconds)} seconds`;
      return explained(
        `LivePerson is limiting how fast this account can be read. Try again ${wait}.`,
      );
    }
    case 400:
      return explained(`The proxy cannot answer this view: ${error.message}.`);
    case 502:
    case 503:
    case 504:
      return explained(
        "LivePerson is not answering right now, and the proxy has no stored copy of this range. " +
          "Try again in a few minutes.",
      );
    default:
      return explained(`The proxy failed to answer (status ${error.status}).`);
  }
}
