import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { launchStdioPlugin, type StdioPluginProcess } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_API_TOKEN, type DocsSite, startDocsSite } from "../site/docs-site.js";
import { DRIVE_ACCESS_TOKEN, DRIVE_ROOT } from "../src/drive.js";
import { childEnv, emptyCwd, MAIN_ARGS } from "./child-process.js";

// Each plugin as a real child process (`node src/main.ts` through tsx, as `pnpm start` runs it) talking to
// @x/testing's fake daemon over its stdin and stdout, and reaching the docs site on 127.0.0.1 over real HTTP.

let site: DocsSite;
const children: StdioPluginProcess[] = [];
beforeAll(async () => {
  site = await startDocsSite();
});
afterAll(async () => {
  for (const child of children) await child.close();
  await site.close();
});

async function launch(which: "wiki" | "crawler" | "drive"): Promise<StdioPluginProcess> {
  const child = await launchStdioPlugin({
    command: process.execPath,
    args: MAIN_ARGS,
    cwd: emptyCwd(),
    env: childEnv({ SAMPLE_DATASOURCE: which }),
    readyTimeout: 60_000,
  });
  children.push(child);
  return child;
}

describe("over stdio, as the daemon's local runtime runs a plugin", () => {
  it("local_docs_crawler streams a crawl of the local site", async () => {
    const crawler = await launch("crawler");
    const run = await crawler.datasource.crawl({
      provider: "local_docs_crawler",
      datasource: "site",
      parameters: { url: `${site.url}/`, limit: 3 },
    });
    expect(run.error).toBeNull();
    expect(run.states.map((state) => state.status)).toEqual([
      "processing",
      "processing",
      "processing",
      "completed",
    ]);
    expect(run.pages.map((page) => page.title)).toEqual(["Acme Docs", "Guide", "API"]);
  });

  it("local_docs_wiki validates credentials, lists pages and reads one", async () => {
    const wiki = await launch("wiki");
    const target = {
      provider: "local_docs_wiki",
      datasource: "pages",
      credentials: { api_base_url: site.url, api_token: DOCS_API_TOKEN },
    };
    expect((await wiki.datasource.validateCredentials(target)).items).toEqual([{ result: true }]);
    const pages = await wiki.datasource.pages(target);
    expect(pages.workspaces[0]?.pages.map((page) => page.page_id)).toEqual(["onboarding", "oncall"]);
    const content = await wiki.datasource.pageContent({
      ...target,
      page: { workspace_id: "eng", page_id: "onboarding", type: "page" },
    });
    expect(content.variables.content).toBe("# Onboarding\n\nWelcome! Read the on-call page next.");
    const refused = await wiki.datasource.pages({
      ...target,
      credentials: { ...target.credentials, api_token: "x" },
    });
    expect(refused.error?.error_type).toBe("DatasourceCredentialsError");
  });

  it("local_docs_drive browses a folder page by page and downloads a file", async () => {
    const drive = await launch("drive");
    const target = {
      provider: "local_docs_drive",
      datasource: "files",
      credentials: { access_token: DRIVE_ACCESS_TOKEN },
    };
    expect((await drive.datasource.validateCredentials(target)).items).toEqual([{ result: true }]);
    const buckets = await drive.datasource.browse(target);
    expect(buckets.buckets.map((bucket) => bucket.bucket)).toEqual(["handbook", "reports"]);
    const all = await drive.datasource.browseAll({ ...target, bucket: "handbook", maxKeys: 3 });
    expect(all.pages.map((page) => page.buckets[0]?.is_truncated)).toEqual([true, false]);
    const size = (id: string) => (id.endsWith("/") ? 0 : statSync(join(DRIVE_ROOT, "handbook", id)).size);
    expect(all.files.map((file) => `${file.id} ${file.size}`)).toEqual(
      ["README.md", "empty.txt", "on-call.md", "onboarding.md", "policies/"].map((id) => `${id} ${size(id)}`),
    );
    const csv = await drive.datasource.download({ ...target, bucket: "reports", id: "2026-q3.csv" });
    expect(csv.file?.mimeType).toBe("text/csv");
    expect(
      Buffer.from(csv.file?.bytes ?? []).equals(readFileSync(join(DRIVE_ROOT, "reports", "2026-q3.csv"))),
    ).toBe(true);
    const escaped = await drive.datasource.download({
      ...target,
      bucket: "handbook",
      id: "../../package.json",
    });
    expect(escaped.error?.error_type).toBe("DrivePathError");
  });

  it("src/main.ts refuses an unknown SAMPLE_DATASOURCE, naming the three it knows", () => {
    const run = spawnSync(process.execPath, MAIN_ARGS, {
      cwd: emptyCwd(),
      env: childEnv({ SAMPLE_DATASOURCE: "ftp" }),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("local_docs: SAMPLE_DATASOURCE must be wiki, crawler or drive");
    expect(run.stdout).toBe("");
  });
});
