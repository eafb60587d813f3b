// The Worker started like `npm start` (test/reliability/server/harness.mjs, plain JavaScript
// without types): a typed wrapper for the browser runs.

/** A running `wrangler dev`. */
export interface DevServer {
  /** E.g. `http://127.0.0.1:40123`. */
  base: string;
  /** stdout and stderr so far. */
  log(): string;
  /** Stops its whole process group. */
  stop(): Promise<unknown>;
}

interface Harness {
  freePort(): Promise<number>;
  tempDir(prefix: string): string;
  startServer(options: { port: number; persistDir: string; logDir: string }): Promise<DevServer>;
}

/**
 * Starts the Worker on a free port with fresh state, in its own process group.
 *
 * @returns The server; stop it in `afterAll`.
 */
export async function startDevServer(): Promise<DevServer> {
  // A computed specifier: the harness has no type declarations of its own.
  const specifier = new URL("../reliability/server/harness.mjs", import.meta.url).href;
  const harness = (await import(specifier)) as Harness;
  return await harness.startServer({
    port: await harness.freePort(),
    persistDir: harness.tempDir("dashboard-state-"),
    logDir: harness.tempDir("dashboard-log-"),
  });
}
