#!/usr/bin/env node
// x-fake-daemon: run a plugin against a fake Dify plugin daemon by hand, printing every frame.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { CassetteRecorder } from "../cassette/cassette-recorder.js";
import type { FrameDirection } from "../daemon/daemon-peer.js";
import { launchStdioPlugin } from "../daemon/stdio-launcher.js";
import { startTcpFakeDaemon } from "../daemon/tcp-fake-daemon.js";
import type { PluginConnection } from "../harness/plugin-connection.js";
import { MockDify } from "../mock/mock-dify.js";
import { mockDifyFromAnswers } from "./answers-file.js";
import { formatFrame } from "./format-frame.js";
import {
  type EndpointLine,
  isEndpointLine,
  parseEndpointLine,
  parseRequestLine,
  type RequestLine,
} from "./request-line.js";

const USAGE = `Usage:
  x-fake-daemon tcp --key KEY [--port 5003] [--host 127.0.0.1] [--answers answers.json] [--request requests.json]
  x-fake-daemon stdio [--answers answers.json] [--request requests.json] [--ready-timeout 120] -- <command> [args...]

  --cassette FILE   answer reverse calls from a cassette (x-plugin dev --record writes them), then --answers
  --record FILE     write this run's reverse calls and their answers to a cassette

Requests are JSON lines on stdin (or --request FILE: one object or an array), e.g.
  {"type":"tool","action":"invoke_tool","data":{"provider":"p","tool":"t","tool_parameters":{},"credentials":{}}}
or an HTTP call to the plugin's endpoints, forwarded as the daemon does:
  {"endpoint":{"method":"POST","path":"/triage","body":{"message":"hi"}},"settings":{"model":{...}}}
With --request the daemon exits after the last response. Frames are printed as they pass.`;

async function main(argv: string[]): Promise<number> {
  const [mode, ...rest] = argv;
  if (mode !== "tcp" && mode !== "stdio") {
    process.stderr.write(`${USAGE}\n`);
    return mode === "--help" || mode === "-h" ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      key: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "5003" },
      answers: { type: "string" },
      cassette: { type: "string" },
      record: { type: "string" },
      request: { type: "string" },
      "ready-timeout": { type: "string", default: "120" },
      quiet: { type: "boolean", default: false },
    },
  });
  const dify = values.answers ? mockDifyFromAnswers(readJson(values.answers)) : new MockDify();
  if (values.cassette) dify.replay(values.cassette, { unused: "allow" });
  const secrets = values.key ? [values.key] : [];
  const recorder = values.record ? new CassetteRecorder({ recordedBy: "x-fake-daemon", secrets }) : undefined;
  const show = values.quiet
    ? undefined
    : (direction: FrameDirection, frame: unknown) => print(formatFrame(direction, frame, secrets));
  const observe =
    recorder || show
      ? (direction: FrameDirection, frame: unknown) => {
          recorder?.observe(direction, frame);
          show?.(direction, frame);
        }
      : undefined;
  const saveRecording = () => {
    if (!recorder || !values.record) return;
    recorder.save(values.record);
    print(`cassette ${values.record}: ${recorder.cassette().entries.length} reverse call(s) recorded`);
  };
  const requests = values.request ? toList(readJson(values.request)).map(parseLine) : undefined;

  if (mode === "stdio") {
    const [command, ...args] = positionals;
    if (!command) {
      process.stderr.write(`stdio needs a command after --\n${USAGE}\n`);
      return 2;
    }
    print(`launching ${[command, ...args].join(" ")} (INSTALL_METHOD=local)`);
    const plugin = await launchStdioPlugin({
      command,
      args,
      dify,
      strict: false,
      readyTimeout: Number(values["ready-timeout"]) * 1000,
      onStderr: (line) => print(`plugin stderr  ${line}`),
      ...(observe ? { observe } : {}),
    });
    print("plugin ready (first heartbeat received)");
    await serve(plugin, requests);
    saveRecording();
    const code = await plugin.close();
    print(`plugin exited with code ${code}`);
    return 0;
  }

  if (!values.key) {
    process.stderr.write(`tcp needs --key\n${USAGE}\n`);
    return 2;
  }
  const daemon = await startTcpFakeDaemon({
    key: values.key,
    host: values.host,
    port: Number(values.port),
    dify,
    strict: false,
    ...(observe ? { observe } : {}),
  });
  print(
    `listening on ${daemon.host}:${daemon.port}; waiting for a plugin (REMOTE_INSTALL_URL=${daemon.host}:${daemon.port})`,
  );
  const rejections = (async () => {
    for (;;) {
      const rejection = await daemon.nextRejection();
      print(`registration refused: ${rejection.reply || "(no handshake in time, closed silently)"}`);
    }
  })();
  void rejections;
  const plugin = await daemon.nextConnection();
  print(
    `plugin registered: ${String(plugin.registration.manifest.author)}/${String(plugin.registration.manifest.name)}`,
  );
  await serve(plugin, requests);
  saveRecording();
  await daemon.close();
  return 0;
}

/** Sends the given requests (then returns), or reads request lines from stdin until it closes. */
function parseLine(value: unknown): RequestLine | EndpointLine {
  return isEndpointLine(value) ? parseEndpointLine(value) : parseRequestLine(value);
}

async function serve(
  plugin: PluginConnection,
  requests: Array<RequestLine | EndpointLine> | undefined,
): Promise<void> {
  if (requests) {
    for (const request of requests) await send(plugin, request);
    return;
  }
  print("type one JSON request per line; Ctrl-D to quit");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    try {
      await send(plugin, parseLine(JSON.parse(line)));
    } catch (error) {
      print(`bad request: ${(error as Error).message}`);
    }
  }
}

async function send(plugin: PluginConnection, request: RequestLine | EndpointLine): Promise<void> {
  if ("endpoint" in request) {
    const { method, path, headers, body } = request.endpoint;
    const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body }) };
    const response = await plugin.fetch(new Request(`http://dify.local${path}`, init), {
      settings: request.settings,
      ...(request.hookId ? { hookId: request.hookId } : {}),
    });
    const text = await response.text();
    print(`endpoint ${method} ${path} → ${response.status} ${response.headers.get("content-type") ?? ""}`);
    for (const line of text.split("\n")) if (line !== "") print(`  ${line}`);
    return;
  }
  const { type, action, data, ...envelope } = request;
  const result = await plugin.request(type, action, data, envelope);
  const summary = result.error ? `error ${result.error.error_type}: ${result.error.message}` : "ok";
  print(
    `result [${result.sessionId.slice(0, 8)}] ${summary}; ${result.items.length} item(s), ${result.calls.length} reverse call(s)`,
  );
  for (const call of result.calls.filter((c) => c.outcome === "not_mocked")) {
    print(`  not mocked: ${call.description} (add it to --answers)`);
  }
  for (const call of result.calls.filter((c) => c.outcome === "replay_mismatch")) {
    print(`  ${plugin.dify.mismatchOf(call)?.message.split("\n").join("\n  ") ?? call.description}`);
  }
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

function toList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`x-fake-daemon: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
