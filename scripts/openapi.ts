/**
 * Writes `openapi.json` from the zod/mini schemas (`scripts/openapi/document.ts`):
 * `npx deno run --allow-read --allow-write=openapi.json scripts/openapi.ts` (`npm run openapi`).
 * `npm test` fails when the committed file differs from what this writes.
 *
 * @module
 */
import { openApiDocument } from "./openapi/document.ts";
import { serializeDocument } from "./openapi/serialize-document.ts";

await Deno.writeTextFile(
  new URL("../openapi.json", import.meta.url),
  serializeDocument(await openApiDocument()),
);
