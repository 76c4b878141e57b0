import { connect, createServer, type Server, type Socket } from "node:net";
import { ProtocolError } from "@x/core";
import { LineDecoder } from "@x/core/internal";
import {
  collectSecretParameters,
  describeDaemonFrame,
  describePluginFrame,
  describeRegistration,
  type SecretParameters,
} from "./describe-frames.js";
import { type Diagnosis, diagnoseConnectError, diagnoseRejection } from "./diagnose.js";

/** Callbacks of a {@link DevProxy}. */
export interface DevProxyEvents {
  /** A line to show the developer. */
  line(text: string): void;
  /** The daemon accepted the registration (no rejection within `confirmDelay`). */
  registered?(identity: string): void;
  /** The daemon rejected the registration with a plain-text line. */
  rejected?(diagnosis: Diagnosis): void;
  /** The daemon's port could not be reached. */
  unreachable?(fix: string): void;
  /**
   * Sees every decoded frame: `in` = plugin → daemon (registration frames included), `out` = daemon → plugin
   * (the direction names of `@x/testing`'s `observe`, so a `CassetteRecorder` can be fed directly).
   */
  frame?(direction: "in" | "out", frame: unknown): void;
}

/** Options of {@link startDevProxy}. */
export interface DevProxyOptions {
  /** The Dify plugin daemon's remote-debugging address. */
  upstream: { host: string; port: number };
  /** Where events go. */
  events: DevProxyEvents;
  /** Milliseconds after `end` without a rejection before the registration counts as accepted. Default 1500. */
  confirmDelay?: number;
}

/** A running proxy: the plugin dials `127.0.0.1:port` and its bytes go unchanged to the daemon and back. */
export interface DevProxy {
  /** Local port the plugin connects to. */
  readonly port: number;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

/**
 * Sits between the plugin (remote-debugging mode) and the daemon, forwarding every byte unchanged while decoding a
 * copy to show what was registered, each request, each reverse call and its answers, and — when the daemon
 * refuses or cannot be reached — what to fix.
 */
export async function startDevProxy(options: DevProxyOptions): Promise<DevProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((plugin) => {
    sockets.add(plugin);
    plugin.once("close", () => sockets.delete(plugin));
    relay(plugin, options, sockets);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function relay(plugin: Socket, options: DevProxyOptions, sockets: Set<Socket>): void {
  const { events } = options;
  const { host, port } = options.upstream;
  const daemon = connect({ host, port });
  sockets.add(daemon);
  daemon.once("close", () => sockets.delete(daemon));
  let connected = false;
  let registered = false;
  let rejected = false;
  let identity = "";
  let confirmTimer: NodeJS.Timeout | undefined;
  const assets = new Map<string, number>();
  // Tool parameters declared `secret-input`: their values never reach the console.
  const secrets: SecretParameters = new Map();

  const pluginSide = new LineDecoder({
    onFrame: (frame) => {
      events.frame?.("in", frame);
      const f = frame as Record<string, unknown>;
      if (!registered) {
        if (f.type === "asset_chunk") {
          const data = (f.data ?? {}) as { filename?: string; data?: string };
          const name = String(data.filename);
          assets.set(name, (assets.get(name) ?? 0) + Buffer.byteLength(String(data.data ?? ""), "base64"));
          return;
        }
        if (f.type === "manifest_declaration") {
          const m = (f.data ?? {}) as Record<string, unknown>;
          identity = `${String(m.author)}/${String(m.name)}:${String(m.version)}`;
        }
        if (f.type === "end") {
          for (const [name, size] of assets) events.line(`  asset ${name} (${size} bytes)`);
          registered = true;
          confirmTimer = setTimeout(() => confirm(), options.confirmDelay ?? 1500);
        }
        collectSecretParameters(f, secrets);
        for (const line of describeRegistration(f)) events.line(`  ${line}`);
        return;
      }
      const text = describePluginFrame(f);
      if (text) events.line(text);
    },
    onError: (error) => events.line(`  (plugin sent an unreadable line: ${error.message})`),
  });

  // The daemon never acknowledges a registration: silence after `end` (or any frame it sends) means accepted.
  let confirmed = false;
  const confirm = () => {
    if (confirmTimer) clearTimeout(confirmTimer);
    if (confirmed || rejected || !registered || daemon.destroyed) return;
    confirmed = true;
    events.line(
      `✓ registered ${identity}: it is now installed (debugging) in the workspace that owns the key`,
    );
    events.registered?.(identity);
  };

  const daemonSide = new LineDecoder({
    onFrame: (frame) => {
      confirm();
      events.frame?.("out", frame);
      const text = describeDaemonFrame(frame as Record<string, unknown>, secrets);
      if (text) events.line(text);
    },
    onError: (error) => {
      // The daemon answers a bad registration with one plain-text line, then closes.
      const excerpt = ProtocolError.isInstance(error) ? error.excerpt : undefined;
      if (excerpt === undefined) return;
      rejected = true;
      const diagnosis = diagnoseRejection(excerpt);
      events.line(`✗ the daemon refused the plugin: ${diagnosis.daemonMessage}`);
      events.line(`  fix: ${diagnosis.fix}`);
      events.rejected?.(diagnosis);
    },
  });

  events.line(`the plugin connected; connecting to the daemon at ${host}:${port} and registering:`);
  daemon.on("connect", () => {
    connected = true;
  });
  daemon.on("data", (chunk: Buffer) => {
    daemonSide.push(chunk);
    plugin.write(chunk);
  });
  plugin.on("data", (chunk: Buffer) => {
    pluginSide.push(chunk);
    daemon.write(chunk);
  });
  daemon.on("error", (error: NodeJS.ErrnoException) => {
    if (!connected) {
      const fix = diagnoseConnectError(host, port, error.code);
      events.line(`✗ ${fix}`);
      events.unreachable?.(fix);
    } else {
      events.line(`connection to the daemon failed: ${error.code ?? error.message}`);
    }
    plugin.destroy();
  });
  plugin.on("error", () => daemon.destroy());
  daemon.on("close", () => {
    if (confirmTimer) clearTimeout(confirmTimer);
    daemonSide.end();
    if (connected && !rejected) {
      events.line(
        registered
          ? "the daemon closed the connection (Dify uninstalls the debugging plugin; it reconnects if still running)"
          : "the daemon closed the connection during registration without a reason: the handshake took over 10 s, or the key's workspace is gone; check REMOTE_INSTALL_KEY",
      );
    }
    plugin.end();
  });
  plugin.on("close", () => {
    pluginSide.end();
    daemon.end();
  });
}
