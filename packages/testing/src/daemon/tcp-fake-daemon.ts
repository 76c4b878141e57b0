import { createServer, type Server, type Socket } from "node:net";
import { RegistrationFailedError } from "../errors/registration-failed-error.js";
import { PluginConnection } from "../harness/plugin-connection.js";
import { MockDify } from "../mock/mock-dify.js";
import type { ManifestPermissions } from "../mock/permissions.js";
import { DaemonPeer, type FrameDirection } from "./daemon-peer.js";
import { type Registration, RegistrationState } from "./registration-state.js";
import { StreamLink } from "./stream-link.js";

/** Options of {@link startTcpFakeDaemon}. */
export interface TcpFakeDaemonOptions {
  /** The debug key plugins must present in their handshake. */
  key: string;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Port (default 0: any free port; read it from `daemon.port`). */
  port?: number;
  /** Answers reverse calls (default: a fresh `MockDify`). */
  dify?: MockDify;
  /** Close connections that have not completed the handshake after this many ms, silently (default 10 000). */
  handshakeTimeout?: number;
  /** Close a registered connection when no heartbeat came in this window, in ms (default 60 000). */
  heartbeatTimeout?: number;
  /** Default request timeout in ms (default 60 000). */
  requestTimeout?: number;
  /** Reject requests that made unmocked reverse calls (default true). */
  strict?: boolean;
  /** Sees every frame in both directions, registration frames included (as `in`). */
  observe?: (direction: FrameDirection, frame: unknown) => void;
}

/** A registration the fake daemon refused: the plain-text line it sent before closing, and what had arrived. */
export interface Rejection {
  /** The daemon's reply line without the newline (`""` for a silent handshake timeout). */
  readonly reply: string;
  /** The registration frames received on that connection, in order. */
  readonly frames: readonly unknown[];
}

/** A plugin registered with the TCP fake daemon. */
export class TcpPluginConnection extends PluginConnection {
  /** What the plugin registered (manifest, first declaration per kind, assets). */
  readonly registration: Registration;

  /** @internal Built by the fake daemon. */
  constructor(daemon: DaemonPeer, dify: MockDify, registration: Registration, strict: boolean) {
    super(daemon, dify, { strict });
    this.registration = registration;
  }

  /** Closes the connection gracefully. */
  async close(): Promise<void> {
    await this.daemon.close();
  }
}

/**
 * The daemon's remote-debugging server (§1.3), faked: validates each plugin's handshake key and registration
 * frames (order, shapes, manifest and declaration rules, icons present as assets) and refuses bad ones with the
 * daemon's exact plain-text line before closing; then sends requests and answers reverse calls.
 */
export class TcpFakeDaemon {
  /** The mock answering reverse calls. */
  readonly dify: MockDify;
  /** Refused registrations, in order. */
  readonly rejections: Rejection[] = [];
  /** Accepted plugins, in order. */
  readonly connections: TcpPluginConnection[] = [];

  private readonly server: Server;
  private readonly options: TcpFakeDaemonOptions;
  private readonly sockets = new Set<Socket>();
  private connectionWaiters: Array<{
    resolve: (connection: TcpPluginConnection) => void;
    reject: (error: Error) => void;
  }> = [];
  private rejectionWaiters: Array<(rejection: Rejection) => void> = [];
  private taken = { connections: 0, rejections: 0 };

  /** @internal Use {@link startTcpFakeDaemon}. */
  constructor(server: Server, options: TcpFakeDaemonOptions) {
    this.server = server;
    this.options = options;
    this.dify = options.dify ?? new MockDify();
    server.on("connection", (socket) => this.accept(socket));
  }

