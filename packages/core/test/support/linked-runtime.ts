import { createLogger, InMemoryTransport, type Logger, Plugin, PluginRuntime } from "@x/core";
import type { LogRecord, PluginRuntimeOptions } from "@x/core/internal";

export { backwardsFrame, requestFrame } from "./daemon-frames.js";

/** A frame as the fake daemon received it. */
export type Frame = Record<string, any>;

/** Logger that keeps records in memory. */
export function memoryLogger(level: "debug" | "info" = "debug"): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { logger: createLogger({ level, sink: (record) => records.push(record) }), records };
}

/**
 * A plugin runtime on one end of the in-memory pair and a scriptable fake daemon on the other.
 * `frames` holds every frame the runtime wrote, in order.
 */
export async function linkedRuntime(
  setup: (plugin: Plugin) => void,
  options: Partial<Omit<PluginRuntimeOptions, "plugin" | "transport">> & {
    onFrame?: (frame: Frame, h: Harness) => void;
    limits?: Parameters<typeof InMemoryTransport.createLinkedPair>[0];
  } = {},
): Promise<Harness> {
  const plugin = new Plugin();
  setup(plugin);
  const pair = InMemoryTransport.createLinkedPair(options.limits);
  const log = memoryLogger();
  const runtime = new PluginRuntime({
    plugin,
    transport: pair.plugin,
    logger: options.logger ?? log.logger,
    ...(options.invocation ? { invocation: options.invocation } : {}),
    ...(options.sessionTimeout === undefined ? {} : { sessionTimeout: options.sessionTimeout }),
  });
  const frames: Frame[] = [];
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  const harness: Harness = {
    runtime,
    daemon: pair.daemon,
    pluginSide: pair.plugin,
    frames,
    logs: log.records,
    send: (frame) => pair.daemon.send(frame),
    sessionFrames: (sessionId) => frames.filter((f) => f.session_id === sessionId),
    until(test) {
      if (test()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
    ended: (sessionId) =>
      harness.until(() => frames.some((f) => f.session_id === sessionId && f.data?.type === "end")),
    invokes: () => frames.filter((f) => f.event === "session" && f.data?.type === "invoke"),
  };
  pair.daemon.onmessage = (frame) => {
    frames.push(frame as Frame);
    options.onFrame?.(frame as Frame, harness);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (waiter.test()) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };
  await pair.daemon.start();
  await runtime.start();
  return harness;
}

/** What {@link linkedRuntime} returns. */
export interface Harness {
  runtime: PluginRuntime;
  daemon: InMemoryTransport;
  pluginSide: InMemoryTransport;
  frames: Frame[];
  logs: LogRecord[];
  send(frame: object): Promise<void>;
  sessionFrames(sessionId: string): Frame[];
  until(test: () => boolean): Promise<void>;
  ended(sessionId: string): Promise<void>;
  invokes(): Frame[];
}
