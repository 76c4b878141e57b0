import { Plugin, ValidationError } from "@x/core";
import { ToolProviderDeclarationSchema } from "@x/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type DifyFile,
  defineTool,
  defineToolProvider,
  messages,
  ToolCredentialsError,
  type ToolDefinition,
} from "../src/index.js";
import { startHarness } from "./harness.js";

const identity = {
  author: "acme",
  name: "weather",
  label: "Weather",
  description: "Weather tools",
  icon: "icon.svg",
};

function provider(
  tools: readonly ToolDefinition<never>[] | ToolDefinition[],
  extra: Record<string, unknown> = {},
) {
  return defineToolProvider({ identity, tools: tools as ToolDefinition[], ...extra });
}

const file = (name: string) => ({
  dify_model_identity: "__dify__file__",
  url: `https://files.example/${name}`,
  mime_type: "image/png",
  type: "image",
  filename: name,
  extension: ".png",
  size: 42,
  related_id: "r1",
});

describe("tool_declaration", () => {
  it("produces the declaration the daemon validates, with every required text filled in", () => {
    const forecast = defineTool({
      identity: { name: "forecast", label: { en_US: "Forecast", zh_Hans: "预报" } },
      description: { human: "Weather forecast", llm: "Returns the forecast for a city" },
      parameters: {
        city: { type: "string", required: true, description: "City name" },
        days: { type: "number", form: "form", default: 3, min: 1, max: 14 },
        unit: { type: "select", options: [{ value: "c", label: "Celsius" }, { value: "f" }], default: "c" },
        model: { type: "model-selector", scope: "llm", form: "form" },
      },
      outputSchema: z.object({ temperature: z.number() }),
      invoke: () => messages.text("sunny"),
    });
    const p = defineToolProvider({
      identity: { ...identity, tags: ["weather"] },
      credentialsSchema: {
        api_key: { type: "secret-input", required: true, label: "API key", url: "https://x" },
      },
      tools: [forecast],
    });
    const plugin = new Plugin().register(p);
    expect(plugin.declarations().get("tool")).toEqual([p.declaration]);
    // core's registration validator mirrors the daemon's rules (§1.3.2, §9)
    const checked = ToolProviderDeclarationSchema.safeParse(JSON.parse(JSON.stringify(p.declaration)));
    expect(checked.error?.issues).toBeUndefined();
    const i18n = (text: string) => ({ zh_Hans: text, pt_BR: text, ja_JP: text, en_US: text });
    expect(p.declaration).toEqual({
      identity: {
        author: "acme",
        name: "weather",
        description: i18n("Weather tools"),
        icon: "icon.svg",
        label: i18n("Weather"),
        tags: ["weather"],
      },
      credentials_schema: [
        {
          name: "api_key",
          type: "secret-input",
          scope: null,
          required: true,
          default: null,
          options: [],
          label: i18n("API key"),
          help: null,
          url: "https://x",
          placeholder: null,
        },
      ],
      oauth_schema: null,
      tools: [
        {
          identity: {
            author: "acme",
            name: "forecast",
            label: { zh_Hans: "预报", pt_BR: "Forecast", ja_JP: "Forecast", en_US: "Forecast" },
          },
          parameters: [
            {
              name: "city",
              label: i18n("city"),
              human_description: i18n("City name"),
              type: "string",
              auto_generate: null,
              template: null,
              scope: null,
              form: "llm",
              llm_description: "City name",
              required: true,
              default: null,
              min: null,
              max: null,
              precision: null,
              options: [],
            },
            expect.objectContaining({
              name: "days",
              form: "form",
              default: 3,
              min: 1,
              max: 14,
              llm_description: null,
            }),
            expect.objectContaining({
              name: "unit",
              type: "select",
              default: "c",
              options: [
                { value: "c", label: i18n("Celsius") },
                { value: "f", label: i18n("f") },
              ],
            }),
            expect.objectContaining({ name: "model", type: "model-selector", scope: "llm" }),
          ],
          description: { human: i18n("Weather forecast"), llm: "Returns the forecast for a city" },
          has_runtime_parameters: false,
          output_schema: expect.objectContaining({
            type: "object",
            properties: { temperature: { type: "number" } },
          }),
        },
      ],
    });
  });

  it("sends credentials_schema as [] when the provider needs none", () => {
    expect(provider([]).declaration.credentials_schema).toEqual([]);
    expect(JSON.stringify(provider([]).declaration)).toContain('"credentials_schema":[]');
  });

  it("refuses definitions the daemon would reject or silently drop, naming the field", () => {
    const tool = (over: Record<string, unknown>) =>
      defineTool({ identity: { name: "t" }, description: "d", invoke: () => undefined, ...over } as never);
    const cases: Array<[() => unknown, string]> = [
      [() => provider([tool({ identity: { name: "bad name" } })]), "tools[0].identity.name"],
      [() => provider([tool({ description: { human: "h", llm: "" } })]), "tools[0].description.llm"],
      [() => provider([tool({ description: { human: "", llm: "x" } })]), "tools[0].description.human"],
      [
        () => provider([tool({ parameters: { s: { type: "select", options: [] } } })]),
        "tools[0].parameters.s.options",
      ],
      [
        () =>
          provider([
            tool({ parameters: { s: { type: "select", options: [{ value: "a" }], default: "b" } } }),
          ]),
        "tools[0].parameters.s.default",
      ],
      [
        () => provider([tool({ parameters: { s: { type: "string", scope: "llm" } } })]),
        "tools[0].parameters.s.scope",
      ],
      [() => provider([tool({ parameters: { s: { type: "color" } } })]), "tools[0].parameters.s.type"],
      [
        () => provider([tool({ parameters: { s: { type: "string", required: "yes" } } })]),
        "tools[0].parameters.s.required",
      ],
      [() => provider([tool({}), tool({})]), "tools[1].identity.name"],
      [
        () => defineToolProvider({ identity: { ...identity, description: "" }, tools: [] }),
        "identity.description",
      ],
      [() => defineToolProvider({ identity: { ...identity, icon: "" }, tools: [] }), "identity.icon"],
      [() => defineToolProvider({ identity: { ...identity, name: "a/b" }, tools: [] }), "identity.name"],
      [() => provider([{ identity: { name: "x" } } as never]), "tools[0]"],
    ];
    for (const [define, field] of cases) {
      let caught: unknown;
      try {
        define();
      } catch (error) {
        caught = error;
      }
      expect(ValidationError.isInstance(caught), field).toBe(true);
      expect((caught as ValidationError).field).toBe(field);
    }
  });

  it("refuses a second provider with the same name on one plugin", () => {
    const plugin = new Plugin().register(provider([]));
    expect(() => plugin.register(provider([]))).toThrow(/already registered/);
  });
});

