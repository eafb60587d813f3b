import { createSandbox } from "../lib/sandbox/mod.ts";

let sandbox: ReturnType<typeof createSandbox> | undefined;

/** Local entry: serves the sandbox upstream on the real paths until the proxy exists. */
export default {
  fetch(request: Request): Promise<Response> {
    sandbox ??= createSandbox();
    return sandbox.fetch(request);
  },
};
