/**
 * A request refused before it is answered: the HTTP status to answer (400, 413, ...) and a
 * message safe to send in LivePerson's error body. The request parser shared by the sandbox
 * and the proxy throws it; each answers it in its own error response.
 */
export class InvalidRequestError extends Error {
  override name = "InvalidRequestError";
  /** The HTTP status of the answer. */
  readonly status: number;

  /**
   * @param status The HTTP status of the answer.
   * @param message What is wrong with the request, safe to send to its caller.
   */
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