  /** The port it listens on. */
  get port(): number {
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  /** The host it listens on. */
  get host(): string {
    return this.options.host ?? "127.0.0.1";
  }

  /**
   * Resolves with the next accepted plugin (one already accepted and not yet taken comes first). Rejects with
   * {@link RegistrationFailedError} when a registration is refused while waiting (unless `nextRejection` is waiting
   * for it), and with an `Error` after `timeout` ms (default 30 000).
   */
  nextConnection(options: { timeout?: number } = {}): Promise<TcpPluginConnection> {
    const ready = this.connections[this.taken.connections];
    if (ready) {
      this.taken.connections++;
      return Promise.resolve(ready);
    }
    const timeout = options.timeout ?? 30_000;
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (connection: TcpPluginConnection) => {
          clearTimeout(timer);
          resolve(connection);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.connectionWaiters = this.connectionWaiters.filter((w) => w !== waiter);
        reject(
          new Error(`no plugin registered within ${timeout} ms (listening on ${this.host}:${this.port})`),
        );
      }, timeout);
      this.connectionWaiters.push(waiter);
    });
  }

  /** Resolves with the next refused registration (one already refused and not yet taken comes first). */
  nextRejection(): Promise<Rejection> {
    const ready = this.rejections[this.taken.rejections];
    if (ready) {
      this.taken.rejections++;
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => this.rejectionWaiters.push(resolve));
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Same as {@link TcpFakeDaemon.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    const link = new StreamLink(socket, socket, { end: () => socket.end(), destroy: () => socket.destroy() });
    const state = new RegistrationState(this.options.key);
    const frames: unknown[] = [];
    let done = false;

    const handshakeTimer = setTimeout(() => {
      if (state.handshakeDone || done) return;
      done = true;
      socket.destroy();
      this.rejected({ reply: "", frames });
    }, this.options.handshakeTimeout ?? 10_000);
    handshakeTimer.unref();

    const refuse = (reply: string) => {
      done = true;
      clearTimeout(handshakeTimer);
      this.rejected({ reply, frames });
      void link.sendRaw(`${reply}\n`).finally(() => socket.end());
    };
    link.onerror = () => {
      if (!done) refuse("handshake failed, invalid handshake message");
    };
    link.onclose = () => clearTimeout(handshakeTimer);
    link.onmessage = (frame) => {
      if (done) return; // after a failure the daemon ignores every further line
      frames.push(frame);
      this.options.observe?.("in", frame);
      const step = state.handle(frame);
      if (step.kind === "reject") refuse(step.reply);
      else if (step.kind === "registered") {
        done = true;
        clearTimeout(handshakeTimer);
        this.registered(link, step.registration);
      }
    };
  }

  private registered(link: StreamLink, registration: Registration): void {
    const permissions = permissionsOf(registration.manifest);
    const daemon = new DaemonPeer(link, {
      dify: this.dify,
      permissions: () => permissions,
      ...(this.options.observe ? { observe: this.options.observe } : {}),
      ...(this.options.requestTimeout === undefined ? {} : { requestTimeout: this.options.requestTimeout }),
    });
    const connection = new TcpPluginConnection(daemon, this.dify, registration, this.options.strict ?? true);
    this.watchHeartbeats(daemon, this.options.heartbeatTimeout ?? 60_000);
    this.connections.push(connection);
    const waiter = this.connectionWaiters.shift();
    if (waiter) {
      this.taken.connections++;
      waiter.resolve(connection);
    }
  }

  private rejected(rejection: Rejection): void {
    this.rejections.push(rejection);
    const waiter = this.rejectionWaiters.shift();
    if (waiter) {
      this.taken.rejections++;
      waiter(rejection);
      return;
    }
    // Someone waits for a plugin and this one was refused: fail fast with the daemon's reason.
    this.connectionWaiters
      .shift()
      ?.reject(new RegistrationFailedError(rejection.reply || "no handshake in time"));
  }

  // Like the daemon's monitor: each window must contain a heartbeat, or the connection is closed.
  private watchHeartbeats(daemon: DaemonPeer, windowMs: number): void {
    let seen = daemon.heartbeats;
    const timer = setInterval(() => {
      if (daemon.isClosed) {
        clearInterval(timer);
        return;
      }
      if (daemon.heartbeats === seen) {
        clearInterval(timer);
        daemon.drop();
        return;
      }
      seen = daemon.heartbeats;
    }, windowMs);
    timer.unref();
  }
}

/** Starts a {@link TcpFakeDaemon} and resolves once it listens. */
export async function startTcpFakeDaemon(options: TcpFakeDaemonOptions): Promise<TcpFakeDaemon> {
  const server = createServer();
  const daemon = new TcpFakeDaemon(server, options);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return daemon;
}

function permissionsOf(manifest: Record<string, unknown>): ManifestPermissions {
  const resource = manifest.resource;
  if (typeof resource !== "object" || resource === null) return {};
  const permission = (resource as { permission?: unknown }).permission;
  return typeof permission === "object" && permission !== null ? (permission as ManifestPermissions) : {};
}
