import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors/config-error.js";
import { parseDotenv } from "./dotenv.js";

/** How the plugin reaches the daemon: spawned on stdio, remote debugging over TCP, or serverless over HTTP. */
export type InstallMethod = "local" | "remote" | "serverless";

/**
 * The plugin's resolved settings (§1.0). Every duration is in milliseconds; the environment variables keep the
 * daemon's units (seconds) and are converted here, once.
 */
export interface PluginConfig {
  /** `INSTALL_METHOD`. */
  installMethod: InstallMethod;
  /** Remote-debugging target (`REMOTE_INSTALL_*`). `key` is non-enumerable so logging the config never shows it. */
  remote: { host: string; port: number; readonly key: string | undefined };
  /** Milliseconds between heartbeats (stdio and TCP), from `HEARTBEAT_INTERVAL` (seconds). Default 10 000. */
  heartbeatInterval: number;
  /** Milliseconds a reverse call may wait for its next item, from `MAX_INVOCATION_TIMEOUT` (seconds). Default 250 000. */
  invocationIdleTimeout: number;
  /** Milliseconds a serverless `/invoke` response may go without output, from `MAX_REQUEST_TIMEOUT` (seconds). Default 300 000. */
  requestIdleTimeout: number;
  /**
   * The time budget of each request in milliseconds (its reverse calls included), from `MAX_SESSION_TIMEOUT`
   * (seconds); `undefined` (the default) means none. Best set a little under the daemon's
   * `PLUGIN_MAX_EXECUTION_TIMEOUT` (600 s).
   */
  sessionTimeout?: number | undefined;
  /** Most sessions run at once, from `MAX_WORKER` (the Python SDK's worker pool). Default 1000. */
  maxSessions: number;
  /** `SERVERLESS_HOST` / `SERVERLESS_PORT`, where the serverless HTTP server listens. */
  serverless: { host: string; port: number };
  /** `DIFY_PLUGIN_DAEMON_URL`, base URL of the daemon for serverless reverse calls. */
  daemonUrl: string;
}

/** Settings given in code; each wins over the environment and `.env`. */
export interface PluginConfigOverrides {
  /** Overrides `INSTALL_METHOD`. */
  installMethod?: InstallMethod;
  /** Overrides `REMOTE_INSTALL_URL` (`host:port` or a URL with a port). */
  remoteInstallUrl?: string;
  /** Overrides `REMOTE_INSTALL_HOST`. */
  remoteInstallHost?: string;
  /** Overrides `REMOTE_INSTALL_PORT`. */
  remoteInstallPort?: number;
  /** Overrides `REMOTE_INSTALL_KEY`. */
  remoteInstallKey?: string;
  /** Overrides `HEARTBEAT_INTERVAL`, in milliseconds. */
  heartbeatInterval?: number;
  /** Overrides `MAX_INVOCATION_TIMEOUT`, in milliseconds. */
  invocationIdleTimeout?: number;
  /** Overrides `MAX_REQUEST_TIMEOUT`, in milliseconds. */
  requestIdleTimeout?: number;
  /** Overrides `MAX_SESSION_TIMEOUT`, in milliseconds. */
  sessionTimeout?: number;
  /** Overrides `MAX_WORKER`. */
  maxSessions?: number;
  /** Overrides `SERVERLESS_HOST`. */
  serverlessHost?: string;
  /** Overrides `SERVERLESS_PORT` (0 picks a free port). */
  serverlessPort?: number;
  /** Overrides `DIFY_PLUGIN_DAEMON_URL`. */
  daemonUrl?: string;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Environment to read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory whose `.env` file is read (if present). Default `process.cwd()`; `false` skips the file. */
  cwd?: string | false;
  /** Values set in code. */
  overrides?: PluginConfigOverrides;
}

const OVERRIDE_VARIABLES: Record<keyof PluginConfigOverrides, string> = {
  installMethod: "INSTALL_METHOD",
  remoteInstallUrl: "REMOTE_INSTALL_URL",
  remoteInstallHost: "REMOTE_INSTALL_HOST",
  remoteInstallPort: "REMOTE_INSTALL_PORT",
  remoteInstallKey: "REMOTE_INSTALL_KEY",
  heartbeatInterval: "HEARTBEAT_INTERVAL",
  invocationIdleTimeout: "MAX_INVOCATION_TIMEOUT",
  requestIdleTimeout: "MAX_REQUEST_TIMEOUT",
  sessionTimeout: "MAX_SESSION_TIMEOUT",
  maxSessions: "MAX_WORKER",
  serverlessHost: "SERVERLESS_HOST",
  serverlessPort: "SERVERLESS_PORT",
  daemonUrl: "DIFY_PLUGIN_DAEMON_URL",
};

const MILLISECOND_OVERRIDES: ReadonlySet<string> = new Set([
  "heartbeatInterval",
  "invocationIdleTimeout",
  "requestIdleTimeout",
  "sessionTimeout",
]);

function milliseconds(secondsValue: number | undefined): number | undefined {
  return secondsValue === undefined ? undefined : secondsValue * 1000;
}

