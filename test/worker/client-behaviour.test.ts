import { describe, it } from "vitest";
import { clientBehaviour } from "../shared/client-behaviour.ts";

describe("ReportingClient behaviour in workerd", () => {
  for (const { name, run } of clientBehaviour) it(name, run);
});
