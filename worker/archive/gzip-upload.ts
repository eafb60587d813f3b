/**
 * Writes a stream of text to R2 gzipped, holding at most one upload part in memory: R2's `put`
 * of a stream needs its length ahead (cloudflare-platform-facts.md), which gzip output never
 * has, so the compressed bytes go up in equal parts of a multipart upload (R2 wants every part
 * but the last the same size), or in one `put` when they fit in one part.
 *
 * @module
 */

/** Size of each upload part but the last: R2's minimum for multipart parts. */
export const PART_BYTES = 5 * 1024 * 1024;

/**
 * Gzips the lines and stores them under `key`.
 * @param lines Text chunks, each written as it comes (no separator is added).
 * @returns The number of compressed bytes stored.
 * @throws When R2 fails or `lines` throws; a multipart upload begun is aborted.
 */
export async function putGzip(
  bucket: R2Bucket,
  key: string,
  lines: AsyncIterable<string>,
  options: { contentType: string; partBytes?: number },
): Promise<number> {
  const { contentType, partBytes = PART_BYTES } = options;
  const gzip = new CompressionStream("gzip");
  const writer = gzip.writable.getWriter();
  const encoder = new TextEncoder();
  const produce = (async () => {
    try {
      for await (const text of lines) await writer.write(encoder.encode(text));
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => undefined);
      throw error;
    }
  })();
  const upload = uploadParts(bucket, key, gzip.readable, { contentType, partBytes });
  const [produced, uploaded] = await Promise.allSettled([produce, upload]);
  if (produced.status === "rejected") throw produced.reason;
  if (uploaded.status === "rejected") throw uploaded.reason;
  return uploaded.value;
}

/** Uploads a byte stream in parts of `partBytes` (one `put` when it fits in one). */
async function uploadParts(
  bucket: R2Bucket,
  key: string,
  stream: ReadableStream<Uint8Array>,
  options: { contentType: string; partBytes: number },
): Promise<number> {
  const { contentType, partBytes } = options;
  const httpMetadata = { contentType };
  let buffer = new Uint8Array(partBytes);
  let filled = 0;
  let total = 0;
  let multipart: R2MultipartUpload | null = null;
  const parts: R2UploadedPart[] = [];
  try {
    for await (const chunk of stream) {
      let at = 0;
      while (at < chunk.byteLength) {
        const take = Math.min(chunk.byteLength - at, partBytes - filled);
        buffer.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        total += take;
        if (filled === partBytes) {
          multipart ??= await bucket.createMultipartUpload(key, { httpMetadata });
          parts.push(await multipart.uploadPart(parts.length + 1, buffer));
          buffer = new Uint8Array(partBytes);
          filled = 0;
        }
      }
    }
    if (multipart === null) {
      await bucket.put(key, buffer.subarray(0, filled), { httpMetadata });
      return total;
    }
    if (filled > 0) {
      parts.push(await multipart.uploadPart(parts.length + 1, buffer.subarray(0, filled)));
    }
    await multipart.complete(parts);
    return total;
  } catch (error) {
    await multipart?.abort().catch(() => undefined);
    throw error;
  }
}