describe("invoke_tool", () => {
  it("passes validated, converted and defaulted parameters plus the context to the tool", async () => {
    let seen: unknown;
    const inspect = defineTool({
      identity: { name: "inspect" },
      description: "Shows what it got",
      parameters: {
        text: { type: "string", required: true },
        count: { type: "number", default: 2 },
        flag: { type: "boolean" },
        mode: { type: "select", options: [{ value: "fast" }, { value: "slow" }] },
        image: { type: "file" },
        images: { type: "files" },
        model: { type: "model-selector" },
        list: { type: "array" },
        obj: { type: "object" },
        optional: { type: "string" },
      },
      invoke(params, context) {
        seen = {
          params,
          credentials: context.credentials,
          credentialType: context.credentialType,
          userId: context.userId,
          raw: context.rawParameters,
        };
        return messages.text("ok");
      },
    });
    const harness = startHarness(new Plugin().register(provider([inspect])));
    const frames = await harness.tool("s1", {
      action: "invoke_tool",
      provider: "weather",
      tool: "inspect",
      credentials: { api_key: "k" },
      credential_type: "oauth2",
      tool_parameters: {
        text: 5,
        count: "",
        flag: "true",
        mode: "slow",
        image: file("a.png"),
        images: [file("b.png"), file("c.png")],
        model: { provider: "openai", model: "gpt-4o", model_type: "llm", completion_params: {} },
        list: "[1,2]",
        obj: { a: 1 },
        extra: "kept raw",
      },
    });
    expect(frames.map((f) => f.data.type)).toEqual(["stream", "end"]);
    const got = seen as { params: Record<string, unknown>; [key: string]: unknown };
    expect(got.params).toMatchObject({
      text: "5",
      count: 2,
      flag: true,
      mode: "slow",
      model: { provider: "openai", model: "gpt-4o" },
      list: [1, 2],
      obj: { a: 1 },
    });
    expect("optional" in got.params).toBe(false);
    const image = got.params.image as DifyFile;
    expect(image).toMatchObject({
      url: "https://files.example/a.png",
      mimeType: "image/png",
      filename: "a.png",
      size: 42,
    });
    expect(image.raw.related_id).toBe("r1");
    expect((got.params.images as DifyFile[]).map((f) => f.filename)).toEqual(["b.png", "c.png"]);
    expect(got).toMatchObject({ credentials: { api_key: "k" }, credentialType: "oauth2", userId: "user-1" });
    expect((got.raw as Record<string, unknown>).extra).toBe("kept raw");
  });

  it("answers a session error naming the parameter when a value does not fit", async () => {
    const tool = defineTool({
      identity: { name: "strict" },
      description: "Strict",
      parameters: {
        n: { type: "number", max: 10 },
        mode: { type: "select", options: [{ value: "a" }] },
        need: { type: "string", required: true },
        image: { type: "file" },
      },
      invoke: () => messages.text("unreachable"),
    });
    const harness = startHarness(new Plugin().register(provider([tool])));
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ need: "x", n: "abc" }, /parameter `n`: expected a number, got a string of 3 characters$/],
      [{ need: "x", n: 11 }, /parameter `n`: must be at most 10/],
      [{ need: "x", mode: "b" }, /parameter `mode`: expected one of "a", got a string of 1 characters$/],
      [{}, /parameter `need`: is required/],
      [{ need: "x", image: { url: "u" } }, /parameter `image`: expected a Dify file object/],
    ];
    let i = 0;
    for (const [parameters, text] of cases) {
      const frames = await harness.tool(`bad-${i++}`, {
        action: "invoke_tool",
        provider: "weather",
        tool: "strict",
        tool_parameters: parameters,
      });
      expect(frames.map((f) => f.data.type)).toEqual(["error", "end"]);
      expect(frames[0]!.data.data.error_type).toBe("ToolParameterError");
      expect(frames[0]!.data.data.message).toMatch(text);
    }
  });

  it("dispatches by provider name across several providers, with the Python SDK's not-found texts", async () => {
    const a = defineToolProvider({
      identity: { ...identity, name: "alpha" },
      tools: [
        defineTool({
          identity: { name: "hello" },
          description: "d",
          invoke: () => messages.text("from alpha"),
        }),
      ],
    });
    const b = defineToolProvider({
      identity: { ...identity, name: "beta" },
      tools: [
        defineTool({
          identity: { name: "hello" },
          description: "d",
          invoke: () => [messages.text("from beta")],
        }),
      ],
    });
    const plugin = new Plugin().register(a).register(b);
    expect(plugin.declarations().get("tool")).toHaveLength(2);
    const harness = startHarness(plugin);
    const ask = async (id: string, providerName: string, tool: string) =>
      harness.tool(id, { action: "invoke_tool", provider: providerName, tool, tool_parameters: {} });
    expect((await ask("1", "alpha", "hello"))[0]!.data.data).toEqual({
      type: "text",
      message: { text: "from alpha" },
      meta: null,
    });
    expect((await ask("2", "beta", "hello"))[0]!.data.data).toEqual({
      type: "text",
      message: { text: "from beta" },
      meta: null,
    });
    expect((await ask("3", "gamma", "hello"))[0]!.data.data.message).toBe("Provider `gamma` not found");
    expect((await ask("4", "beta", "bye"))[0]!.data.data.message).toBe(
      "Tool `bye` not found for provider `beta`",
    );
  });

  it("sends a yielded blob as 8192-byte blob_chunks ending with an empty end chunk", async () => {
    const data = new Uint8Array(20_000).map((_, i) => i % 256);
    const tool = defineTool({
      identity: { name: "blob" },
      description: "d",
      async *invoke() {
        yield messages.blob(data, { mime_type: "application/octet-stream" });
      },
    });
    const harness = startHarness(new Plugin().register(provider([tool])));
    const frames = await harness.tool("b", { action: "invoke_tool", provider: "weather", tool: "blob" });
    const chunks = frames
      .filter((f) => f.data.type === "stream")
      .map((f) => f.data.data as Record<string, any>);
    expect(chunks.map((c) => c.type)).toEqual(["blob_chunk", "blob_chunk", "blob_chunk", "blob_chunk"]);
    expect(chunks.map((c) => Buffer.from(c.message.blob, "base64").length)).toEqual([8192, 8192, 3616, 0]);
    expect(chunks.map((c) => c.message.end)).toEqual([false, false, false, true]);
    expect(new Set(chunks.map((c) => c.message.id)).size).toBe(1);
    expect(
      chunks.every(
        (c) => c.message.total_length === 20_000 && c.meta.mime_type === "application/octet-stream",
      ),
    ).toBe(true);
  });

  it("answers an error when a tool yields something that is not a tool message, or throws", async () => {
    const bad = defineTool({
      identity: { name: "bad" },
      description: "d",
      *invoke() {
        yield { type: "nope" } as never;
      },
    });
    const boom = defineTool({
      identity: { name: "boom" },
      description: "d",
      async invoke() {
        throw new Error("upstream down");
      },
    });
    const harness = startHarness(new Plugin().register(provider([bad, boom])));
    const badFrames = await harness.tool("x", { action: "invoke_tool", provider: "weather", tool: "bad" });
    expect(badFrames[0]!.data.data.message).toMatch(/"nope", which is not a tool message/);
    const boomFrames = await harness.tool("y", { action: "invoke_tool", provider: "weather", tool: "boom" });
    expect(boomFrames.map((f) => f.data.type)).toEqual(["error", "end"]);
    expect(boomFrames[0]!.data.data).toMatchObject({ error_type: "Error", message: "upstream down" });
  });
});

