import { Plugin, ValidationError, validateRegistration } from "@x/core";
import {
  DatasourceProviderDeclarationSchema,
  DatasourceResponseChunkSchema,
  OnlineDocumentPagesReplySchema,
  OnlineDriveBrowseFilesReplySchema,
  WebsiteCrawlReplySchema,
} from "@x/protocol";
import { createTestHarness } from "@x/testing";
import { defineTool, defineToolProvider } from "@x/tool";
import { afterEach, describe, expect, it } from "vitest";
import requests from "../../protocol/test/fixtures/datasource-requests.json" with { type: "json" };
import {
  DatasourceNotFoundError,
  defineDatasourceProvider,
  defineOnlineDocument,
  defineOnlineDrive,
  defineWebsiteCrawl,
  MAX_DATASOURCE_BLOB_BYTES,
} from "../src/index.js";
import { crawl, docs, drive, pluginWith } from "./support.js";

const harnesses: Array<{ close(): Promise<void> }> = [];
function harnessOf(plugin: Plugin) {
  const harness = createTestHarness(plugin);
  harnesses.push(harness);
  return harness;
}
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

const identity = { author: "acme", name: "p", label: "P", description: "P", icon: "icon.svg" };

describe("defineDatasourceProvider", () => {
  it("declares the provider type of its datasources and passes the daemon's declaration rules", () => {
    const plugin = pluginWith("crawl");
    const [declaration] = plugin.declarations().get("datasource") ?? [];
    expect(DatasourceProviderDeclarationSchema.safeParse(declaration).success).toBe(true);
    expect(declaration).toMatchObject({
      provider_type: "website_crawl",
      oauth_schema: null,
      identity: { author: "acme", name: "crawl", icon: "icon.svg", tags: [] },
      credentials_schema: [{ name: "api_key", type: "secret-input", required: true }],
    });
    const [datasource] = (declaration as { datasources: Array<Record<string, unknown>> }).datasources;
    expect(datasource?.identity).toEqual({
      author: "acme",
      name: "memory_crawl",
      label: { zh_Hans: "Memory crawl", pt_BR: "Memory crawl", ja_JP: "Memory crawl", en_US: "Memory crawl" },
    });
    const parameters = datasource?.parameters as Array<Record<string, unknown>>;
    expect(parameters.map((p) => [p.name, p.type, p.required, p.default])).toEqual([
      ["url", "string", true, undefined],
      ["limit", "number", false, 10],
      ["include_subpages", "boolean", false, true],
      ["format", "select", false, "markdown"],
    ]);
    expect(parameters.every((p) => !("scope" in p) && typeof p.description === "object")).toBe(true);
  });

  it("declares parameters: [] for a drive and for a datasource without parameters (null fails the daemon)", () => {
    const [declaration] = pluginWith("drive").declarations().get("datasource") ?? [];
    expect(
      (declaration as { datasources: Array<{ parameters: unknown }> }).datasources[0]?.parameters,
    ).toEqual([]);
  });

  it("refuses a provider that mixes datasource kinds, naming the datasource", () => {
    expect(() => defineDatasourceProvider({ identity, datasources: [crawl, docs] })).toThrow(
      /datasources\[1\]|online_document datasource, but the provider's first one is website_crawl/,
    );
    try {
      defineDatasourceProvider({ identity, datasources: [crawl, docs] });
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe("datasources[1]");
    }
  });

  it("refuses an empty provider, duplicate names, a file parameter and an unknown tag", () => {
    expect(() => defineDatasourceProvider({ identity, datasources: [] })).toThrow(/at least one datasource/);
    expect(() => defineDatasourceProvider({ identity, datasources: [drive, drive] })).toThrow(
      /duplicate datasource name memory_drive/,
    );
    const withFile = defineWebsiteCrawl({
      identity: { name: "f" },
      description: "f",
      parameters: { doc: { type: "file" as "string" } },
      crawl: () => ({ status: "completed" }),
    });
    expect(() => defineDatasourceProvider({ identity, datasources: [withFile] })).toThrow(
      /the daemon refuses file and files/,
    );
    expect(() =>
      defineDatasourceProvider({
        identity: { ...identity, tags: ["nope" as "rag"] },
        datasources: [drive],
      }),
    ).toThrow(/unknown tag "nope"/);
    expect(() =>
      defineDatasourceProvider({ identity: { ...identity, icon: "" }, datasources: [drive] }),
    ).toThrow(/icon/);
  });

  it("is an exclusive plugin kind: a datasource plugin that also declares tools fails registration checks", () => {
    const plugin = pluginWith("docs").register(
      defineToolProvider({
        identity: { ...identity, name: "tools" },
        tools: [defineTool({ identity: { name: "t" }, description: "t", invoke: () => {} })],
      }),
    );
    const issues = validateRegistration({
      manifest: {} as never,
      declarations: plugin.declarations() as never,
      assets: new Map(),
    });
    expect(issues.map((issue) => issue.message).join("\n")).toMatch(
      /may combine only tool and endpoint declarations, found (datasource \+ tool|tool \+ datasource)/,
    );
  });
});

