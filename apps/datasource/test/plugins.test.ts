import { DatasourceProviderDeclarationSchema } from "@x/protocol";
import { createTestHarness, type TestHarness } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_API_TOKEN, type DocsSite, startDocsSite } from "../site/docs-site.js";
import { createCrawlerPlugin, createWikiPlugin, summarize } from "../src/index.js";

// Both plugins in process (the real runtime and codec over @x/testing's in-memory link) against a real HTTP site
// on 127.0.0.1.

let site: DocsSite;
let wiki: TestHarness;
let crawler: TestHarness;
beforeAll(async () => {
  site = await startDocsSite();
  wiki = createTestHarness(createWikiPlugin());
  crawler = createTestHarness(createCrawlerPlugin());
});
afterAll(async () => {
  await wiki.close();
  await crawler.close();
  await site.close();
});

const target = { provider: "local_docs_wiki", datasource: "pages" };
const credentials = () => ({ api_base_url: site.url, api_token: DOCS_API_TOKEN });

describe("local_docs_crawler (website crawl)", () => {
  it("declares one website_crawl provider the daemon accepts", () => {
    const [declaration] = createCrawlerPlugin().declarations().get("datasource") ?? [];
    expect(DatasourceProviderDeclarationSchema.parse(declaration).provider_type).toBe("website_crawl");
  });

  it("crawls the site breadth-first on its origin, reporting progress after every page", async () => {
    const run = await crawler.datasource.crawl({
      provider: "local_docs_crawler",
      datasource: "site",
      parameters: { url: `${site.url}/`, limit: "10", max_depth: 2 },
    });
    expect(run.error).toBeNull();
    expect(run.final?.status).toBe("completed");
    expect(run.states.slice(0, -1).every((state) => state.status === "processing")).toBe(true);
    expect(run.states.map((state) => state.completed)).toEqual([1, 2, 3, 4, 5, 4]);
    expect(run.pages.map((page) => new URL(page.source_url).pathname)).toEqual([
      "/",
      "/guide/",
      "/api/",
      "/guide/install",
    ]);
    expect(run.pages[0]).toMatchObject({
      title: "Acme Docs",
      description: "Everything about Acme",
      content: expect.stringContaining("Welcome to the Acme documentation."),
    });
    // The external link was never followed; the broken one was fetched and skipped.
    expect(site.requests).toContain("/missing");
    expect(site.requests.some((path) => path.includes("elsewhere"))).toBe(false);
  });

  it("stops at the page limit and the depth", async () => {
    const limited = await crawler.datasource.crawl({
      provider: "local_docs_crawler",
      datasource: "site",
      parameters: { url: `${site.url}/`, limit: 2 },
    });
    expect(limited.pages.map((page) => new URL(page.source_url).pathname)).toEqual(["/", "/guide/"]);
    const shallow = await crawler.datasource.crawl({
      provider: "local_docs_crawler",
      datasource: "site",
      parameters: { url: `${site.url}/guide/`, max_depth: 0 },
    });
    expect(shallow.pages).toHaveLength(1);
  });

  it("fails clearly without a start URL", async () => {
    const run = await crawler.datasource.crawl({ provider: "local_docs_crawler", datasource: "site" });
    expect(run.error?.message).toBe("datasource `site` parameter `url`: is required");
  });

  it("summarizes a page: title, description, text and resolved links", () => {
    const page = summarize(
      '<html><head><title> T </title><meta name="description" content="D"></head><body><p>a <b>b</b></p><a href="x/y">l</a></body></html>',
      new URL("http://h/base/"),
    );
    expect(page).toMatchObject({ title: "T", description: "D", text: "a b l" });
    expect(page.links.map(String)).toEqual(["http://h/base/x/y"]);
  });
});

describe("local_docs_wiki (online document)", () => {
  it("validates credentials against the docs API and refuses a wrong token without echoing it", async () => {
    expect((await wiki.datasource.validateCredentials({ ...target, credentials: credentials() })).valid).toBe(
      true,
    );
    const bad = await wiki.datasource.validateCredentials({
      ...target,
      credentials: { ...credentials(), api_token: "guessed-token-123" },
    });
    expect(bad.error).toMatchObject({
      error_type: "DatasourceCredentialsError",
      message: "the docs API refused the token (HTTP 401)",
    });
    expect(JSON.stringify(bad.error)).not.toContain("guessed-token-123");
  });

  it("lists the space and its pages, the child under its parent", async () => {
    const run = await wiki.datasource.pages({ ...target, credentials: credentials() });
    expect(run.error).toBeNull();
    expect(run.workspaces).toEqual([
      {
        workspace_id: "eng",
        workspace_name: "Engineering",
        workspace_icon: "",
        total: 2,
        pages: [
          {
            page_id: "onboarding",
            page_name: "Onboarding",
            page_icon: null,
            type: "page",
            last_edited_time: "2026-11-30T09:00:00Z",
            parent_id: null,
          },
          {
            page_id: "oncall",
            page_name: "On-call",
            page_icon: null,
            type: "page",
            last_edited_time: "2026-12-01T10:30:00Z",
            parent_id: "onboarding",
          },
        ],
      },
    ]);
  });

  it("reads a page's Markdown as the content variable", async () => {
    const run = await wiki.datasource.pageContent({
      ...target,
      credentials: credentials(),
      page: { workspace_id: "eng", page_id: "oncall", type: "page" },
    });
    expect(run.error).toBeNull();
    expect(run.variables).toEqual({
      content: "# On-call\n\nPage the primary, then the secondary.",
      page_id: "oncall",
      workspace_id: "eng",
    });
  });
});
