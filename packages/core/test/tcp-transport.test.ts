import { type AddressInfo, createServer } from "node:net";
import {
  ConnectionClosedError,
  createLogger,
  DaemonUnreachableError,
  type PluginHandle,
  RegistrationInvalidError,
  RegistrationRejectedError,
  remoteRegistration,
  runPlugin,
  silentLogger,
} from "@x/core";
import { type LogRecord, TcpTransport } from "@x/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { answerInvoke, FakeTcpDaemon, requestFrame } from "./support/fake-tcp-daemon.js";
import { ICON, manifest, remotePlugin, toolProvider } from "./support/remote-fixture.js";

const KEY = "9c3df1b4-6daf-4cb4-bcaa-3f05a2dbc3a1";

let daemon: FakeTcpDaemon;
let handle: PluginHandle | undefined;
const records: LogRecord[] = [];

afterEach(async () => {
  await handle?.close();
  handle = undefined;
  await daemon?.close();
  // The debug key must never reach a log line, whatever happened in the test.
  for (const record of records) expect(record.message).not.toContain(KEY);
  records.length = 0;
});

async function start(
  plugin = remotePlugin(),
  tuning: { attempts?: number; writeStallTimeout?: number; confirmDelay?: number } = {},
) {
  daemon ??= new FakeTcpDaemon();
  const port = await daemonPort();
  return runPlugin(plugin, {
    cwd: false,
    env: {},
    overrides: { installMethod: "remote", remoteInstallUrl: `127.0.0.1:${port}`, remoteInstallKey: KEY },
    logger: createLogger({ sink: (record) => records.push(record), level: "debug", secrets: [KEY] }),
    tcp: {
      confirmDelay: tuning.confirmDelay ?? 50,
      reconnect: { attempts: tuning.attempts ?? 5, initialDelay: 10, maxDelay: 50 },
      ...(tuning.writeStallTimeout === undefined ? {} : { writeStallTimeout: tuning.writeStallTimeout }),
    },
  });
}

let listening: Promise<number> | undefined;
function daemonPort(): Promise<number> {
  listening ??= daemon.listen();
  return listening;
}

function fresh(): void {
  daemon = new FakeTcpDaemon();
  listening = undefined;
}

/** Runs the plugin and returns the error it stops with, whether start or `closed` reports it. */
async function failure(plugin = remotePlugin(), tuning: { attempts?: number } = {}): Promise<unknown> {
  try {
    handle = await start(plugin, tuning);
  } catch (error) {
    return error;
  }
  return handle.closed.then(
    () => new Error("closed without error"),
    (error: unknown) => error,
  );
}

