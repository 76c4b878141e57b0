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
    const found = detectInSource(source, "/p/src/tool.ts")
      .filter((u) => u.kind === "call")
      .map((u) => `${u.flag}@${u.line}`);
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

  it("warns, never errs, about permissions no call was seen for", () => {
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
    expect(problems.map((p) => p.severity)).toEqual(["warning", "warning", "warning"]);
    expect(problems[0]?.message).toContain('"usesPermissions"');
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

describe("calls the scan cannot follow", () => {
  // The false positive of issue 19: the client taken into a variable, the call made through it.
  const aliased = `
export async function route(text: string, { session }: { session: Session }) {
  const nodes = session.workflowNode;
  return nodes.questionClassifier.invoke({ classes: [], model, query: text });
}
`;
  const input = (source: string, permission: unknown) => ({
    usages: detectInSource(source, "/p/src/route.ts"),
    declaresEndpoints: false,
    manifestFile: "src/manifest.ts",
    relative: (p: string) => p.slice(3),
    permission,
  });

  it("an aliased client keeps its granted permission without a problem", () => {
    expect(checkPermissions(input(aliased, { node: { enabled: true } }))).toEqual([]);
  });

  it("an aliased client without its permission is a warning naming the variable, not an error", () => {
    const problems = checkPermissions(input(aliased, {}));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: "warning", field: "resource.permission.node.enabled" });
    expect(problems[0]?.message).toContain("src/route.ts:3 (session.workflowNode)");
  });

  it("a destructured client counts as an alias of its family", () => {
    const source =
      "const { tool, workflowNode: nodes } = session;\nawait nodes.parameterExtractor.invoke({});";
    const kinds = detectInSource(source, "/p/src/a.ts").map((u) => `${u.kind}:${u.flag}`);
    expect(kinds).toEqual(expect.arrayContaining(["alias:tool.enabled", "alias:node.enabled"]));
  });

  it("a session handed to a helper is named when a granted permission has no call", () => {
    const source = "export const t = async (p, { session }) => relayThrough(helper, session);";
    const problems = checkPermissions(input(source, { tool: { enabled: true } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.severity).toBe("warning");
    expect(problems[0]?.message).toContain("The session is handed on at src/route.ts:1");
  });

  it("@x/agent's callAgentTool(session, …) is a tool call, not an escape: required when missing, silent when granted", () => {
    const source = "const result = await callAgentTool(session, { call, tools: params.tools });";
    const usages = detectInSource(source, "/p/src/route.ts");
    expect(usages.map((u) => `${u.kind}:${u.flag}`)).toEqual(["call:tool.enabled"]);
    expect(checkPermissions(input(source, { tool: { enabled: true } }))).toEqual([]);
    const missing = checkPermissions(input(source, {}));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: "error", field: "resource.permission.tool.enabled" });
  });

  it("usesPermissions declares a use the scan cannot see: no warning when granted, an error when not", () => {
    const base = {
      ...input("export {};", { app: { enabled: true } }),
      declaredUses: ["app.enabled" as const],
    };
    expect(checkPermissions(base)).toEqual([]);
    const missing = checkPermissions({ ...base, permission: {} });
    expect(missing).toMatchObject([{ severity: "error", field: "resource.permission.app.enabled" }]);
    expect(missing[0]?.message).toContain("usesPermissions");
  });

  it("mode warn turns a missing permission into a warning, mode off checks nothing", () => {
    const call = "await session.tool.invokeBuiltinTool('a/b/c', 'd', {});";
    expect(checkPermissions(input(call, {}))[0]?.severity).toBe("error");
    expect(checkPermissions({ ...input(call, {}), mode: "warn" })[0]?.severity).toBe("warning");
    expect(checkPermissions({ ...input(call, {}), mode: "off" })).toEqual([]);
  });
});
