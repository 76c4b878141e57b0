import { connect, createServer, type Server, type Socket } from "node:net";
import { LineDecoder } from "@x/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { type DevProxy, startDevProxy } from "../src/index.js";

const KEY = "9c3df1b4-6daf-4cb4-bcaa-3f05a2dbc3a1";

/** A fake daemon remote-debugging port: checks the key, answers a bad one as the real daemon does. */
async function fakeDaemon(
  onRegistered?: (socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let registered = false;
    const decoder = new LineDecoder({
      onFrame: (frame) => {
        const f = frame as { type?: string; data?: { key?: string } };
        if (registered) return;
        if (f.type === "handshake" && f.data?.key !== KEY) {
          socket.end("handshake failed, invalid key\n");
        } else if (f.type === "end") {
          registered = true;
          onRegistered?.(socket);
        }
      },
      onError: () => socket.end("handshake failed, invalid handshake message\n"),
    });
    socket.on("data", (chunk) => decoder.push(chunk));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}

const PASSPHRASE = "pass-PLANTED-91c2";
const API_KEY = "sk-PLANTED-77aa";

function registration(key: string): string {
  return [
    { type: "handshake", data: { key } },
    {
      type: "manifest_declaration",
      data: {
        author: "acme",
        name: "demo",
        version: "0.0.1",
        label: { en_US: "Demo" },
        icon: "icon.svg",
        resource: { memory: 1, permission: { tool: { enabled: true } } },
      },
    },
    {
      type: "tool_declaration",
      data: [
        {
          identity: { name: "demo" },
          credentials_schema: [],
          tools: [
            {
              identity: { name: "greet" },
              parameters: [
                { name: "name", type: "string", required: true },
                { name: "passphrase", type: "secret-input", required: false },
              ],
            },
          ],
        },
      ],
    },
    {
      type: "asset_chunk",
      data: { filename: "icon.svg", data: Buffer.from("<svg/>").toString("base64"), end: true },
    },
    { type: "end", data: {} },
  ]
    .map((frame) => `${JSON.stringify(frame)}\n`)
    .join("");
}

let proxy: DevProxy | undefined;
let server: Server | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  proxy = undefined;
  server = undefined;
});

function waitFor(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => (predicate() ? resolve() : setTimeout(tick, 10));
    tick();
  });
}

describe("startDevProxy", () => {
  it("shows what was registered, the request, the reverse call and its answer, and forwards bytes unchanged", async () => {
    const fromPlugin: string[] = [];
    const daemon = await fakeDaemon((socket) => {
      socket.on("data", (chunk) => fromPlugin.push(chunk.toString()));
      socket.write(
        `${JSON.stringify({ session_id: "s1", event: "request", data: { type: "tool", action: "invoke_tool", provider: "demo", tool: "greet", tool_parameters: { name: "Ada", passphrase: PASSPHRASE, api_key: API_KEY } } })}\n`,
      );
    });
    server = daemon.server;
    const lines: string[] = [];
    let registered = "";
    proxy = await startDevProxy({
      upstream: { host: "127.0.0.1", port: daemon.port },
      confirmDelay: 50,
      events: { line: (l) => lines.push(l), registered: (id) => (registered = id) },
    });
    const plugin = connect({ host: "127.0.0.1", port: proxy.port });
    const received: string[] = [];
    plugin.on("data", (chunk) => received.push(chunk.toString()));
    plugin.write(registration(KEY));
    await waitFor(() => received.join("").includes("invoke_tool"));
    const invoke = {
      session_id: "s1",
      event: "session",
      data: {
        type: "invoke",
        data: { type: "tool", backwards_request_id: "r1", request: { provider: "x" } },
      },
    };
    plugin.write(`${JSON.stringify(invoke)}\n`);
    await waitFor(() => fromPlugin.join("").includes("backwards_request_id"));
    plugin.end();
    await waitFor(() => registered !== "");

    const text = lines.join("\n");
    expect(text).not.toContain(KEY);
    expect(text).toContain("handshake (debugging key sent, not shown)");
    expect(text).toContain("manifest acme/demo 0.0.1");
    expect(text).toContain("permissions: tool");
    expect(text).toContain('tool provider "demo" (1 tool, 0 credential fields)');
    expect(text).toContain('tool "greet"(name: string, passphrase: secret-input?)');
    expect(text).toContain("asset icon.svg (6 bytes)");
    // A `secret-input` parameter, and one named like a secret, are masked on the console, forwarded unchanged.
    expect(text).toContain(
      '→ request tool/invoke_tool demo/greet {"name":"Ada","passphrase":"***","api_key":"***"}',
    );
    expect(text).not.toContain(PASSPHRASE);
    expect(text).not.toContain(API_KEY);
    expect(received.join("")).toContain(PASSPHRASE);
    expect(text).toContain("→ reverse call tool r1");
    expect(registered).toBe("acme/demo:0.0.1");
    expect(JSON.parse(fromPlugin.join("").trim())).toEqual(invoke);
  });

  it("explains a bad debugging key", async () => {
    server = (await fakeDaemon()).server;
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const lines: string[] = [];
    let fix = "";
    proxy = await startDevProxy({
      upstream: { host: "127.0.0.1", port },
      events: { line: (l) => lines.push(l), rejected: (d) => (fix = d.fix) },
    });
    const plugin = connect({ host: "127.0.0.1", port: proxy.port });
    const received: string[] = [];
    plugin.on("data", (chunk) => received.push(chunk.toString()));
    plugin.write(registration("wrong-key"));
    await waitFor(() => fix !== "");
    expect(lines.join("\n")).toContain("the daemon refused the plugin: handshake failed, invalid key");
    expect(fix).toContain("REMOTE_INSTALL_KEY");
    await waitFor(() => received.join("") !== "");
    // The plugin still gets the daemon's own words (its SDK reports them too).
    expect(received.join("")).toBe("handshake failed, invalid key\n");
  });

  it("explains a refused connection (wrong host or port)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    let fix = "";
    proxy = await startDevProxy({
      upstream: { host: "127.0.0.1", port },
      events: { line: () => {}, unreachable: (f) => (fix = f) },
    });
    const plugin = connect({ host: "127.0.0.1", port: proxy.port });
    plugin.on("error", () => {});
    const closedByProxy = new Promise<void>((resolve) => plugin.on("close", () => resolve()));
    plugin.write(registration(KEY));
    await closedByProxy;
    expect(fix).toContain(`nothing accepts connections at 127.0.0.1:${port}`);
    expect(fix).toContain("REMOTE_INSTALL_URL");
  });
});
