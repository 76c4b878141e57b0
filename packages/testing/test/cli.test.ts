import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTcpTransport, PluginRuntime, remoteRegistration, silentLogger } from "@x/core";
import { afterAll, describe, expect, it } from "vitest";
import { formatFrame, mockDifyFromAnswers } from "../src/index.js";
import { ICON, manifest, newsPlugin } from "./fixtures/remote-plugin.js";

const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const cli = fileURLToPath(new URL("../src/cli/x-fake-daemon.ts", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/stdio-plugin.ts", import.meta.url));

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "x-fake-daemon-"));
  scratch.push(dir);
  return dir;
}

const answers = {
  permissions: { tool: { enabled: true }, node: { enabled: true } },
  tools: [
    {
      providerType: "builtin",
      provider: "google",
      tool: "search",
      messages: [{ type: "text", message: { text: "from answers.json" } }],
    },
  ],
  questionClassifier: "default",
};
const request = {
  type: "tool",
  action: "invoke_tool",
  data: {
    provider: "news",
    tool: "digest",
    tool_parameters: { query: "q" },
    credentials: { api_key: "sk-secret" },
  },
};

function files(): { answers: string; request: string } {
  const dir = scratchDir();
  const paths = { answers: join(dir, "answers.json"), request: join(dir, "request.json") };
  writeFileSync(paths.answers, JSON.stringify(answers));
  writeFileSync(paths.request, JSON.stringify(request));
  return paths;
}

