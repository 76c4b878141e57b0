import { type LoadConfigOptions, loadConfig, type PluginConfig } from "./config/load-config.js";
import { RegistrationInvalidError } from "./errors/registration-invalid-error.js";
import { createLogger, type Logger } from "./logger/logger.js";
import type { Plugin } from "./runtime/plugin.js";
import { PluginRuntime, type PluginRuntimeOptions } from "./runtime/runtime.js";
import {
  ServerlessTransport,
  type ServerlessTransportOptions,
} from "./transport/serverless/serverless-transport.js";
import { createStdioTransport, type StdioTransportOptions } from "./transport/stdio-transport.js";
import { TcpTransport, type TcpTransportOptions } from "./transport/tcp/tcp-transport.js";
import type { Transport } from "./transport/transport.js";

type TcpTuning = Pick<
  TcpTransportOptions,
  "reconnect" | "connectTimeout" | "confirmDelay" | "validate" | "maxInboundLine" | "maxOutboundLine"
>;
type ServerlessTuning = Pick<
  ServerlessTransportOptions,
  "dispatcher" | "maxTransactionBytes" | "maxInboundLine" | "maxOutboundLine"
>;

/** Options of {@link runPlugin}. */
export interface RunPluginOptions extends LoadConfigOptions {
  /** Use these settings instead of reading the environment (`env`, `cwd` and `overrides` are then ignored). */
  config?: PluginConfig;
  /** Logger of the runtime and the transport. Default: chosen by the runtime; the debug key is always masked. */
  logger?: Logger;
  /** Extra reverse-call defaults (the idle timeout comes from `MAX_INVOCATION_TIMEOUT`). */
  invocation?: Omit<NonNullable<PluginRuntimeOptions["invocation"]>, "idleTimeout">;
  /** Tuning of the remote-debugging transport. */
  tcp?: TcpTuning;
  /** Tuning of the serverless transport. */
  serverless?: ServerlessTuning;
  /** Tuning of the stdio transport. */
  stdio?: Omit<StdioTransportOptions, "heartbeatInterval">;
}

/** A running plugin. */
export interface PluginHandle {
  /** The resolved settings. */
  readonly config: PluginConfig;
  /** The runtime serving requests. */
  readonly runtime: PluginRuntime;
  /** The transport chosen by `INSTALL_METHOD`. */
  readonly transport: Transport;
  /** Stops serving: closes the transport; in-flight sessions and reverse calls fail with `ConnectionClosedError`. */
  close(): Promise<void>;
  /**
   * Settles when the plugin stops: resolves after `close()` or a clean end (stdin EOF), rejects with the fatal
   * error otherwise (e.g. `RegistrationRejectedError`, `DaemonUnreachableError`).
   */
  readonly closed: Promise<void>;
}

/**
 * Starts `plugin` with the transport `INSTALL_METHOD` selects: stdio (`local`), remote debugging over TCP
 * (`remote`) or an HTTP server (`serverless`). Settings come from {@link loadConfig}. Resolves once the plugin
 * serves requests (for `remote`: once registered); rejects with a `ConfigError`, `RegistrationInvalidError`,
 * `RegistrationRejectedError` or `DaemonUnreachableError` that says what to fix.
 */
export async function runPlugin(plugin: Plugin, options: RunPluginOptions = {}): Promise<PluginHandle> {
  const config = options.config ?? loadConfig(options);
  const key = config.remote.key;
  const logger = options.logger ?? (key ? createLogger({ secrets: [key] }) : undefined);
  const inner = createTransport(plugin, config, options, logger);
  const transport = new ObservedTransport(inner);
  const runtime = new PluginRuntime({
    plugin,
    transport,
    ...(logger ? { logger } : {}),
    invocation: { ...options.invocation, idleTimeout: config.maxInvocationTimeout * 1000 },
    ...(config.maxSessionTimeout === undefined ? {} : { sessionTimeout: config.maxSessionTimeout * 1000 }),
  });
  try {
    await runtime.start();
  } catch (error) {
    await runtime.close().catch(() => undefined);
    throw error;
  }
  const closed = Promise.all([transport.ended, runtime.closed]).then(([error]) => {
    if (error) throw error;
  });
  // Callers who only `close()` must not see an unhandled rejection.
  closed.catch(() => undefined);
  return {
    config,
    runtime,
    transport: inner,
    close: () => runtime.close(),
    closed,
  };
}

function createTransport(
  plugin: Plugin,
  config: PluginConfig,
  options: RunPluginOptions,
  logger: Logger | undefined,
): Transport {
  switch (config.installMethod) {
    case "local":
      return createStdioTransport({ ...options.stdio, heartbeatInterval: config.heartbeatInterval });
    case "remote": {
      const manifest = plugin.manifest;
      if (!manifest) {
        throw new RegistrationInvalidError([
          {
            path: "manifest",
            message:
              "remote debugging needs a manifest: new Plugin({ manifest: definePluginManifest({ ... }) })",
          },
        ]);
      }
      return new TcpTransport({
        ...options.tcp,
        host: config.remote.host,
        port: config.remote.port,
        key: config.remote.key ?? "",
        manifest,
        declarations: plugin.declarations(),
        assets: plugin.assets(),
        heartbeatInterval: config.heartbeatInterval,
        ...(logger ? { logger } : {}),
      });
    }
    case "serverless":
      return new ServerlessTransport({
        ...options.serverless,
        host: config.serverless.host,
        port: config.serverless.port,
        daemonUrl: config.daemonUrl,
        invocationTimeout: config.maxInvocationTimeout * 1000,
        requestTimeout: config.maxRequestTimeout * 1000,
        ...(logger ? { logger } : {}),
      });
  }
}

/** Forwards to a transport and remembers why it closed, so `closed` can reject with the fatal error. */
class ObservedTransport implements Transport {
  onmessage?: (frame: unknown, bytes: number) => void;
  onerror?: (error: Error) => void;
  onclose?: (error?: Error) => void;
  onreset?: (error: Error) => void;
  onstray?: (text: string) => void;
  /** Resolves with the close error (or undefined) once the inner transport closed. */
  readonly ended: Promise<Error | undefined>;
  private readonly inner: Transport;
  private resolveEnded!: (error: Error | undefined) => void;

  constructor(inner: Transport) {
    this.inner = inner;
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    inner.onmessage = (frame, bytes) => this.onmessage?.(frame, bytes);
    inner.onerror = (error) => this.onerror?.(error);
    inner.onreset = (error) => this.onreset?.(error);
    inner.onstray = (text) => this.onstray?.(text);
    inner.onclose = (error) => {
      this.resolveEnded(error);
      this.onclose?.(error);
    };
  }

  get acceptsLogFrames(): boolean {
    return this.inner.acceptsLogFrames ?? false;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(frame: object): Promise<void> {
    return this.inner.send(frame);
  }

  async close(): Promise<void> {
    await this.inner.close();
    this.resolveEnded(undefined);
  }

  pause(): void {
    this.inner.pause?.();
  }

  resume(): void {
    this.inner.resume?.();
  }
}
