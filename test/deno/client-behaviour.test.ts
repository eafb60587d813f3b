import { clientBehaviour } from "../shared/client-behaviour.ts";

for (const { name, run } of clientBehaviour) Deno.test(`ReportingClient in Deno: ${name}`, run);