describe("website crawl", () => {
  it("streams each progress state and the final pages as { result } items, with typed parameters", async () => {
    const harness = harnessOf(pluginWith("crawl"));
    const run = await harness.datasource.crawl({
      provider: "crawl",
      datasource: "memory_crawl",
      credentials: { api_key: "k" },
      parameters: { url: "http://127.0.0.1/", limit: "2", include_subpages: "true" },
    });
    expect(run.error).toBeNull();
    expect(run.states.map((s) => [s.status, s.completed, s.total])).toEqual([
      ["processing", 0, 2],
      ["processing", 1, 2],
      ["completed", 2, 2],
    ]);
    expect(run.pages.map((page) => [page.source_url, page.content])).toEqual([
      ["http://127.0.0.1/", "markdown:/:auth"],
      ["http://127.0.0.1/a", "markdown:/a:auth"],
    ]);
    // Each item is the reply shape, the SDK's WebSiteInfo defaults filled in.
    for (const item of run.items) expect(WebsiteCrawlReplySchema.parse(item)).toEqual(item);
    expect(run.items[0]).toEqual({
      result: { status: "processing", web_info_list: [], total: 2, completed: 0 },
    });
  });

  it("fails with DatasourceParameterError when a required parameter is missing or mistyped", async () => {
    const harness = harnessOf(pluginWith("crawl"));
    const missing = await harness.datasource.crawl({ provider: "crawl", datasource: "memory_crawl" });
    expect(missing.error?.error_type).toBe("DatasourceParameterError");
    expect(missing.error?.message).toBe("datasource `memory_crawl` parameter `url`: is required");
    const wrong = await harness.datasource.crawl({
      provider: "crawl",
      datasource: "memory_crawl",
      parameters: { url: "http://x/", limit: "many", format: "pdf" },
    });
    expect(wrong.error?.message).toMatch(/parameter `limit`: expected a number, got "many"/);
  });

  it("refuses a crawl state that Dify could not read, before it is sent", async () => {
    const bad = defineWebsiteCrawl({
      identity: { name: "bad" },
      description: "bad",
      crawl: () => ({ status: "completed", web_info_list: [{ source_url: "x" }] }) as never,
    });
    const harness = harnessOf(
      new Plugin().register(defineDatasourceProvider({ identity, datasources: [bad] })),
    );
    const run = await harness.datasource.crawl({ provider: "p", datasource: "bad" });
    expect(run.items).toEqual([]);
    expect(run.error?.message).toMatch(/crawl state of bad: content is required/);
  });
});

