import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** A Verdaccio registry running as a child process on 127.0.0.1, with its own storage folder. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` (with the trailing slash npm and pnpm expect). */
  readonly url: string;
  /** The `//127.0.0.1:<port>/` prefix of the registry's lines in an `.npmrc`. */
  readonly authPrefix: string;
  /** The local user's token (for an `.npmrc`, never for a log). */
  readonly token: string;
  /** The registry's own log (start-up, refused requests), for error messages. */
  log(): string;
  /** Stops the process (SIGTERM, then SIGKILL) and removes the config, the users file and the storage. */
  stop(): Promise<void>;
}

/** One HTTP exchange with the registry: status and parsed JSON body (or `undefined`). */
export interface JsonResponse {
  /** HTTP status code. */
  status: number;
  /** The body parsed as JSON, `undefined` when it was empty or not JSON. */
  body: unknown;
}

const USER = "release-test";
const START_TIMEOUT = 60_000;

/**
 * Starts Verdaccio (the `verdaccio` devDependency, run by this Node) on a random free loopback port with a
 * config written into `folder`: no uplinks (it serves only what the test publishes), `$all` may read,
 * `$authenticated` may publish, no web UI. Then creates a local user through the registry's own API
 * (`PUT /-/user/org.couchdb.user:<name>`, what `npm adduser` sends) and keeps its token.
 */
export async function startRegistry(folder: string): Promise<LocalRegistry> {
  mkdirSync(folder, { recursive: true });
  const storage = join(folder, "storage");
  const configFile = join(folder, "config.yaml");
  const logFile = join(folder, "verdaccio.log");
  // JSON is YAML: no YAML writer needed.
  const config = {
    storage,
    auth: { htpasswd: { file: join(folder, "htpasswd"), max_users: 1 } },
    uplinks: {},
    packages: { "**": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" } },
    web: { enable: false },
    middlewares: { audit: { enabled: false } },
    log: { type: "stdout", format: "pretty", level: "warn" },
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

  const bin = verdaccioBin();
  let lastError: Error | undefined;
  // A free port can be taken between probing and listening: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const logFd = openSync(logFile, "a");
    const child = spawn(process.execPath, [bin, "--config", configFile, "--listen", `127.0.0.1:${port}`], {
      cwd: folder,
      stdio: ["ignore", logFd, logFd],
    });
    closeSync(logFd);
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    const readLog = () => {
      try {
        return readFileSync(logFile, "utf8");
      } catch {
        return "";
      }
    };
    const stop = async () => {
      process.removeListener("exit", killOnExit);
      await stopChild(child);
      rmSync(folder, { recursive: true, force: true });
    };
    try {
      await waitUntilUp(url, child);
      const password = randomBytes(24).toString("hex");
      const created = await requestJson("PUT", `${url}-/user/org.couchdb.user:${USER}`, {
        _id: `org.couchdb.user:${USER}`,
        name: USER,
        password,
        type: "user",
        roles: [],
        date: new Date().toISOString(),
      });
      const token = (created.body as { token?: unknown } | undefined)?.token;
      if (created.status !== 201 || typeof token !== "string") {
        throw new Error(
          `creating the registry user answered ${created.status}: ${JSON.stringify(created.body)}`,
        );
      }
      return { url, authPrefix: `//127.0.0.1:${port}/`, token, log: readLog, stop };
    } catch (error) {
      lastError = new Error(`${(error as Error).message}\nverdaccio log:\n${readLog()}`, { cause: error });
      // Only a registry that exited on its own (a port taken meanwhile) is worth another try.
      const exitedByItself = child.exitCode !== null || child.signalCode !== null;
      process.removeListener("exit", killOnExit);
      await stopChild(child);
      if (!exitedByItself) break;
    }
  }
  rmSync(folder, { recursive: true, force: true });
  throw lastError ?? new Error("Verdaccio did not start");
}

/** Sends a request to the registry (plain `node:http`, so no proxy setting can reroute loopback). */
export function requestJson(method: string, url: string, body?: unknown): Promise<JsonResponse> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: {
          accept: "application/json",
          ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url} got no answer in 30 s`)));
    req.on("error", reject);
    req.end(payload);
  });
}

/** Downloads a tarball (or any file) from the registry. */
export function download(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 30_000 }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${url} answered ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve(Buffer.concat(chunks)));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} got no answer in 30 s`)));
    req.on("error", reject);
    req.end();
  });
}

/** The path of Verdaccio's command-line entry, from its package.json `bin`. */
function verdaccioBin(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("verdaccio/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.verdaccio;
  if (!bin) throw new Error("verdaccio's package.json names no bin");
  return join(dirname(manifestPath), bin);
}

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port from the probe server"));
      });
    });
  });
}

/** Polls `GET /-/ping` until it answers 200; fails as soon as the process exits, or after a minute. */
async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Verdaccio exited (${child.exitCode ?? child.signalCode}) before answering on ${url}`);
    }
    try {
      const res = await requestJson("GET", `${url}-/ping`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Verdaccio did not answer on ${url} within ${START_TIMEOUT / 1000} s`);
}

/** Ends a child process: SIGTERM, SIGKILL after 5 s, and resolves once it has exited. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