describe("TCP remote debugging", () => {
  it("sends handshake, manifest, declarations as arrays, asset chunks and end, in that order, then heartbeats", async () => {
    fresh();
    handle = await start();
    const connection = await daemon.connection(0);
    await connection.registered;
    await connection.next((frame) => frame.event === "heartbeat");
    const types = connection.frames.map((frame) => frame.type ?? frame.event);
    const end = types.indexOf("end");
    expect(types.slice(0, end + 1)).toEqual([
      "handshake",
      "manifest_declaration",
      "tool_declaration",
      "asset_chunk",
      "asset_chunk",
      "asset_chunk",
      "end",
    ]);
    expect(types.slice(end + 1).every((type) => type === "heartbeat")).toBe(true);
    const [handshake, manifest, tools, ...rest] = connection.frames;
    expect(handshake).toEqual({ type: "handshake", data: { key: KEY } });
    expect(manifest.data.meta.runner.language).toBe("python");
    expect(Array.isArray(tools.data)).toBe(true);
    expect(tools.data[0].identity.name).toBe("demo");
    const chunks = rest.filter((frame) => frame.type === "asset_chunk");
    const raw = chunks.map((frame) => Buffer.from(frame.data.data, "base64"));
    expect(raw.every((bytes) => bytes.length <= 8192)).toBe(true);
    expect(new Uint8Array(Buffer.concat(raw))).toEqual(ICON);
    expect(chunks.map((frame) => frame.data.end)).toEqual([false, false, true]);
    expect(chunks.every((frame) => frame.data.filename === "icon.svg")).toBe(true);
  });

  it("heartbeats right after `end`, without waiting out the confirmation window; a daemon frame confirms", async () => {
    fresh();
    // A window of a minute: only the daemon's first frame can end it within the test.
    const starting = start(remotePlugin(), { confirmDelay: 60_000 });
    let started = false;
    void starting.then(() => {
      started = true;
    });
    const connection = await daemon.connection(0);
    await connection.registered;
    await connection.next((frame) => frame.event === "heartbeat");
    expect(started).toBe(false);
    connection.send(requestFrame("s0", { type: "tool", action: "no_such_action" }));
    handle = await starting;
    expect(started).toBe(true);
  });

  it("answers a request that makes a reverse call over the same socket", async () => {
    fresh();
    const plugin = remotePlugin().on("tool", "invoke_tool", async function* (session) {
      const items = await session.invoke("tool", { tool_name: "x" }).toArray();
      yield { type: "json", message: { json_object: { items } } };
    });
    handle = await start(plugin);
    const connection = await daemon.connection(0);
    await connection.registered;
    connection.send(requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    const invoke = await connection.next((frame) => frame.data?.type === "invoke");
    expect(invoke.session_id).toBe("s1");
    expect(invoke.data.data.type).toBe("tool");
    answerInvoke(connection, invoke, [{ a: 1 }, { b: 2 }]);
    const stream = await connection.next((frame) => frame.data?.type === "stream");
    await connection.next((frame) => frame.data?.type === "end" && frame.session_id === "s1");
    expect(stream.data.data.message.json_object.items).toEqual([{ a: 1 }, { b: 2 }]);
    expect(handle.runtime.stats().inFlight).toBe(0);
  });

  const rejections: Array<[string, string, "handshake" | "end"]> = [
    ["handshake failed, invalid key", "invalid_key", "handshake"],
    [
      "handshake failed, invalid plugin declaration: Key: 'PluginDeclaration.Icon' Error",
      "invalid_declaration",
      "end",
    ],
    [
      "tools register failed, invalid tools declaration: unexpected end of JSON input",
      "invalid_declaration",
      "end",
    ],
    ["assets too large, at most 50MB", "assets_too_large", "end"],
    [
      "assets remap failed, invalid assets data, cannot remap: file not found: icon.svg",
      "assets_remap_failed",
      "end",
    ],
    ["no registration transferred, cannot initialize", "no_registration", "end"],
    ["register failed, invalid manifest detected: author mismatch", "invalid_manifest", "end"],
  ];
  for (const [text, reason, at] of rejections) {
    it(`turns the rejection "${text.slice(0, 40)}..." into RegistrationRejectedError(${reason}) without retrying`, async () => {
      fresh();
      daemon.rejections.push({ text, at });
      const error = await failure();
      expect(RegistrationRejectedError.isInstance(error)).toBe(true);
      const rejected = error as RegistrationRejectedError;
      expect(rejected.reason).toBe(reason);
      expect(rejected.daemonMessage).toBe(text);
      expect(rejected.retryable).toBe(false);
      expect(rejected.message).not.toContain(KEY);
      expect(daemon.connections).toHaveLength(1);
    });
  }

  it("names the fix in the message of an invalid-key rejection", async () => {
    fresh();
    daemon.rejections.push({ text: "handshake failed, invalid key", at: "handshake" });
    const error = (await failure()) as Error;
    expect(error.message).toMatch(/REMOTE_INSTALL_KEY/);
  });

  it("retries with backoff while the daemon is busy, then registers", async () => {
    fresh();
    daemon.rejections.push({ text: "server is busy now, please try again later" });
    daemon.rejections.push({ text: "server is busy now, please try again later" });
    handle = await start();
    const third = await daemon.connection(2);
    await third.registered;
    expect(third.frames[0].type).toBe("handshake");
  });

  it("fails every in-flight call with ConnectionClosedError when the socket drops, then reconnects and registers again", async () => {
    fresh();
    const failures: unknown[] = [];
    const plugin = remotePlugin().on("tool", "invoke_tool", async (session) => {
      try {
        await session.invoke("tool", { n: session.id }).toArray();
        return { ok: true };
      } catch (error) {
        failures.push(error);
        throw error;
      }
    });
    plugin.on("tool", "ping", () => ({ pong: true }));
    handle = await start(plugin);
    const first = await daemon.connection(0);
    await first.registered;
    for (const id of ["s1", "s2", "s3"])
      first.send(requestFrame(id, { type: "tool", action: "invoke_tool" }));
    for (const id of ["s1", "s2", "s3"])
      await first.next((frame) => frame.session_id === id && frame.data?.type === "invoke");
    expect(handle.runtime.stats().inFlight).toBe(3);
    first.socket.destroy();

    const second = await daemon.connection(1);
    await second.registered;
    await expect.poll(() => failures.length).toBe(3);
    expect(failures.every((error) => ConnectionClosedError.isInstance(error))).toBe(true);
    expect(handle.runtime.stats().inFlight).toBe(0);
    expect(second.frames.slice(0, 2).map((frame) => frame.type)).toEqual([
      "handshake",
      "manifest_declaration",
    ]);

    second.send(requestFrame("s4", { type: "tool", action: "ping" }));
    const reply = await second.next((frame) => frame.session_id === "s4" && frame.data?.type === "stream");
    expect(reply.data.data).toEqual({ pong: true });
    // Nothing of the old sessions leaks onto the new connection.
    expect(second.frames.some((frame) => ["s1", "s2", "s3"].includes(frame.session_id))).toBe(false);
  });

  it("gives up with DaemonUnreachableError after the configured attempts", async () => {
    fresh();
    const port = await daemonPort();
    await daemon.close();
    const error = await failure(remotePlugin(), { attempts: 3 });
    expect(DaemonUnreachableError.isInstance(error)).toBe(true);
    expect((error as DaemonUnreachableError).attempts).toBe(3);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    fresh();
  });

  it("gives up after a dropped connection when the daemon stays away", async () => {
    fresh();
    handle = await start(remotePlugin(), { attempts: 2 });
    const first = await daemon.connection(0);
    await first.registered;
    await daemon.close();
    const error = await handle.closed.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(DaemonUnreachableError.isInstance(error)).toBe(true);
    fresh();
  });

  it("refuses to connect when the declarations would be rejected, listing every problem", async () => {
    fresh();
    const plugin = remotePlugin();
    const broken = remotePlugin().declarations().get("tool")![0] as any;
    broken.credentials_schema = undefined;
    broken.tools[0].description.llm = "";
    const bad = new (plugin.constructor as typeof import("@x/core").Plugin)({ manifest: plugin.manifest! });
    bad.declare("tool", broken);
    const error = await failure(bad);
    expect(RegistrationInvalidError.isInstance(error)).toBe(true);
    const paths = (error as RegistrationInvalidError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(["tool.credentials_schema", "tool.tools[0].description.llm", "manifest.icon"]),
    );
    expect(daemon.connections).toHaveLength(0);
  });

  it("still reads the rejection when the daemon closes hard while assets are being sent", async () => {
    fresh();
    const server = createServer((socket) => {
      socket.on("error", () => undefined);
      socket.once("data", () => socket.write("handshake failed, invalid key\n", () => socket.destroy()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const transport = new TcpTransport({
      host: "127.0.0.1",
      port: (server.address() as AddressInfo).port,
      handshake: remoteRegistration({
        key: KEY,
        manifest: manifest(),
        declarations: { tool: [toolProvider()] },
        assets: { "icon.svg": ICON, "big.bin": new Uint8Array(2_000_000).fill(7) },
      }),
      logger: silentLogger,
      reconnect: { attempts: 2, initialDelay: 5 },
      confirmDelay: 50,
    });
    const error = await transport.start().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Seen failing once under a full parallel `pnpm check`: say what came instead of the rejection.
    expect(RegistrationRejectedError.isInstance(error), `got ${String(error)}`).toBe(true);
    expect((error as RegistrationRejectedError).reason).toBe("invalid_key");
  });

  it("does not carry log frames (the daemon drops them for remote plugins)", () => {
    const transport = new TcpTransport({
      host: "127.0.0.1",
      port: 1,
      handshake: remoteRegistration({ key: KEY, manifest: {}, declarations: {} }),
    });
    expect(transport.acceptsLogFrames).toBe(false);
  });

  it("treats a daemon that stops reading as a dropped connection (write stall): calls fail now and it reconnects", async () => {
    fresh();
    let reason: unknown;
    const plugin = remotePlugin().on("tool", "invoke_tool", async function* (session) {
      session.signal.addEventListener("abort", () => {
        reason = session.signal.reason;
      });
      // Far more than the socket buffers can hold while nobody reads.
      for (let i = 0; i < 4000 && !session.ended; i++)
        yield { type: "text", message: { text: "z".repeat(65_536) } };
    });
    handle = await start(plugin, { writeStallTimeout: 300 });
    const first = await daemon.connection(0);
    await first.registered;
    first.socket.pause();
    first.send(requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    const second = await daemon.connection(1);
    await second.registered;
    expect(ConnectionClosedError.isInstance(reason)).toBe(true);
    expect((reason as Error).message).toMatch(/read nothing for 300 ms|dropped/);
  });

  it("never prints the key when a daemon's rejection text echoes it", async () => {
    fresh();
    daemon.rejections = [{ text: `handshake failed, invalid key ${KEY}`, at: "handshake" }];
    const error = await failure(remotePlugin(), { attempts: 1 });
    expect(RegistrationRejectedError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain(KEY);
    expect((error as Error).message).toContain("[redacted]");
  });
});
