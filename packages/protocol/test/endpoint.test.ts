import { describe, expect, it } from "vitest";
import {
  AppSelectorValueSchema,
  canonicalHeaderName,
  checkEndpointReply,
  DIFY_HOOK_ID_HEADER,
  DIFY_HOOK_URL_HEADER,
  difyHookUrl,
  ENDPOINT_DEFAULT_STATUS,
  ENDPOINT_MAX_BODY_BYTES,
  ENDPOINT_METHODS,
  ENDPOINT_STRIPPED_HEADERS,
  EndpointDeclarationSchema,
  EndpointReplyItemSchema,
  EndpointRouteSchema,
  InvokeEndpointRequestSchema,
  isHexText,
  ModelSelectorValueSchema,
  ToolSelectorValueSchema,
} from "../src/endpoint/index.js";
import wecom from "./fixtures/endpoint-group-wecom-bot.json" with { type: "json" };

const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");

// The settings field of the daemon's endpoint_declaration_test.go vectors.
const apiKeySetting = {
  name: "api_key",
  type: "secret-input",
  required: true,
  label: { en_US: "API key", zh_Hans: "API key", pt_BR: "API key" },
  placeholder: {
    en_US: "Please input your API key",
    zh_Hans: "请输入你的 API key",
    pt_BR: "Please input your API key",
  },
};

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe("endpoint group declaration", () => {
  it("accepts the daemon's inline-endpoint JSON vector (TestUnmarshalEndpointDeclarationFromJSON2)", () => {
    const parsed = EndpointDeclarationSchema.parse({
      settings: [apiKeySetting],
      endpoints: [{ path: "/duck/<app_id>", method: "GET" }],
    });
    expect(parsed.endpoints).toEqual([{ path: "/duck/<app_id>", method: "GET" }]);
    expect(parsed.settings).toHaveLength(1);
  });

  it("accepts what the daemon's TCP registration test marshals (empty settings, hidden false)", () => {
    const result = EndpointDeclarationSchema.safeParse({
      settings: [],
      endpoints: [{ path: "/duck/<app_id>", method: "GET", hidden: false }],
    });
    expect(result.success).toBe(true);
  });

  it("refuses file paths in endpoints, which the daemon drops over remote debugging (FromJSON vector)", () => {
    const result = EndpointDeclarationSchema.safeParse({
      settings: [apiKeySetting],
      endpoints: ["endpoints/duck.yaml", "endpoints/neko.yaml"],
    });
    expect(result.success).toBe(false);
    expect(messages(result)[0]).toMatch(/inline \{ path, method \} object/);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ["endpoints", 0],
      ["endpoints", 1],
    ]);
  });

  it("accepts a real endpoint group once its endpoint files are expanded inline (wecom_bot)", () => {
    const { group, files } = wecom;
    const expanded = {
      ...group,
      endpoints: group.endpoints.map((file) => files[file as keyof typeof files]),
    };
    const parsed = EndpointDeclarationSchema.parse(expanded);
    expect(parsed.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`)).toEqual([
      "GET /",
      "POST /",
    ]);
    // Unknown keys such as the Python SDK's `extra` are kept.
    expect(parsed.endpoints[0]).toHaveProperty("extra.python.source", "endpoints/wecom_verify.py");
    expect(EndpointDeclarationSchema.safeParse(group).success).toBe(false);
  });

  it("knows exactly the methods the daemon routes, upper case, without PATCH", () => {
    expect(ENDPOINT_METHODS).toEqual(["HEAD", "GET", "POST", "PUT", "DELETE", "OPTIONS"]);
    for (const method of ENDPOINT_METHODS) {
      expect(EndpointRouteSchema.safeParse({ path: "/x", method }).success).toBe(true);
    }
    for (const method of ["PATCH", "get", "CONNECT", ""]) {
      const result = EndpointRouteSchema.safeParse({ path: "/x", method });
      expect(result.success).toBe(false);
      expect(messages(result)[0]).toMatch(/method must be one of HEAD, GET, POST, PUT, DELETE, OPTIONS/);
    }
  });

  it("requires a non-empty path starting with a slash", () => {
    expect(messages(EndpointRouteSchema.safeParse({ method: "GET" }))).toEqual(["path is required"]);
    expect(messages(EndpointRouteSchema.safeParse({ path: "", method: "GET" }))[0]).toBe(
      "path must not be empty",
    );
    expect(messages(EndpointRouteSchema.safeParse({ path: "webhook", method: "GET" }))).toEqual([
      'path must start with "/" (e.g. "/webhook")',
    ]);
  });

  it("refuses a non-boolean hidden, which would make the daemon drop the endpoint silently", () => {
    const result = EndpointRouteSchema.safeParse({ path: "/x", method: "GET", hidden: "yes" });
    expect(messages(result)).toEqual(["hidden must be a boolean"]);
    expect(EndpointRouteSchema.safeParse({ path: "/x", method: "GET", hidden: null }).success).toBe(true);
  });

  it("validates settings as ProviderConfig fields", () => {
    const result = EndpointDeclarationSchema.safeParse({
      settings: [{ ...apiKeySetting, type: "wrong" }],
      endpoints: [],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["settings", 0, "type"]);
  });

  it("requires the endpoints list", () => {
    expect(messages(EndpointDeclarationSchema.safeParse({ settings: [] }))).toEqual([
      "endpoints must be an array of { path, method } objects",
    ]);
    expect(EndpointDeclarationSchema.safeParse({ endpoints: [] }).success).toBe(true);
  });
});

describe("invoke_endpoint request", () => {
  const raw = hex("GET /duck/1?a=1 HTTP/1.1\r\nHost: example.com\r\nDify-Hook-Id: hook\r\n\r\n");

  it("keeps the raw request as hex and reads null settings as {}", () => {
    const parsed = InvokeEndpointRequestSchema.parse({
      type: "endpoint",
      action: "invoke_endpoint",
      user_id: "",
      raw_http_request: raw,
      settings: null,
    });
    expect(parsed.settings).toEqual({});
    expect(Buffer.from(parsed.raw_http_request, "hex").toString()).toMatch(/^GET \/duck\/1\?a=1 HTTP\/1.1/);
    expect(parsed).toHaveProperty("type", "endpoint");
  });

  it("passes decrypted settings through", () => {
    const parsed = InvokeEndpointRequestSchema.parse({ raw_http_request: raw, settings: { api_key: "k" } });
    expect(parsed.settings).toEqual({ api_key: "k" });
  });

  it("refuses a missing, empty or non-hex raw_http_request", () => {
    expect(InvokeEndpointRequestSchema.safeParse({ settings: {} }).success).toBe(false);
    expect(messages(InvokeEndpointRequestSchema.safeParse({ raw_http_request: "" }))).toEqual([
      "raw_http_request must not be empty",
    ]);
    expect(messages(InvokeEndpointRequestSchema.safeParse({ raw_http_request: "abc" }))).toEqual([
      "raw_http_request must be hex text (an even number of 0-9, a-f)",
    ]);
    expect(InvokeEndpointRequestSchema.safeParse({ raw_http_request: "zz" }).success).toBe(false);
  });

  it("recognises hex text as Go's hex.DecodeString does", () => {
    expect(isHexText("")).toBe(true);
    expect(isHexText("00ffAB")).toBe(true);
    expect(isHexText("0")).toBe(false);
    expect(isHexText("0g")).toBe(false);
  });
});

describe("endpoint request rewriting constants", () => {
  it("lists the exact headers copyRequest deletes", () => {
    expect(ENDPOINT_STRIPPED_HEADERS).toEqual([
      "X-Forwarded-For",
      "X-Real-IP",
      "X-Forwarded",
      "X-Original-Forwarded-For",
      "X-Original-Url",
      "X-Original-Host",
    ]);
    expect(ENDPOINT_STRIPPED_HEADERS).not.toContain("X-Forwarded-Proto");
  });

  it("names the headers the daemon adds and caps bodies at 10 MiB", () => {
    expect(DIFY_HOOK_ID_HEADER).toBe("Dify-Hook-Id");
    expect(DIFY_HOOK_URL_HEADER).toBe("Dify-Hook-Url");
    expect(ENDPOINT_MAX_BODY_BYTES).toBe(10_485_760);
  });

  it("builds Dify-Hook-Url as scheme://host/e/<hook_id><path>", () => {
    expect(difyHookUrl({ https: false, host: "localhost:5002", hookId: "abc", path: "/duck/1" })).toBe(
      "http://localhost:5002/e/abc/duck/1",
    );
    expect(difyHookUrl({ https: true, host: "dify.example", hookId: "abc", path: "/" })).toBe(
      "https://dify.example/e/abc/",
    );
  });
});

describe("invoke_endpoint reply", () => {
  it("accepts the Python SDK's single-item reply", () => {
    const check = checkEndpointReply([
      { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" }, result: hex("ok") },
    ]);
    expect(check).toEqual({
      problems: [],
      warnings: [],
      status: 200,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      bodyItems: 1,
    });
  });

  it("accepts the Python SDK's streamed reply: head first, then one result per chunk", () => {
    const check = checkEndpointReply([
      { status: 201, headers: { "content-type": "text/event-stream" } },
      { result: hex("data: 1\n\n") },
      { result: hex("data: 2\n\n") },
    ]);
    expect(check.problems).toEqual([]);
    expect(check.status).toBe(201);
    expect(check.headers).toEqual({ "Content-Type": "text/event-stream" });
    expect(check.bodyItems).toBe(2);
  });

  it("flags an item without result after the body started", () => {
    const check = checkEndpointReply([{ status: 200, result: hex("a") }, { headers: { "X-A": "1" } }]);
    expect(check.problems).toEqual([
      "item 1 has no result, but item 0 started the body: every later item must carry result (hex), or the " +
        "daemon's body writer fails",
    ]);
    expect(check.warnings).toEqual([
      "item 1: status and headers after the body started (item 0) are ignored",
    ]);
  });

  it("applies status and headers only until the body starts, keeping the first value of a header", () => {
    const check = checkEndpointReply([
      { status: 404, headers: { "x-trace": "first" } },
      { status: 200, headers: { "X-Trace": "second" } },
      { result: "" },
    ]);
    expect(check.status).toBe(200);
    expect(check.headers).toEqual({ "X-Trace": "first" });
    expect(check.warnings).toEqual(["item 1: header X-Trace is set again; the daemon keeps the first value"]);
  });

  it("warns that a reply without status is answered with 100 Continue", () => {
    const check = checkEndpointReply([{ result: hex("x") }]);
    expect(check.status).toBe(ENDPOINT_DEFAULT_STATUS);
    expect(check.warnings).toEqual(["no item sets status: the daemon answers 100 (Continue)"]);
    expect(checkEndpointReply([]).bodyItems).toBe(0);
  });

  it("refuses bad items, naming the item and the field", () => {
    const check = checkEndpointReply([
      { status: 99 },
      { status: 200.5 },
      { headers: { "X-A": 1 } },
      { result: "xyz" },
      { body: "hi" },
      "text",
    ]);
    expect(check.problems).toEqual([
      "item 0.status: status must be an HTTP status code (100-999)",
      "item 1.status: status must be an integer",
      "item 2.headers.X-A: header values must be strings",
      "item 3.result: result must be hex text (an even number of 0-9, a-f)",
      "item 4: unknown key(s) body: an endpoint reply item has only status, headers and result (the body as hex)",
      "item 5: an endpoint reply item has only status, headers and result (the body as hex); got a non-object",
    ]);
  });

  it("accepts null fields as absent, like the daemon's pointers", () => {
    expect(EndpointReplyItemSchema.safeParse({ status: null, headers: null, result: null }).success).toBe(
      true,
    );
    expect(EndpointReplyItemSchema.safeParse({ status: 1000 }).success).toBe(false);
  });

  it("canonicalises header names as Go does", () => {
    expect(canonicalHeaderName("content-type")).toBe("Content-Type");
    expect(canonicalHeaderName("X-FORWARDED-PROTO")).toBe("X-Forwarded-Proto");
    expect(canonicalHeaderName("dify-hook-url")).toBe("Dify-Hook-Url");
    expect(canonicalHeaderName("bad header")).toBe("bad header");
  });
});

describe("endpoint setting values", () => {
  it("reads a model-selector value as Dify sends it, keeping extra keys", () => {
    const value = ModelSelectorValueSchema.parse({
      provider: "langgenius/openai/openai",
      model: "gpt-4o-mini",
      model_type: "llm",
      mode: "chat",
      completion_params: { temperature: 0.2 },
      type: "model-selector",
    });
    expect(value).toHaveProperty("type", "model-selector");
    expect(ModelSelectorValueSchema.safeParse({ provider: "p" }).error?.issues[0]?.message).toBe(
      "a model-selector value needs model (a string)",
    );
  });

  it("reads an app-selector value (the Slack bot reads settings.app.app_id)", () => {
    expect(AppSelectorValueSchema.parse({ app_id: "a1", inputs: null }).app_id).toBe("a1");
    expect(AppSelectorValueSchema.safeParse({}).error?.issues[0]?.message).toBe(
      "an app-selector value needs app_id (a string)",
    );
  });

  it("reads one tool of an array[tools] value", () => {
    const tool = ToolSelectorValueSchema.parse({
      provider_name: "langgenius/google/google",
      tool_name: "google_search",
      parameters: {},
      enabled: true,
    });
    expect(tool.tool_name).toBe("google_search");
    expect(ToolSelectorValueSchema.safeParse({ tool_name: "x" }).success).toBe(false);
  });
});