describe("validate_tool_credentials and get_tool_runtime_parameters", () => {
  it("answers {result: true} for good credentials and the validator's error for bad ones", async () => {
    const p = provider([], {
      validateCredentials(credentials: Record<string, unknown>) {
        if (credentials.api_key !== "good") throw new ToolCredentialsError("the API key was refused");
      },
    });
    const harness = startHarness(new Plugin().register(p));
    const ok = await harness.tool("v1", {
      action: "validate_tool_credentials",
      provider: "weather",
      credentials: { api_key: "good" },
    });
    expect(ok.map((f) => f.data)).toEqual([
      { type: "stream", data: { result: true } },
      { type: "end", data: {} },
    ]);
    const bad = await harness.tool("v2", {
      action: "validate_tool_credentials",
      provider: "weather",
      credentials: { api_key: "bad" },
    });
    expect(bad[0]!.data.data).toMatchObject({
      error_type: "ToolCredentialsError",
      message: "the API key was refused",
    });
    const missing = await harness.tool("v3", { action: "validate_tool_credentials", provider: "nope" });
    expect(missing[0]!.data.data.message).toBe("Provider `nope` not found");
  });

  it("returns declared parameters, or the tool's runtime parameters", async () => {
    const fixed = defineTool({
      identity: { name: "fixed" },
      description: "d",
      parameters: { q: { type: "string", required: true } },
      invoke: () => undefined,
    });
    const dynamic = defineTool({
      identity: { name: "dynamic" },
      description: "d",
      getRuntimeParameters: async ({ credentials }) => ({
        region: { type: "select", options: [{ value: String(credentials.region) }] },
      }),
      invoke: () => undefined,
    });
    const p = provider([fixed, dynamic]);
    expect(p.declaration.tools.map((t) => t.has_runtime_parameters)).toEqual([false, true]);
    const harness = startHarness(new Plugin().register(p));
    const one = await harness.tool("r1", {
      action: "get_tool_runtime_parameters",
      provider: "weather",
      tool: "fixed",
    });
    expect(
      (one[0]!.data.data as { parameters: Array<{ name: string }> }).parameters.map((x) => x.name),
    ).toEqual(["q"]);
    const two = await harness.tool("r2", {
      action: "get_tool_runtime_parameters",
      provider: "weather",
      tool: "dynamic",
      credentials: { region: "eu" },
    });
    const params = (two[0]!.data.data as { parameters: Array<Record<string, any>> }).parameters;
    expect(params[0]).toMatchObject({ name: "region", type: "select", options: [{ value: "eu" }] });
  });
});

describe("messages builders", () => {
  it("refuse values Dify would reject, with ValidationError", () => {
    expect(() => messages.streamVariable("v", 1 as unknown as string)).toThrow(ValidationError);
    expect(() => messages.json("x" as unknown as object[])).toThrow(ValidationError);
    expect(() => messages.blob("x" as unknown as Uint8Array)).toThrow(ValidationError);
    expect(() => messages.text(undefined as unknown as string)).toThrow(ValidationError);
  });

  it("build a file message the way Dify does, from a DifyFile or a raw object", () => {
    expect(messages.file({ raw: { id: "f1" } })).toEqual({
      type: "file",
      message: { file_marker: "file_marker" },
      meta: { file: { id: "f1" } },
    });
    expect(messages.binaryLink("https://b")).toEqual({
      type: "binary_link",
      message: { text: "https://b" },
      meta: null,
    });
  });
});
