import { connect } from "node:net";
import {
  createTcpTransport,
  PluginRuntime,
  RegistrationRejectedError,
  remoteRegistration,
  silentLogger,
} from "@x/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  MockDify,
  RegistrationFailedError,
  startTcpFakeDaemon,
  type TcpFakeDaemon,
  toolMessages,
} from "../src/index.js";
import { ICON, manifest, newsPlugin, toolProvider } from "./fixtures/remote-plugin.js";

const KEY = "9c3df1b4-6daf-4cb4-bcaa-3f05a2dbc3a1";
const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function daemon(
  options: Partial<Parameters<typeof startTcpFakeDaemon>[0]> = {},
): Promise<TcpFakeDaemon> {
  const started = await startTcpFakeDaemon({ key: KEY, ...options });
  open.push(started);
  return started;
}

/** Sends raw lines over a fresh socket and returns everything the daemon wrote before it closed the socket. */
function exchange(port: number, lines: readonly unknown[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(received));
    socket.on("connect", () => {
      for (const line of lines) socket.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`);
    });
  });
}

const handshake = { type: "handshake", data: { key: KEY } };
const manifestFrame = () => ({ type: "manifest_declaration", data: manifest() });
const toolFrame = (provider: unknown = toolProvider()) => ({ type: "tool_declaration", data: [provider] });
const iconFrame = {
  type: "asset_chunk",
  data: { filename: "icon.svg", data: Buffer.from(ICON).toString("base64"), end: true },
};
const end = { type: "end", data: {} };

describe("TCP fake daemon", () => {
  it("accepts a valid registration from the real TCP transport, then runs a tool and answers its reverse calls", async () => {
    const dify = new MockDify();
    const search = dify.tool("builtin", "google", "search", [toolMessages.text("headline")]);
    const fake = await daemon({ dify });
    const runtime = new PluginRuntime({
      plugin: newsPlugin(),
      logger: silentLogger,
      transport: createTcpTransport({
        host: "127.0.0.1",
        port: fake.port,
        handshake: remoteRegistration({
          key: KEY,
          manifest: manifest(),
          declarations: newsPlugin().declarations(),
          assets: { "icon.svg": ICON },
        }),
        logger: silentLogger,
      }),
    });
    open.push(runtime);
    await runtime.start();
    const plugin = await fake.nextConnection();

    expect(plugin.registration.manifest).toMatchObject({ author: "acme", name: "news" });
    expect(plugin.registration.declarations.tool).toEqual(toolProvider());
    expect(plugin.registration.assets.get("icon.svg")).toEqual(ICON);

    const result = await plugin.invokeTool({
      provider: "news",
      tool: "digest",
      parameters: { query: "rain" },
    });
    // storage is not enabled by the registered manifest: the daemon's exact permission text comes back.
    expect(result.text).toBe(
      "headline | permission denied, you need to enable storage access in plugin manifest",
    );
    expect(search.calls[0]?.request.tool_parameters).toEqual({ query: "rain" });
    expect(dify.calls.map((call) => call.outcome)).toEqual(["answered", "permission_denied"]);
    expect(fake.rejections).toEqual([]);
  });

  it("makes the real TCP transport fail with RegistrationRejectedError on a wrong key", async () => {
    const fake = await daemon();
    const runtime = new PluginRuntime({
      plugin: newsPlugin(),
      logger: silentLogger,
      transport: createTcpTransport({
        host: "127.0.0.1",
        port: fake.port,
        handshake: remoteRegistration({
          key: "wrong-key",
          manifest: manifest(),
          declarations: newsPlugin().declarations(),
          assets: { "icon.svg": ICON },
        }),
        logger: silentLogger,
        reconnect: { attempts: 0 },
      }),
    });
    open.push(runtime);
    await expect(runtime.start()).rejects.toSatisfy(RegistrationRejectedError.isInstance);
    expect((await fake.nextRejection()).reply).toBe("handshake failed, invalid key");
  });

  const cases: Array<[string, unknown[], string | RegExp]> = [
    ["a line that is not JSON", ["hello world"], "handshake failed, invalid handshake message"],
    ["a frame without data", [{ type: "handshake" }], "handshake failed, invalid handshake message"],
    ["a wrong key", [{ type: "handshake", data: { key: "nope" } }], "handshake failed, invalid key"],
    [
      "a handshake without key",
      [{ type: "handshake", data: {} }],
      "handshake failed, invalid handshake message",
    ],
    [
      "a manifest before the handshake",
      [manifestFrame()],
      "handshake failed, registration message before handshake",
    ],
    ["a second handshake", [handshake, handshake], "handshake already completed"],
    [
      "an invalid manifest",
      [handshake, { type: "manifest_declaration", data: { ...manifest(), author: "Acme Corp" } }],
      /^handshake failed, invalid plugin declaration: author: /,
    ],
    ["a second manifest", [handshake, manifestFrame(), manifestFrame()], "declaration already registered"],
    [
      "a tool declaration that is not an array",
      [handshake, manifestFrame(), { type: "tool_declaration", data: toolProvider() }],
      "tools register failed, invalid tools declaration: expected a JSON array",
    ],
    [
      "a tool without an LLM description",
      [
        handshake,
        manifestFrame(),
        toolFrame({
          ...toolProvider(),
          tools: [
            { ...(toolProvider().tools as object[])[0], description: { human: { en_US: "h" }, llm: "" } },
          ],
        }),
      ],
      /^tools register failed, invalid tools declaration: tools\.0\.description\.llm: /,
    ],
    [
      "a second tool declaration",
      [handshake, manifestFrame(), toolFrame(), toolFrame()],
      "tools declaration already registered",
    ],
    [
      "an asset that is not base64",
      [
        handshake,
        manifestFrame(),
        { type: "asset_chunk", data: { filename: "icon.svg", data: "AAA*", end: true } },
      ],
      "assets decode failed, error: illegal base64 data at input byte 3",
    ],
    [
      "an empty asset chunk",
      [
        handshake,
        manifestFrame(),
        { type: "asset_chunk", data: { filename: "icon.svg", data: "", end: true } },
      ],
      "transfer assets failed, error: data is required",
    ],
    [
      "an end with no declaration",
      [handshake, manifestFrame(), end],
      "no registration transferred, cannot initialize",
    ],
    [
      "a missing icon",
      [handshake, manifestFrame(), toolFrame(), end],
      "assets remap failed, invalid assets data, cannot remap: file not found: icon.svg",
    ],
    [
      "a tool declaration sent before the manifest (the manifest wipes it)",
      [handshake, toolFrame(), manifestFrame(), iconFrame, end],
      /^register failed, invalid manifest detected: declarations: /,
    ],
    [
      "tool and model declarations together",
      [
        handshake,
        manifestFrame(),
        toolFrame(),
        {
          type: "model_declaration",
          data: [
            {
              provider: "m",
              label: { en_US: "M" },
              supported_model_types: ["llm"],
              configurate_methods: ["customizable-model"],
              models: [],
            },
          ],
        },
        iconFrame,
        end,
      ],
      /^register failed, invalid manifest detected: declarations: a plugin may combine only tool and endpoint/,
    ],
  ];

  it.each(cases)("rejects %s with the daemon's text, then closes", async (_name, lines, expected) => {
    const fake = await daemon();
    const reply = await exchange(fake.port, lines);
    expect(reply.endsWith("\n")).toBe(true);
    expect(reply.split("\n")).toHaveLength(2);
    if (typeof expected === "string") expect(reply).toBe(`${expected}\n`);
    else expect(reply.trimEnd()).toMatch(expected);
    expect((await fake.nextRejection()).reply).toBe(reply.trimEnd());
    expect(fake.connections).toEqual([]);
  });

  it("accepts the same frames written by hand, ignoring unknown registration types", async () => {
    const fake = await daemon();
    const socket = connect(fake.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    for (const frame of [
      handshake,
      manifestFrame(),
      { type: "future_thing", data: {} },
      toolFrame(),
      iconFrame,
      end,
    ]) {
      socket.write(`${JSON.stringify(frame)}\n\n`);
    }
    const plugin = await fake.nextConnection();
    expect(plugin.registration.assets.get("icon.svg")).toEqual(ICON);
    socket.destroy();
  });

  it("closes a connection that sends no handshake in time, silently", async () => {
    const fake = await daemon({ handshakeTimeout: 50 });
    expect(await exchange(fake.port, [])).toBe("");
    expect(await fake.nextRejection()).toEqual({ reply: "", frames: [] });
  });
});

describe("TCP fake daemon waiting for a plugin", () => {
  it("fails nextConnection with RegistrationFailedError when the registration is refused", async () => {
    const fake = await daemon();
    const waiting = fake.nextConnection();
    const refused = expect(waiting).rejects.toSatisfy(RegistrationFailedError.isInstance);
    await exchange(fake.port, [{ type: "handshake", data: { key: "bad" } }]);
    await refused;
    await expect(waiting).rejects.toMatchObject({ reply: "handshake failed, invalid key" });
  });

  it("fails nextConnection after its timeout when nobody connects", async () => {
    const fake = await daemon();
    await expect(fake.nextConnection({ timeout: 20 })).rejects.toThrow(/no plugin registered within 20 ms/);
  });
});