/**
 * Resolves the plugin's settings like the Python SDK: code overrides, then the environment, then `.env` in the
 * working directory, then defaults. Throws a {@link ConfigError} naming the variable for any bad value, and for
 * a missing `REMOTE_INSTALL_KEY` in remote mode. Secrets never appear in error messages.
 */
export function loadConfig(options: LoadConfigOptions = {}): PluginConfig {
  const fileValues = readDotenv(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(fileValues)) values.set(name, value);
  for (const [name, value] of Object.entries(env)) if (value !== undefined) values.set(name, value);
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    // Overrides are in the SDK's units (milliseconds); the variables they stand for are in seconds.
    const text =
      MILLISECOND_OVERRIDES.has(key) && typeof value === "number" ? String(value / 1000) : String(value);
    values.set(OVERRIDE_VARIABLES[key as keyof PluginConfigOverrides], text);
  }
  const get = (name: string): string | undefined => {
    const value = values.get(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };

  const installMethod = parseInstallMethod(get("INSTALL_METHOD"));
  const key = get("REMOTE_INSTALL_KEY");
  const target = remoteTarget(get);
  if (installMethod === "remote" && key === undefined) {
    throw new ConfigError(
      "REMOTE_INSTALL_KEY",
      "is required when INSTALL_METHOD=remote; copy the debug key from Dify's Plugins page",
    );
  }
  const remote = { host: target.host, port: target.port } as PluginConfig["remote"];
  Object.defineProperty(remote, "key", { value: key, enumerable: false });

  return {
    installMethod,
    remote,
    heartbeatInterval: seconds(get, "HEARTBEAT_INTERVAL", 10) * 1000,
    invocationIdleTimeout: seconds(get, "MAX_INVOCATION_TIMEOUT", 250) * 1000,
    requestIdleTimeout: seconds(get, "MAX_REQUEST_TIMEOUT", 300) * 1000,
    sessionTimeout: milliseconds(sessionSeconds(get("MAX_SESSION_TIMEOUT"))),
    maxSessions: positiveInteger(get("MAX_WORKER"), "MAX_WORKER", 1000),
    serverless: {
      host: get("SERVERLESS_HOST") ?? "0.0.0.0",
      port: port(get("SERVERLESS_PORT"), "SERVERLESS_PORT", 8080, true),
    },
    daemonUrl: daemonUrl(get("DIFY_PLUGIN_DAEMON_URL") ?? "http://localhost:5002"),
  };
}

function readDotenv(cwd: string | false): Record<string, string> {
  if (cwd === false) return {};
  const path = join(cwd, ".env");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError(".env", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseDotenv(text, path);
}

function parseInstallMethod(value: string | undefined): InstallMethod {
  const method = (value ?? "local").toLowerCase();
  if (method === "local" || method === "remote" || method === "serverless") return method;
  throw new ConfigError(
    "INSTALL_METHOD",
    `must be local, remote or serverless, got ${JSON.stringify(value)}`,
  );
}

function remoteTarget(get: (name: string) => string | undefined): { host: string; port: number } {
  const url = get("REMOTE_INSTALL_URL");
  if (url === undefined) {
    return {
      host: get("REMOTE_INSTALL_HOST") ?? "localhost",
      port: port(get("REMOTE_INSTALL_PORT"), "REMOTE_INSTALL_PORT", 5003, false),
    };
  }
  const withScheme = url.includes("://") ? url : `tcp://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new ConfigError("REMOTE_INSTALL_URL", `must be host:port or a URL with a port ${NOT_SHOWN}`);
  }
  if (parsed.hostname === "" || parsed.port === "") {
    throw new ConfigError("REMOTE_INSTALL_URL", `must include a host and a port ${NOT_SHOWN}`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port: port(parsed.port, "REMOTE_INSTALL_URL", 5003, false) };
}

/**
 * The remote target's values are never echoed in errors: a URL can carry credentials (`user:key@host`), and a
 * mistyped variable may hold the key that belonged in the next one.
 */
const NOT_SHOWN = "(its value is not shown: it may contain a secret)";

function port(value: string | undefined, variable: string, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(number) || number < min || number > 65535) {
    const shown = variable.startsWith("REMOTE_INSTALL_") ? ` ${NOT_SHOWN}` : `, got ${JSON.stringify(value)}`;
    throw new ConfigError(variable, `must be a port number (${min}-65535)${shown}`);
  }
  return number;
}

function positiveInteger(value: string | undefined, variable: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new ConfigError(variable, `must be a positive whole number, got ${JSON.stringify(value)}`);
  }
  return number;
}

function seconds(get: (name: string) => string | undefined, variable: string, fallback: number): number {
  const value = get(variable);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new ConfigError(variable, `must be a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** Longest budget a Node timer can hold (2^31 - 1 ms), in whole seconds. */
const MAX_SESSION_TIMEOUT_SECONDS = 2_147_483;

function sessionSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > MAX_SESSION_TIMEOUT_SECONDS) {
    throw new ConfigError(
      "MAX_SESSION_TIMEOUT",
      `must be a positive number of seconds up to ${MAX_SESSION_TIMEOUT_SECONDS}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

function daemonUrl(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError("DIFY_PLUGIN_DAEMON_URL", `must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError("DIFY_PLUGIN_DAEMON_URL", `must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, "");
}
