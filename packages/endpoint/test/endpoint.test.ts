import { Plugin, validateRegistration } from "@x/core";
import { checkEndpointReply } from "@x/protocol";
import { createTestHarness, MockDify, rawHttpRequestLikeDaemon, type TestHarness } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  defineEndpoint,
  defineEndpointGroup,
  defineEndpointSettings,
  type EndpointGroup,
  EndpointSettingsError,
  SETTING_MASK,
} from "../src/index.js";

const open: TestHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
});

function harnessOf(group: EndpointGroup, dify = new MockDify()): TestHarness {
  const harness = createTestHarness(new Plugin().register(group), { dify });
  open.push(harness);
  return harness;
}

const url = (path: string) => `https://dify.example${path}`;

/** Sends `request` as the daemon would and returns the raw reply items. */
async function itemsOf(harness: TestHarness, request: Request, settings: Record<string, unknown> = {}) {
  const raw = await rawHttpRequestLikeDaemon(request, { hookId: "hook-1" });
  return harness.request(
    "endpoint",
    "invoke_endpoint",
    { raw_http_request: Buffer.from(raw).toString("hex"), settings },
    { endpointId: "endpoint-1" },
  );
}

describe("routing", () => {
  const users = defineEndpoint({
    path: "/users/{id}",
    method: "GET",
    invoke: (_request, { params }) => Response.json({ user: params.id }),
  });
  const me = defineEndpoint({
    path: "/users/me",
    method: "GET",
    invoke: () => Response.json({ user: "me" }),
  });
  const files = defineEndpoint({
    path: "/files/<path:rest>",
    method: "GET",
    invoke: (_request, { params }) => new Response(params.rest),
  });
  const create = defineEndpoint({ path: "/users", method: "POST", invoke: () => new Response("made") });
  const group = defineEndpointGroup({ endpoints: [users, me, files, create] });

  it("matches path variables, static paths first, and percent-decodes values", async () => {
    const harness = harnessOf(group);
    expect(await (await harness.fetch(new Request(url("/users/42")))).json()).toEqual({ user: "42" });
    expect(await (await harness.fetch(new Request(url("/users/me")))).json()).toEqual({ user: "me" });
    expect(await (await harness.fetch(new Request(url("/users/j%C3%BCrgen")))).json()).toEqual({
      user: "jürgen",
    });
    expect(await (await harness.fetch(new Request(url("/files/a/b/c.txt")))).text()).toBe("a/b/c.txt");
  });

  it("answers 404 for an unknown path (a trailing slash counts) and 405 with Allow for another method", async () => {
    const harness = harnessOf(group);
    const missing = await harness.fetch(new Request(url("/users/42/")));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("Not Found: no endpoint for GET /users/42/");
    const wrong = await harness.fetch(new Request(url("/users"), { method: "DELETE" }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  it("serves HEAD from a GET endpoint, without body bytes", async () => {
    const harness = harnessOf(group);
    const result = await itemsOf(harness, new Request(url("/users/7"), { method: "HEAD" }));
    expect(result.items).toEqual([
      { status: 200, headers: { "content-type": "application/json" }, result: "" },
    ]);
  });
});

describe("the reply on the wire", () => {
  it("is one item for a small body, and passes the daemon's reply rules", async () => {
    const hello = defineEndpoint({ path: "/hello", method: "GET", invoke: () => new Response("hi") });
    const harness = harnessOf(defineEndpointGroup({ endpoints: [hello] }));
    const result = await itemsOf(harness, new Request(url("/hello")));
    expect(result.error).toBeNull();
    expect(result.items).toEqual([
      {
        status: 200,
        headers: { "content-type": "text/plain;charset=UTF-8" },
        result: Buffer.from("hi").toString("hex"),
      },
    ]);
    expect(checkEndpointReply(result.items)).toMatchObject({ problems: [], warnings: [] });
  });

  it("relays a stream incrementally: the first chunk reaches the daemon before the handler has finished", async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let handlerDone = false;
    const events = defineEndpoint({
      path: "/events",
      method: "GET",
      invoke() {
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode("data: 1\n\n"));
            await finished;
            controller.enqueue(encoder.encode("data: 2\n\n"));
            handlerDone = true;
            controller.close();
          },
        });
        return new Response(body, { headers: { "content-type": "text/event-stream" } });
      },
    });
    const harness = harnessOf(defineEndpointGroup({ endpoints: [events] }));
    const response = await harness.fetch(new Request(url("/events")));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("data: 1\n\n");
    expect(handlerDone).toBe(false);
    finish();
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe("data: 2\n\n");
    expect((await reader.read()).done).toBe(true);
    expect(handlerDone).toBe(true);
  });

  it("streams a 12 MiB binary body in items under the line limit, bytes intact", async () => {
    const body = Buffer.alloc(12 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
    const download = defineEndpoint({
      path: "/download",
      method: "GET",
      invoke: () => new Response(body, { headers: { "content-type": "application/octet-stream" } }),
    });
    const harness = harnessOf(defineEndpointGroup({ endpoints: [download] }));
    const result = await itemsOf(harness, new Request(url("/download")));
    expect(result.items.length).toBeGreaterThan(10);
    expect(checkEndpointReply(result.items).problems).toEqual([]);
    for (const item of result.items) expect(JSON.stringify(item).length).toBeLessThan(5 * 1024 * 1024);
    const bytes = Buffer.concat(
      result.items.map((item) => Buffer.from((item as { result: string }).result, "hex")),
    );
    expect(bytes.equals(body)).toBe(true);
  });

  it("hands the handler a 10 MiB binary request body intact", async () => {
    const sent = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 13) & 0xff;
    const upload = defineEndpoint({
      path: "/upload",
      method: "POST",
      async invoke(request) {
        const got = Buffer.from(await request.arrayBuffer());
        return Response.json({ bytes: got.byteLength, same: got.equals(sent) });
      },
    });
    const harness = harnessOf(defineEndpointGroup({ endpoints: [upload] }));
    const response = await harness.fetch(new Request(url("/upload"), { method: "POST", body: sent }));
    expect(await response.json()).toEqual({ bytes: sent.byteLength, same: true });
  });
});

