/**
 * A `ReadableStream` of UTF-8 bytes from string chunks, pulled on demand: the body of an
 * export response, with backpressure, that stops the source when the reader goes away.
 *
 * @param chunks The text, e.g. from `transactionsToCsv()`.
 * @returns A byte stream; cancelling it calls the source iterator's `return()`, which for the
 * client's `Paginated` aborts the requests in flight.
 * @example
 * ```ts
 * import { toByteStream } from "./byte-stream.ts";
 * const body = toByteStream(["a,b\r\n", "1,2\r\n"]);
 * console.log(await new Response(body).text()); // "a,b\r\n1,2\r\n"
 * ```
 */
export function toByteStream(
  chunks: AsyncIterable<string> | Iterable<string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<string> | Iterator<string> | undefined;
  return new ReadableStream<Uint8Array>({
    start() {
      iterator = Symbol.asyncIterator in chunks
        ? chunks[Symbol.asyncIterator]()
        : chunks[Symbol.iterator]();
    },
    async pull(controller) {
      const next = await iterator!.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator?.return?.();
    },
  });
}
