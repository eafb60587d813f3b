import { errorBodyToWire } from "../../lib/model/error-body.ts";

/**
 * A failure the proxy answers in LivePerson's error shape `{ code, requestTraceId, message }`;
 * `cause` keeps what it was made from (never sent, only logged).
 */
export class ProxyError extends Error {
  override name = "ProxyError";
  readonly status: number;
  readonly code: number;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    options: { code?: number; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = options.code ?? 0;
    this.headers = options.headers ?? {};
  }
}

/** LivePerson's error body, with the request's trace id. */
export function errorBody(error: ProxyError, requestTraceId: string): string {
  return JSON.stringify(
    errorBodyToWire({ code: error.code, requestTraceId, message: error.message }),
  );
}