describe("online document", () => {
  it("lists workspaces and pages, filling page_icon and parent_id as the SDK's model does", async () => {
    const harness = harnessOf(pluginWith("docs"));
    const run = await harness.datasource.pages({ provider: "docs", datasource: "memory_docs" });
    expect(run.error).toBeNull();
    expect(run.items).toHaveLength(1);
    expect(OnlineDocumentPagesReplySchema.parse(run.items[0])).toEqual(run.items[0]);
    expect(run.workspaces[0]?.workspace_id).toBe("main");
    expect(run.workspaces[0]?.pages.map((page) => [page.page_id, page.page_icon, page.parent_id])).toEqual([
      ["p1", null, null],
      ["p2", null, "p1"],
    ]);
  });

  it("sends a page's content as the variables content, page_id and workspace_id (and any extra ones)", async () => {
    const harness = harnessOf(pluginWith("docs"));
    const run = await harness.datasource.pageContent({
      provider: "docs",
      datasource: "memory_docs",
      page: { workspace_id: "main", page_id: "p2", type: "page" },
    });
    expect(run.error).toBeNull();
    expect(run.variables).toEqual({ content: "# p2", page_id: "p2", workspace_id: "main", title: "p2" });
    for (const item of run.items) expect(DatasourceResponseChunkSchema.safeParse(item).success).toBe(true);
    expect(run.items[0]).toEqual({
      type: "variable",
      message: { variable_name: "content", variable_value: "# p2", stream: false },
      meta: null,
    });
  });

  it("passes messages a getContent yields through unchanged", async () => {
    const harness = harnessOf(pluginWith("docs"));
    const run = await harness.datasource.pageContent({
      provider: "docs",
      datasource: "memory_docs",
      page: { workspace_id: "main", page_id: "raw", type: "page" },
    });
    expect(run.messages.map((message) => message.type)).toEqual(["text", "variable"]);
    expect(run.variables).toEqual({ content: "raw" });
  });
});

