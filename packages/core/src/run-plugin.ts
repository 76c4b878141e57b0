import { type LoadConfigOptions, loadConfig, type PluginConfig } from "./config/load-config.js";
import { RegistrationInvalidError } from "./errors/registration-invalid-error.js";
import { createLogger, type Logger } from "./logger/logger.js";
import { SecretValues } from "./logger/secrets.js";
import { remoteRegistration } from "./registration/remote-registration.js";
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
  | "reconnect"
  | "connectTimeout"
  | "confirmDelay"
  | "maxInboundLine"
  | "maxOutboundLine"
  | "outboundHighWaterMark"
  | "writeStallTimeout"
> & {
  /** Check the manifest, declarations and assets against the daemon's rules before connecting. Default true. */
  validate?: boolean;
};
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
  /**
   * Stop gracefully on SIGTERM and SIGINT: every running session is answered with `ShutdownError` and `end`, the
   * output is flushed for at most `drainTimeout` ms, then the process exits with code 0. Default true.
   */
  handleSignals?: boolean;
  /** Longest wait for the last frames to flush on a signal, in ms. Default 2 000. */
  drainTimeout?: number;
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
  // Every secret the process learns (the key now, each request's credentials and settings later) is masked.
  const secrets = new SecretValues(key ? [key] : []);
  const logger = options.logger ?? (key ? createLogger({ secrets }) : undefined);
  const transport = createTransport(plugin, config, options, logger);
  const runtime = new PluginRuntime({
    plugin,
    transport,
    secrets,
    maxSessions: config.maxSessions,
    ...(logger ? { logger } : {}),
    invocation: { ...options.invocation, idleTimeout: config.invocationIdleTimeout },
    ...(config.sessionTimeout === undefined ? {} : { sessionTimeout: config.sessionTimeout }),
  });
  try {
    await runtime.start();
  } catch (error) {
    await runtime.close().catch(() => undefined);
    throw error;
  }
  const stopOnSignal = options.handleSignals === false ? undefined : onSignal(runtime, options.drainTimeout);
  const closed = runtime.closed.then((error) => {
    stopOnSignal?.();
    if (error) throw error;
  });
  // Callers who only `close()` must not see an unhandled rejection.
  closed.catch(() => undefined);
  return { config, runtime, transport, close: () => runtime.close(), closed };
}

/**
 * Installs SIGTERM / SIGINT handlers that shut the runtime down gracefully and exit; returns their removal. A
 * second signal during the drain exits at once.
 */
function onSignal(runtime: PluginRuntime, drainTimeout: number | undefined): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    runtime.logger.info(`${signal}: answering the running sessions, then exiting`);
    void runtime
      .shutdown({ reason: signal, ...(drainTimeout === undefined ? {} : { drainTimeout }) })
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
  return () => {
    process.off("SIGTERM", handler);
    process.off("SIGINT", handler);
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
      const { validate, ...tuning } = options.tcp ?? {};
      return new TcpTransport({
        ...tuning,
        host: config.remote.host,
        port: config.remote.port,
        handshake: remoteRegistration({
          key: config.remote.key ?? "",
          manifest,
          declarations: plugin.declarations(),
          assets: plugin.assets(),
          ...(validate === undefined ? {} : { validate }),
        }),
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
        invocationTimeout: config.invocationIdleTimeout,
        requestTimeout: config.requestIdleTimeout,
        ...(logger ? { logger } : {}),
      });
  }
}
