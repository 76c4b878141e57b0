import { readFileSync } from "node:fs";
import { createTestHarness, MockDify } from "@x/testing";
import { describe, expect, it } from "vitest";
import { plugin } from "../examples/root-readme-plugin.js";

const root = new URL("../../../", import.meta.url);

/** The first fenced block of `lang` after `marker` in a README. */
function block(readme: string, marker: string, lang = "ts"): string {
  const text = readFileSync(new URL(readme, root), "utf8");
  const from = text.indexOf(marker);
  if (from === -1) throw new Error(`${readme}: no "${marker}"`);
  const start = text.indexOf(`\`\`\`${lang}\n`, from);
  const end = text.indexOf("\n```", start + 1);
  return text.slice(start + lang.length + 4, end + 1);
}

describe("README examples are the files that are type-checked and tested", () => {
  it("root README: the plugin in a few lines", () => {
    const file = readFileSync(
      new URL("examples/root-readme-plugin.ts", import.meta.url.replace(/test\/[^/]+$/, "")),
      "utf8",
    );
    expect(block("README.md", "## A plugin in a few lines")).toBe(file);
  });

  it("packages/testing README: the complete unit test", () => {
    const file = readFileSync(new URL("../examples/testing-readme.test.ts", import.meta.url), "utf8");
    expect(block("packages/testing/README.md", "## A complete unit test")).toBe(file);
  });

  it("packages/testing README: record and replay", () => {
    const file = readFileSync(new URL("../examples/testing-replay.test.ts", import.meta.url), "utf8");
    expect(block("packages/testing/README.md", "## Record and replay")).toBe(file);
  });

  it("packages/cli README: replaying what x-plugin dev --record wrote", () => {
    const file = readFileSync(new URL("packages/cli/test/record-readme.test.ts", root), "utf8");
    expect(block("packages/cli/README.md", "#### Replay it in a test")).toBe(file);
  });
});

describe("root README plugin", () => {
  it("routes a message with the Question Classifier through the real runtime", async () => {
    const dify = new MockDify();
    const classifier = dify.questionClassifier({
      inputs: {},
      process_data: {},
      outputs: { class_name: "support", class_id: "support" },
    });
    const harness = createTestHarness(plugin, { dify });
    const result = await harness.invokeTool({
      provider: "router",
      tool: "route",
      parameters: { text: "my app crashes" },
    });
    expect(result.text).toBe("routed to support");
    expect(classifier.calls[0]?.request.query).toBe("my app crashes");
  });
});