describe("online drive", () => {
  it("pages through a folder with max_keys and next_page_parameters, a folder of size 0 included", async () => {
    const harness = harnessOf(pluginWith("drive"));
    const first = await harness.datasource.browse({
      provider: "drive",
      datasource: "memory_drive",
      maxKeys: 3,
    });
    expect(first.error).toBeNull();
    expect(OnlineDriveBrowseFilesReplySchema.parse(first.items[0])).toEqual(first.items[0]);
    expect(first.buckets[0]).toMatchObject({
      bucket: null,
      is_truncated: true,
      next_page_parameters: { offset: 3 },
    });
    expect(first.buckets[0]?.files[0]).toEqual({ id: "docs", name: "docs", size: 0, type: "folder" });

    const all = await harness.datasource.browseAll({
      provider: "drive",
      datasource: "memory_drive",
      maxKeys: 3,
    });
    expect(all.pages).toHaveLength(2);
    expect(all.files.map((file) => file.name)).toEqual(["docs", "a.txt", "b.txt", "c.txt"]);
    expect(all.pages[1]?.buckets[0]).toMatchObject({ is_truncated: false, next_page_parameters: null });
  });

  it("downloads a file as one unchunked blob message with file_name and mime_type", async () => {
    const harness = harnessOf(pluginWith("drive"));
    const run = await harness.datasource.download({
      provider: "drive",
      datasource: "memory_drive",
      id: "a.txt",
    });
    expect(run.error).toBeNull();
    expect(run.items).toEqual([
      {
        type: "blob",
        message: { blob: Buffer.from("bytes of a.txt").toString("base64") },
        meta: { file_name: "a.txt", mime_type: "text/plain" },
      },
    ]);
    expect(new TextDecoder().decode(run.file?.bytes)).toBe("bytes of a.txt");
    expect(run.file?.fileName).toBe("a.txt");
  });

  it("refuses a file too big for one 5 MiB line with a message saying so", async () => {
    expect(MAX_DATASOURCE_BLOB_BYTES).toBeLessThan((5 * 1024 * 1024 * 3) / 4);
    const harness = harnessOf(pluginWith("drive"));
    const run = await harness.datasource.download({
      provider: "drive",
      datasource: "memory_drive",
      id: "huge",
    });
    expect(run.items).toEqual([]);
    expect(run.error?.message).toMatch(/one blob message, which must fit the daemon's 5 MiB line/);
  });
});

describe("credentials and routing", () => {
  it("answers validate_datasource_credentials with { result: true }, or the author's error", async () => {
    const harness = harnessOf(pluginWith("crawl"));
    const good = await harness.datasource.validateCredentials({
      provider: "crawl",
      credentials: { api_key: "good" },
    });
    expect(good.items).toEqual([{ result: true }]);
    expect(good.valid).toBe(true);
    const bad = await harness.datasource.validateCredentials({
      provider: "crawl",
      credentials: { api_key: "hunter2" },
    });
    expect(bad.valid).toBe(false);
    expect(bad.error).toMatchObject({
      error_type: "DatasourceCredentialsError",
      message: "the API key was refused",
    });
    expect(JSON.stringify(bad.error)).not.toContain("hunter2");
  });

  it("names the unknown provider or datasource, and a datasource asked for another kind's action", async () => {
    const harness = harnessOf(pluginWith("crawl"));
    const provider = await harness.datasource.crawl({ provider: "nope", datasource: "memory_crawl" });
    expect(provider.error).toMatchObject({
      error_type: "DatasourceNotFoundError",
      message: "Datasource provider `nope` not found",
    });
    const datasource = await harness.datasource.crawl({ provider: "crawl", datasource: "nope" });
    expect(datasource.error?.message).toBe("Datasource `nope` not found for provider `crawl`");
    const kind = await harness.datasource.pages({ provider: "crawl", datasource: "memory_crawl" });
    expect(kind.error?.message).toMatch(
      /is a website_crawl datasource; invoke_online_document_datasource_get_pages/,
    );
    expect(new DatasourceNotFoundError("p").datasource).toBeUndefined();
  });

  it("reads every request exactly as the daemon flattens it (the protocol fixtures)", async () => {
    const seen: unknown[] = [];
    const record = (name: string) => ({
      author: "langgenius",
      name,
      label: name,
      description: name,
      icon: "i.svg",
    });
    const plugins = [
      defineDatasourceProvider({
        identity: record("firecrawl"),
        validateCredentials: (credentials) => void seen.push(credentials),
        datasources: [
          defineWebsiteCrawl({
            identity: { name: "crawl" },
            description: "crawl",
            parameters: { url: { type: "string", required: true }, limit: { type: "number" } },
            crawl: (parameters, context) => {
              seen.push([parameters, context.rawParameters.max_depth, context.credentialType]);
              return { status: "completed" };
            },
          }),
        ],
      }),
      defineDatasourceProvider({
        identity: record("notion_datasource"),
        datasources: [
          defineOnlineDocument({
            identity: { name: "notion_datasource" },
            description: "notion",
            getPages: (_parameters, context) => {
              seen.push([context.credentialType, context.rawParameters]);
              return [];
            },
            getContent: (page) => ({ content: page.page_id }),
          }),
        ],
      }),
      defineDatasourceProvider({
        identity: record("aws_s3_storage"),
        datasources: [
          defineOnlineDrive({
            identity: { name: "aws_s3_storage" },
            description: "s3",
            browse: (request) => {
              seen.push(request);
              return [];
            },
            download: (request) => ({
              bytes: new Uint8Array([1]),
              fileName: `${request.bucket}/${request.id}`,
            }),
          }),
        ],
      }),
    ];
    const harnessFor = new Map(
      plugins.map((provider) => [provider.name, harnessOf(new Plugin().register(provider))] as const),
    );
    const results: Record<string, unknown> = {};
    for (const [name, data] of Object.entries(requests)) {
      const { type, action, ...rest } = data as Record<string, unknown> & { type: string; action: string };
      const harness = harnessFor.get(String(rest.provider));
      const result = await harness?.request(type, action, rest);
      expect(result?.error, name).toBeNull();
      results[name] = result?.items;
    }
    expect(results.invoke_online_drive_browse_files).toEqual([{ result: [] }]);
    expect(results.invoke_online_document_datasource_get_page_content).toHaveLength(3);
    expect((results.invoke_online_drive_download_file as Array<{ meta: unknown }>)[0]?.meta).toEqual({
      file_name: "reports/2025/q3/summary.pdf",
      mime_type: "application/octet-stream",
    });
    expect(seen).toEqual([
      { base_url: "https://api.firecrawl.dev", firecrawl_api_key: "fc-test" },
      {},
      [{ url: "https://docs.dify.ai", limit: 10 }, 2, "api-key"],
      ["oauth2", {}],
      { bucket: null, max_keys: 20, next_page_parameters: null, prefix: "" },
    ]);
  });
});
