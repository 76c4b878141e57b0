import { createTestHarness } from "@x/testing";
import { describe, expect, it } from "vitest";
import plugin from "../src/plugin.js";

describe("greet", () => {
  it("greets the person it is given", async () => {
    const harness = createTestHarness(plugin);
    try {
      const result = await harness.invokeTool({
        provider: "__PROVIDER__",
        tool: "greet",
        parameters: { name: "Ada" },
      });
      expect(result.error).toBeNull();
      expect(result.text).toBe("Hello, Ada!");
    } finally {
      await harness.close();
    }
  });
});