function run(args: string[], onLine?: (line: string) => void): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ["--conditions=@x/source", cli, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      for (const line of chunk.split("\n")) if (line) onLine?.(line);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

// Each test starts tsx child processes: room for a busy machine (2 cores shared by many test runs).
describe("x-fake-daemon", { timeout: 120_000 }, () => {
  it("runs a stdio plugin against an answers file and prints every frame readably, credentials masked", async () => {
    const paths = files();
    const { code, out } = await run([
      "stdio",
      "--answers",
      paths.answers,
      "--request",
      paths.request,
      "--",
      tsx,
      "--conditions=@x/source",
      fixture,
    ]);
    expect(code).toBe(0);
    expect(out).toContain("plugin ready (first heartbeat received)");
    expect(out).toMatch(/daemon → plugin {2}request \[\w+\] tool\/invoke_tool /);
    expect(out).toMatch(/plugin → daemon {2}invoke \[\w+\] tool #\w+ /);
    expect(out).toMatch(/daemon → plugin {2}reply \[\w+\] #\w+ response .*from answers\.json/);
    expect(out).toMatch(/plugin → daemon {2}stream \[\w+\] .*"news: "/);
    expect(out).toMatch(/result \[\w+\] ok; 3 item\(s\), 2 reverse call\(s\)/);
    expect(out).not.toContain("sk-secret");
    expect(out).toContain("plugin exited with code 0");
  });

  // Two child processes through tsx: room for a busy machine.
  it("--record writes a cassette of the run, and --cassette answers from it without --answers", {
    timeout: 120_000,
  }, async () => {
    const paths = files();
    const cassette = join(scratchDir(), "run.jsonl");
    const plugin = ["--", tsx, "--conditions=@x/source", fixture];
    const recorded = await run([
      "stdio",
      "--answers",
      paths.answers,
      "--request",
      paths.request,
      "--quiet",
      "--record",
      cassette,
      ...plugin,
    ]);
    expect(recorded.code).toBe(0);
    expect(recorded.out).toContain(`cassette ${cassette}: 2 reverse call(s) recorded`);
    const text = readFileSync(cassette, "utf8");
    expect(text).toContain('"recorded_by":"x-fake-daemon"');
    expect(text).not.toContain("sk-secret");

    const replayed = await run(["stdio", "--cassette", cassette, "--request", paths.request, ...plugin]);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toMatch(/daemon → plugin {2}reply \[\w+\] #\w+ response .*from answers\.json/);
    expect(replayed.out).toMatch(/result \[\w+\] ok; 3 item\(s\), 2 reverse call\(s\)/);
  });

  it("forwards an endpoint line as the daemon does and prints the HTTP answer", async () => {
    const dir = scratchDir();
    const requestFile = join(dir, "endpoint.json");
    writeFileSync(
      requestFile,
      JSON.stringify({ endpoint: { method: "post", path: "/hook?b=2&a=1", body: { hi: 1 } }, settings: {} }),
    );
    const { code, out } = await run([
      "stdio",
      "--request",
      requestFile,
      "--quiet",
      "--",
      tsx,
      "--conditions=@x/source",
      fixture,
    ]);
    expect(code).toBe(0);
    expect(out).toContain("endpoint POST /hook?b=2&a=1 → 200 text/plain");
    expect(out).toContain("  echo POST /hook?a=1&b=2 HTTP/1.1");
  });

  it("serves a TCP plugin registered by the real transport and hides the key", async () => {
    const paths = files();
    const key = "cli-test-key-123";
    let listening: (port: number) => void = () => {};
    const port = new Promise<number>((resolve) => {
      listening = resolve;
    });
    const done = run(
      ["tcp", "--key", key, "--port", "0", "--answers", paths.answers, "--request", paths.request],
      (line) => {
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(line);
        if (match) listening(Number(match[1]));
      },
    );
    const runtime = new PluginRuntime({
      plugin: newsPlugin(),
      logger: silentLogger,
      transport: createTcpTransport({
        host: "127.0.0.1",
        port: await port,
        handshake: remoteRegistration({
          key: key,
          manifest: manifest(),
          declarations: newsPlugin().declarations(),
          assets: { "icon.svg": ICON },
        }),
        logger: silentLogger,
        reconnect: { attempts: 0 },
      }),
    });
    await runtime.start();
    const { code, out } = await done;
    await runtime.close();
    expect(code).toBe(0);
    expect(out).toContain("plugin registered: acme/news");
    expect(out).toContain("plugin → daemon  register handshake (key hidden)");
    expect(out).toMatch(/reply \[\w+\] #\w+ error permission denied, you need to enable storage access/);
    expect(out).not.toContain(key);
  });
});

describe("answers files", () => {
  it("builds a MockDify with tools, errors, node defaults, generic answers and permissions", async () => {
    const dify = mockDifyFromAnswers({
      ...answers,
      permissions: { tool: { enabled: true }, storage: { enabled: true } },
      tools: [...answers.tools, { providerType: "api", provider: "x", tool: "y", error: "boom" }],
      invoke: { storage: { data: "6869" } },
    });
    const steps = async (type: string, request: Record<string, unknown>) => {
      const out: unknown[] = [];
      const { steps } = dify.answer({ type, request, sessionId: "s", backwardsRequestId: "b", userId: "" });
      for await (const step of steps) out.push(step);
      return out;
    };
    expect(await steps("storage", { opt: "get", key: "k" })).toEqual([
      { kind: "response", message: "struct", data: { data: "6869" } },
    ]);
    expect(await steps("tool", { tool_type: "api", provider: "x", tool: "y" })).toEqual([
      { kind: "error", message: "boom" },
    ]);
    expect(await steps("node_question_classifier", { classes: [] })).toEqual([
      { kind: "error", message: "permission denied, you need to enable node access in plugin manifest" },
    ]);
    expect(() => mockDifyFromAnswers({ tools: [{ provider: "x" }] })).toThrow(
      "tools[0].providerType must be a non-empty string",
    );
    expect(() => mockDifyFromAnswers([])).toThrow("answers file must be a JSON object");
  });

  it("formats frames with secrets masked", () => {
    expect(formatFrame("in", { type: "handshake", data: { key: "k-1" } }, ["k-1"])).toBe(
      "plugin → daemon  register handshake (key hidden)",
    );
    expect(formatFrame("in", { event: "heartbeat", session_id: null, data: {} })).toBe(
      "plugin → daemon  heartbeat",
    );
  });
});
