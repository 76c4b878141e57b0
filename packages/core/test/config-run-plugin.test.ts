import { PassThrough } from "node:stream";
import { ConfigError, Plugin, RegistrationInvalidError, runPlugin, silentLogger } from "@x/core";
import { describe, expect, it } from "vitest";
import { collectFrames } from "./support/collect-frames.js";
import { requestFrame } from "./support/fake-tcp-daemon.js";

describe("runPlugin", () => {
  it("runs over stdio in local mode with heartbeats and wires MAX_INVOCATION_TIMEOUT as the idle timeout", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const lines = collectFrames(stdout);
    let idleError: unknown;
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      idleError = await session
        .invoke("tool", {})
        .toArray()
        .catch((error: unknown) => error);
      return { done: true };
    });
    const handle = await runPlugin(plugin, {
      env: { INSTALL_METHOD: "local", MAX_INVOCATION_TIMEOUT: "0.05" },
      cwd: false,
      logger: silentLogger,
      stdio: { stdin, stdout, guardStdout: false },
    });
    expect(handle.config.installMethod).toBe("local");
    stdin.write(`${JSON.stringify(requestFrame("s1", { type: "tool", action: "invoke_tool" }))}\n`);
    await expect.poll(() => lines.some((line) => line.data?.type === "end")).toBe(true);
    expect(lines[0].event).toBe("heartbeat");
    expect((idleError as { code?: string }).code).toBe("DIFY_ERR_INVOCATION_TIMEOUT");
    expect((idleError as { timer?: string }).timer).toBe("idle");
    stdin.end();
    await expect(handle.closed).resolves.toBeUndefined();
  });

  it("fails at start with a ConfigError naming REMOTE_INSTALL_KEY when remote mode has no key", async () => {
    const error = await runPlugin(new Plugin(), { env: { INSTALL_METHOD: "remote" }, cwd: false }).catch(
      (caught: unknown) => caught,
    );
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).variable).toBe("REMOTE_INSTALL_KEY");
  });

  it("fails at start when remote mode has no manifest", async () => {
    const error = await runPlugin(new Plugin(), {
      env: { INSTALL_METHOD: "remote", REMOTE_INSTALL_KEY: "k" },
      cwd: false,
    }).catch((caught: unknown) => caught);
    expect(RegistrationInvalidError.isInstance(error)).toBe(true);
    expect((error as RegistrationInvalidError).issues[0]!.path).toBe("manifest");
  });
});
