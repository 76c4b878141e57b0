import { launchStdioPlugin, type StdioPluginProcess } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_API_TOKEN, type DocsSite, startDocsSite } from "../site/docs-site.js";
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

async function launch(which: "wiki" | "crawler"): Promise<StdioPluginProcess> {
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
});
