/**
 * The sandbox as a Worker of its own, for `npm run bench:memory`: bound to the proxy as its
 * `SANDBOX` service, the upstream runs in another isolate (as LivePerson does), so the proxy
 * isolate's heap is the proxy's own. Configured by the same `SANDBOX_*` vars as the embedded one.
 *
 * @module
 */
import { sandboxOptionsOf, type SandboxVars } from "../../worker/upstream/sandbox-options.ts";
import { embeddedSandbox, SANDBOX_COUNTERS_URL } from "../../worker/upstream/upstream-fetch.ts";

export default {
  fetch(request: Request, env: SandboxVars): Promise<Response> | Response {
    const sandbox = embeddedSandbox(sandboxOptionsOf(env));
    if (request.url === SANDBOX_COUNTERS_URL) return Response.json(sandbox.counters());
    return sandbox.fetch(request);
  },
};
