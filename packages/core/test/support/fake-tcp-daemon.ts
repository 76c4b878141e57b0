import { createServer, type Server, type Socket } from "node:net";
import { backwardsFrame } from "./daemon-frames.js";

export { requestFrame } from "./daemon-frames.js";

/** One plugin connection as the fake daemon sees it. */
export interface DaemonConnection {
  socket: Socket;
  /** Every frame received, in order (registration frames first). */
  frames: any[];
  /** Resolves once `end` arrived. */
  registered: Promise<void>;
  /** Sends one frame to the plugin. */
  send(frame: object): void;
  /** Waits for the next frame matching `predicate`. */
  next(predicate: (frame: any) => boolean): Promise<any>;
}

/**
 * A loopback TCP server playing the daemon's remote-debugging port: it records every line, can reject a
 * registration with a plain-text line (like the daemon), and lets a test answer requests and reverse calls.
 */
export class FakeTcpDaemon {
  readonly connections: DaemonConnection[] = [];
  /** Rejections for the next connections, consumed in order: the text, sent after `handshake` or `end`. */
  rejections: Array<{ text: string; at?: "handshake" | "end" }> = [];
  private readonly server: Server;
  private readonly waiters: Array<(connection: DaemonConnection) => void> = [];

  constructor() {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as { port: number }).port;
  }

  /** Resolves with connection number `index` (0-based) once it exists. */
  connection(index: number): Promise<DaemonConnection> {
    const existing = this.connections[index];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => {
      const check = () => {
        const connection = this.connections[index];
        if (connection) resolve(connection);
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const frames: any[] = [];
    const listeners = new Set<() => void>();
    let resolveRegistered!: () => void;
    const registered = new Promise<void>((resolve) => {
      resolveRegistered = resolve;
    });
    const rejection = this.rejections.shift();
    let buffer = "";
    const connection: DaemonConnection = {
      socket,
      frames,
      registered,
      send: (frame) => socket.write(`${JSON.stringify(frame)}\n`),
      next: (predicate) =>
        new Promise((resolve) => {
          let seen = 0;
          const check = () => {
            for (; seen < frames.length; seen++) {
              if (predicate(frames[seen])) {
                listeners.delete(check);
                resolve(frames[seen]);
                return;
              }
            }
          };
          listeners.add(check);
          check();
        }),
    };
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let nl = buffer.indexOf("\n");
      while (nl !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
        if (line.trim() === "") continue;
        const frame = JSON.parse(line);
        frames.push(frame);
        if (rejection !== undefined && frame.type === (rejection.at ?? "end")) {
          // Like the daemon's closeConn: a plain-text line, then close; later lines are ignored.
          socket.end(`${rejection.text}\n`);
          socket.removeAllListeners("data");
          socket.resume();
          return;
        }
        if (frame.type === "end") resolveRegistered();
        for (const listener of [...listeners]) listener();
      }
    });
    socket.on("error", () => undefined);
    this.connections.push(connection);
    for (const waiter of this.waiters.splice(0)) waiter(connection);
  }
}

/** Answers one reverse call with `items` then `end`. */
export function answerInvoke(connection: DaemonConnection, invoke: any, items: unknown[]): void {
  const id = invoke.data.data.backwards_request_id;
  for (const item of items)
    connection.send(backwardsFrame(invoke.session_id, id, "response", { data: item }));
  connection.send(backwardsFrame(invoke.session_id, id, "end"));
}
