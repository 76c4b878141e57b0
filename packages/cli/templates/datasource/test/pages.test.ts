import { createTestHarness } from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../src/plugin.js";

// The datasource through the real runtime, with requests as the daemon sends them for Dify's knowledge
// pipeline; every reply is read with the schema of what Dify accepts.

const harness = createTestHarness(plugin);
afterAll(() => harness.close());

const target = { provider: "__PROVIDER__", datasource: "pages", credentials: { api_key: "nb-test" } };

describe("the pages datasource", () => {
  it("lists the workspace's pages, children pointing at their parent", async () => {
    const run = await harness.datasource.pages(target);
    expect(run.error).toBeNull();
    expect(run.workspaces.map((workspace) => [workspace.workspace_id, workspace.total])).toEqual([
      ["team", 2],
    ]);
    expect(run.workspaces[0]?.pages.map((page) => [page.page_id, page.page_name, page.parent_id])).toEqual([
      ["handbook", "Handbook", null],
      ["onboarding", "Onboarding", "handbook"],
    ]);
  });

  it("reads a picked page's Markdown as the content variable", async () => {
    const run = await harness.datasource.pageContent({
      ...target,
      page: { workspace_id: "team", page_id: "onboarding", type: "page" },
    });
    expect(run.error).toBeNull();
    expect(run.variables).toMatchObject({
      content: "# Onboarding\n\nYour first week.",
      page_id: "onboarding",
      workspace_id: "team",
      title: "Onboarding",
    });
  });

  it("fails the read of a page that does not exist, naming it", async () => {
    const run = await harness.datasource.pageContent({
      ...target,
      page: { workspace_id: "team", page_id: "gone", type: "page" },
    });
    expect(run.error?.message).toContain("no page gone");
  });
});

describe("credentials", () => {
  it("accepts a good API key and refuses a bad one without echoing it", async () => {
    expect((await harness.datasource.validateCredentials(target)).valid).toBe(true);
    const refused = await harness.datasource.validateCredentials({
      ...target,
      credentials: { api_key: "leaked-key" },
    });
    expect(refused.valid).toBe(false);
    expect(refused.error?.error_type).toBe("DatasourceCredentialsError");
    expect(JSON.stringify(refused.error)).not.toContain("leaked-key");
  });
});