describe("failures", () => {
  const settings = defineEndpointSettings({
    token: { type: "secret-input", required: true },
    region: { type: "text-input" },
  });

  it("answers 500 naming the endpoint and the error, with secret setting values masked", async () => {
    const boom = defineEndpoint({
      settings,
      path: "/boom",
      method: "POST",
      invoke(_request, { settings: s }) {
        throw new Error(`upstream refused token ${s.token} in ${s.region}`);
      },
    });
    const harness = harnessOf(defineEndpointGroup({ settings, endpoints: [boom] }));
    const response = await harness.fetch(new Request(url("/boom"), { method: "POST" }), {
      settings: { token: "sk-very-secret", region: "eu-west" },
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toBe(
      `Internal Server Error: endpoint POST /boom failed: Error: upstream refused token ${SETTING_MASK} in eu-west`,
    );
    expect(text).not.toContain("sk-very-secret");
  });

  it("answers 500 when the handler returns something other than a Response", async () => {
    const wrong = defineEndpoint({
      path: "/wrong",
      method: "GET",
      invoke: () => ({ status: "ok" }) as unknown as Response,
    });
    const harness = harnessOf(defineEndpointGroup({ endpoints: [wrong] }));
    const response = await harness.fetch(new Request(url("/wrong")));
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/EndpointResponseError: endpoint GET \/wrong returned an object/);
  });

  it("answers 500 naming a missing required setting, never a value", async () => {
    const ok = defineEndpoint({ settings, path: "/ok", method: "GET", invoke: () => new Response("ok") });
    const harness = harnessOf(defineEndpointGroup({ settings, endpoints: [ok] }));
    const response = await harness.fetch(new Request(url("/ok")), { settings: { region: "x" } });
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/endpoint setting `token` is required/);
  });

  it("appends the daemon's error text to a body that fails mid-stream, as the daemon does", async () => {
    const broken = defineEndpoint({
      path: "/broken",
      method: "GET",
      invoke() {
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            controller.enqueue(new TextEncoder().encode("partial "));
            await new Promise((resolve) => setTimeout(resolve, 5));
            controller.error(new Error("producer died"));
          },
        });
        return new Response(body);
      },
    });
    const harness = harnessOf(defineEndpointGroup({ endpoints: [broken] }));
    const response = await harness.fetch(new Request(url("/broken")));
    const text = await response.text();
    expect(text.startsWith("partial ")).toBe(true);
    expect(text).toContain("producer died");
  });

  it("answers 400 for a raw request llhttp cannot parse", async () => {
    const any = defineEndpoint({ path: "/", method: "GET", invoke: () => new Response("x") });
    const harness = harnessOf(defineEndpointGroup({ endpoints: [any] }));
    const result = await harness.request("endpoint", "invoke_endpoint", {
      raw_http_request: Buffer.from("NOT HTTP\r\n\r\n").toString("hex"),
      settings: {},
    });
    expect(result.items[0]).toMatchObject({ status: 400 });
    expect(Buffer.from((result.items[0] as { result: string }).result, "hex").toString()).toMatch(
      /^Bad Request/,
    );
  });
});

