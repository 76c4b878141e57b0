import { describe, expect, it } from "vitest";
import { checkPermissions, detectInSource, isGranted } from "../src/index.js";

const source = `
import { defineTool } from "@x/tool";
// session.app.invoke(...) in a comment does not count
export const t = defineTool({
  invoke: async (p, { session }) => {
    const a = await session.model.llm.invoke({ model });
    const b = session.tool.invokeBuiltinTool("x", "y");
    const c = await ctx.session.workflowNode.parameterExtractor({});
    await session.storage.get("k");
    await session.invoke("text_embedding", {});
    await session.invoke<{ x: 1 }>('rerank', {});
  },
});
`;

describe("detectInSource", () => {
  it("finds each reverse-call family with its line, ignoring comments", () => {
    const found = detectInSource(source, "/p/src/tool.ts").map((u) => `${u.flag}@${u.line}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "model.llm@6",
        "tool.enabled@7",
        "node.enabled@8",
        "storage.enabled@9",
        "model.text_embedding@10",
        "model.rerank@11",
      ]),
    );
    expect(found.some((f) => f.startsWith("app.enabled@3"))).toBe(false);
  });

  it("knows every @x/model client", () => {
    const text = [
      "llm",
      "llmStructuredOutput",
      "summary",
      "textEmbedding",
      "multimodalEmbedding",
      "rerank",
      "multimodalRerank",
      "tts",
      "speech2text",
      "moderation",
    ]
      .map((member) => `session.model.${member}.invoke({});`)
      .join("\n");
    expect(detectInSource(text, "m.ts").map((u) => u.flag)).toEqual([
      "model.llm",
      "model.llm",
      "model.llm",
      "model.text_embedding",
      "model.text_embedding",
      "model.rerank",
      "model.rerank",
      "model.tts",
      "model.speech2text",
      "model.moderation",
    ]);
  });

  it("maps upload_file to no permission (the daemon always allows it)", () => {
    expect(detectInSource(`session.invoke("upload_file", {})`, "f.ts")).toEqual([]);
  });
});

describe("isGranted", () => {
  it("requires model.enabled and the sub-flag for model families, like the daemon", () => {
    expect(isGranted({ model: { llm: true } }, "model.llm")).toBe(false);
    expect(isGranted({ model: { enabled: true, llm: true } }, "model.llm")).toBe(true);
    expect(isGranted({ tool: { enabled: true } }, "tool.enabled")).toBe(true);
    expect(isGranted(undefined, "tool.enabled")).toBe(false);
  });
});

describe("checkPermissions", () => {
  const usages = detectInSource(
    `await session.model.llm.invoke({});\nsession.tool.invoke({})`,
    "/p/src/a.ts",
  );
  const base = {
    usages,
    declaresEndpoints: false,
    manifestFile: "src/manifest.ts",
    relative: (p: string) => p.slice(3),
  };

  it("names the manifest field to enable and where the code makes the call", () => {
    const problems = checkPermissions({ ...base, permission: { tool: { enabled: true } } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: "error",
      file: "src/manifest.ts",
      field: "resource.permission.model.llm",
    });
    expect(problems[0]?.message).toContain("src/a.ts:1");
    expect(problems[0]?.message).toContain("enable llm access");
  });

  it("flags permissions that no code uses", () => {
    const problems = checkPermissions({
      ...base,
      permission: {
        tool: { enabled: true },
        model: { enabled: true, llm: true, tts: true },
        app: { enabled: true },
        endpoint: { enabled: true },
      },
    });
    expect(problems.map((p) => p.field)).toEqual([
      "resource.permission.app.enabled",
      "resource.permission.model.tts",
      "resource.permission.endpoint.enabled",
    ]);
  });

  it("passes when the permissions match the calls exactly", () => {
    expect(
      checkPermissions({
        ...base,
        permission: { tool: { enabled: true }, model: { enabled: true, llm: true } },
      }),
    ).toEqual([]);
  });

  it("requires endpoint.enabled when endpoints are declared", () => {
    const problems = checkPermissions({ ...base, usages: [], permission: {}, declaresEndpoints: true });
    expect(problems.map((p) => p.field)).toEqual(["resource.permission.endpoint.enabled"]);
  });
});
