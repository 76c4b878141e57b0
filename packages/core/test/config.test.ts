import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { ConfigError, loadConfig } from "@x/core";
import { parseDotenv } from "@x/core/internal";
import { afterAll, describe, expect, it } from "vitest";

const made: string[] = [];
afterAll(() => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

function dir(envFile?: string): string {
  const path = mkdtempSync(join(tmpdir(), "core-config-"));
  made.push(path);
  if (envFile !== undefined) writeFileSync(join(path, ".env"), envFile);
  return path;
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("uses the Python SDK's defaults, in milliseconds", () => {
    const config = loadConfig({ env: {}, cwd: dir() });
    expect(config).toMatchObject({
      installMethod: "local",
      remote: { host: "localhost", port: 5003 },
      heartbeatInterval: 10_000,
      invocationIdleTimeout: 250_000,
      requestIdleTimeout: 300_000,
      serverless: { host: "0.0.0.0", port: 8080 },
      daemonUrl: "http://localhost:5002",
    });
    expect(config.remote.key).toBeUndefined();
  });

  it("reads .env, lets the environment win over it and code overrides win over both", () => {
    const cwd = dir(
      "INSTALL_METHOD=remote\nREMOTE_INSTALL_KEY=file-key\nREMOTE_INSTALL_PORT=6000\nHEARTBEAT_INTERVAL=5\n",
    );
    const config = loadConfig({
      env: { REMOTE_INSTALL_PORT: "7000" },
      cwd,
      overrides: { heartbeatInterval: 2_000 },
    });
    expect(config.installMethod).toBe("remote");
    expect(config.remote.key).toBe("file-key");
    expect(config.remote.port).toBe(7000);
    expect(config.heartbeatInterval).toBe(2_000);
  });

  it("never echoes REMOTE_INSTALL_URL or REMOTE_INSTALL_PORT values in its errors (they may hold a secret)", () => {
    const secret = "user:sk-PLANTED-77@host-without-port";
    const url = configError(() => loadConfig({ env: { REMOTE_INSTALL_URL: secret }, cwd: false }));
    expect(url.message).not.toContain("sk-PLANTED-77");
    const port = configError(() => loadConfig({ env: { REMOTE_INSTALL_PORT: "sk-PLANTED-88" }, cwd: false }));
    expect(port.message).not.toContain("sk-PLANTED-88");
    expect(port.message).toContain("its value is not shown");
  });

  it("parses REMOTE_INSTALL_URL as host:port or as a URL", () => {
    const env = { INSTALL_METHOD: "remote", REMOTE_INSTALL_KEY: "k" };
    expect(
      loadConfig({ env: { ...env, REMOTE_INSTALL_URL: "debug.example.com:5003" }, cwd: false }).remote,
    ).toMatchObject({
      host: "debug.example.com",
      port: 5003,
    });
    expect(
      loadConfig({ env: { ...env, REMOTE_INSTALL_URL: "tcp://10.0.0.2:15003" }, cwd: false }).remote,
    ).toMatchObject({
      host: "10.0.0.2",
      port: 15003,
    });
    expect(loadConfig({ env: { ...env, REMOTE_INSTALL_URL: "[::1]:5003" }, cwd: false }).remote.host).toBe(
      "::1",
    );
  });

  it("names the variable of a bad value", () => {
    expect(configError(() => loadConfig({ env: { REMOTE_INSTALL_PORT: "abc" }, cwd: false })).variable).toBe(
      "REMOTE_INSTALL_PORT",
    );
    expect(
      configError(() => loadConfig({ env: { REMOTE_INSTALL_URL: "localhost" }, cwd: false })).variable,
    ).toBe("REMOTE_INSTALL_URL");
    expect(configError(() => loadConfig({ env: { SERVERLESS_PORT: "70000" }, cwd: false })).variable).toBe(
      "SERVERLESS_PORT",
    );
    expect(configError(() => loadConfig({ env: { INSTALL_METHOD: "cloud" }, cwd: false })).variable).toBe(
      "INSTALL_METHOD",
    );
    expect(
      configError(() => loadConfig({ env: { MAX_INVOCATION_TIMEOUT: "-1" }, cwd: false })).variable,
    ).toBe("MAX_INVOCATION_TIMEOUT");
    expect(
      configError(() => loadConfig({ env: { DIFY_PLUGIN_DAEMON_URL: "ftp://x" }, cwd: false })).variable,
    ).toBe("DIFY_PLUGIN_DAEMON_URL");
  });

  it("requires REMOTE_INSTALL_KEY in remote mode", () => {
    const error = configError(() => loadConfig({ env: { INSTALL_METHOD: "remote" }, cwd: false }));
    expect(error.variable).toBe("REMOTE_INSTALL_KEY");
  });

  it("keeps the key out of inspected and serialised config", () => {
    const config = loadConfig({
      env: { INSTALL_METHOD: "remote", REMOTE_INSTALL_KEY: "secret-key-123" },
      cwd: false,
    });
    expect(config.remote.key).toBe("secret-key-123");
    expect(JSON.stringify(config)).not.toContain("secret-key-123");
    expect(inspect(config, { depth: 5 })).not.toContain("secret-key-123");
  });
});

describe("parseDotenv", () => {
  it("handles comments, export, quotes and escapes", () => {
    expect(
      parseDotenv(
        [
          "# comment",
          "export A=1",
          "B = two words # trailing comment",
          "C='single # kept'",
          'D="line\\nbreak"',
          "E=",
          "",
        ].join("\n"),
      ),
    ).toEqual({ A: "1", B: "two words", C: "single # kept", D: "line\nbreak", E: "" });
  });

  it("reports a malformed line with its number", () => {
    const error = configError(() => parseDotenv("A=1\nnot a setting\n"));
    expect(error.message).toMatch(/line 2/);
    expect(configError(() => parseDotenv('A="open\n')).message).toMatch(/unterminated/);
  });
});