describe("the context", () => {
  it("exposes typed settings, the hook id and URL, the endpoint id and a session that calls back into Dify", async () => {
    const settings = defineEndpointSettings({
      flag: { type: "boolean", default: false },
      mode: { type: "select", options: [{ value: "fast" }, { value: "slow" }], required: true },
      model: { type: "model-selector", scope: "llm", required: true },
    });
    const echo = defineEndpoint({
      settings,
      path: "/ctx",
      method: "POST",
      async invoke(_request, { session, settings: s, hookId, hookUrl, endpointId }) {
        await session.storage.set("last", new TextEncoder().encode(s.mode));
        const stored = await session.storage.get("last");
        return Response.json({
          flag: s.flag,
          mode: s.mode,
          model: s.model.model,
          hookId,
          hookUrl,
          endpointId,
          sessionEndpoint: session.endpointId,
          userId: session.userId,
          stored: new TextDecoder().decode(stored ?? new Uint8Array()),
        });
      },
    });
    const dify = new MockDify();
    dify.storage();
    const harness = harnessOf(defineEndpointGroup({ settings, endpoints: [echo] }), dify);
    const response = await harness.fetch(new Request(url("/ctx"), { method: "POST" }), {
      settings: { flag: "true", mode: "fast", model: { provider: "openai", model: "gpt-4o" } },
      hookId: "hook-9",
      endpointId: "ep-9",
    });
    expect(await response.json()).toEqual({
      flag: true,
      mode: "fast",
      model: "gpt-4o",
      hookId: "hook-9",
      hookUrl: "https://dify.example/e/hook-9/ctx",
      endpointId: "ep-9",
      sessionEndpoint: "ep-9",
      userId: "",
      stored: "fast",
    });
    expect(dify.calls.map((call) => call.type)).toEqual(["storage", "storage"]);
  });
});

describe("declaration and registration", () => {
  const settings = defineEndpointSettings({
    api_key: { type: "secret-input", required: true, label: "API key" },
    app: { type: "app-selector", scope: "chat" },
  });
  const hook = defineEndpoint({ settings, path: "/hook", method: "POST", invoke: () => new Response("") });
  const hidden = defineEndpoint({
    path: "/internal",
    method: "GET",
    hidden: true,
    invoke: () => new Response(""),
  });
  const group = defineEndpointGroup({ settings, endpoints: [hook, hidden] });

  it("declares the settings as ProviderConfig fields and the endpoints inline", () => {
    expect(group.declaration).toEqual({
      settings: [
        { name: "api_key", type: "secret-input", required: true, label: { en_US: "API key" } },
        { name: "app", type: "app-selector", required: false, label: { en_US: "app" }, scope: "chat" },
      ],
      endpoints: [
        { path: "/hook", method: "POST", hidden: false },
        { path: "/internal", method: "GET", hidden: true },
      ],
    });
  });

  it("passes the daemon's registration rules next to tools, and routes invoke_endpoint", () => {
    const plugin = new Plugin().register(group);
    expect(plugin.declarations().get("endpoint")).toEqual([group.declaration]);
    expect(plugin.routes()).toEqual([{ type: "endpoint", action: "invoke_endpoint" }]);
    const manifest = {
      version: "0.0.1",
      type: "plugin",
      author: "acme",
      name: "hooks",
      label: { en_US: "Hooks" },
      description: { en_US: "Hooks" },
      icon: "icon.svg",
      resource: { memory: 268435456, permission: { endpoint: { enabled: true } } },
      plugins: { tools: [], models: [], endpoints: [], agent_strategies: [], datasources: [], triggers: [] },
      meta: {
        version: "0.0.1",
        arch: ["amd64"],
        runner: { language: "python", version: "3.12", entrypoint: "main" },
      },
      created_at: "2025-01-01T00:00:00Z",
    };
    const assets = { "icon.svg": new Uint8Array([60]) };
    expect(validateRegistration({ manifest, declarations: plugin.declarations(), assets })).toEqual([]);
    const withModel = validateRegistration({
      manifest,
      declarations: { endpoint: [group.declaration], model: [{}] },
      assets,
    });
    expect(withModel.map((issue) => issue.message).join("\n")).toMatch(/only tool and endpoint/);
  });

  it("refuses a second group on one plugin, and bad definitions, naming the field", () => {
    const plugin = new Plugin().register(group);
    expect(() => plugin.register(defineEndpointGroup({ endpoints: [] }))).toThrow(
      /already has an endpoint group/,
    );
    expect(() => defineEndpoint({ path: "hook", method: "GET", invoke: () => new Response("") })).toThrow(
      /must start with "\/"/,
    );
    expect(() =>
      defineEndpoint({ path: "/x", method: "PATCH" as "GET", invoke: () => new Response("") }),
    ).toThrow(/no PATCH/);
    expect(() =>
      defineEndpoint({ path: "/x/{a}/{a}", method: "GET", invoke: () => new Response("") }),
    ).toThrow(/repeats the variable a/);
    expect(() => defineEndpoint({ path: "/x/{1a}", method: "GET", invoke: () => new Response("") })).toThrow(
      /malformed variable/,
    );
    expect(() => defineEndpointGroup({ settings, endpoints: [hook, hook] })).toThrow(/repeats POST \/hook/);
    const other = defineEndpointSettings({ x: { type: "text-input" } });
    const mismatched = defineEndpoint({
      settings: other,
      path: "/y",
      method: "GET",
      invoke: () => new Response(""),
    });
    expect(() => defineEndpointGroup({ settings, endpoints: [mismatched] })).toThrow(/not the group's/);
  });

  it("reports bad settings values with EndpointSettingsError naming the setting", () => {
    const error = new EndpointSettingsError("app", "must be an object");
    expect(error.code).toBe("DIFY_ERR_ENDPOINT_SETTINGS");
    expect(error.message).toContain("`app`");
  });
});
