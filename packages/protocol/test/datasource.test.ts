import { describe, expect, it } from "vitest";
import {
  DATASOURCE_ACCESS_TYPE,
  DATASOURCE_ACTIONS,
  DATASOURCE_REPLY_SCHEMAS,
  DATASOURCE_REQUEST_SCHEMAS,
  DatasourceMessageSchema,
  DatasourceResponseChunkSchema,
  GetOnlineDocumentPageContentRequestSchema,
  GetOnlineDocumentPagesRequestSchema,
  GetWebsiteCrawlRequestSchema,
  ONLINE_DRIVE_FILE_SIZE_RULE,
  OnlineDocumentPagesReplySchema,
  OnlineDriveBrowseFilesReplySchema,
  OnlineDriveBrowseFilesRequestSchema,
  OnlineDriveDownloadFileRequestSchema,
  ValidateDatasourceCredentialsReplySchema,
  ValidateDatasourceCredentialsRequestSchema,
  WebsiteCrawlReplySchema,
} from "../src/datasource/index.js";
import { RequestDataSchema } from "../src/frames/request-frame.js";
import requests from "./fixtures/datasource-requests.json" with { type: "json" };

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe("datasource requests", () => {
  it("routes on the datasource access type and the six actions of access.go", () => {
    expect(DATASOURCE_ACCESS_TYPE).toBe("datasource");
    expect(DATASOURCE_ACTIONS).toEqual([
      "validate_datasource_credentials",
      "invoke_website_datasource_get_crawl",
      "invoke_online_document_datasource_get_pages",
      "invoke_online_document_datasource_get_page_content",
      "invoke_online_drive_browse_files",
      "invoke_online_drive_download_file",
    ]);
    expect(Object.keys(DATASOURCE_REQUEST_SCHEMAS)).toEqual([...DATASOURCE_ACTIONS]);
    expect(Object.keys(DATASOURCE_REPLY_SCHEMAS)).toEqual([...DATASOURCE_ACTIONS]);
  });

  it("parses every fixture request (data as the daemon flattens it) with the schema of its action", () => {
    for (const data of Object.values(requests)) {
      const routed = RequestDataSchema.parse(data);
      expect(routed.type).toBe(DATASOURCE_ACCESS_TYPE);
      const schema = DATASOURCE_REQUEST_SCHEMAS[routed.action as keyof typeof DATASOURCE_REQUEST_SCHEMAS];
      expect(schema.safeParse(data).success).toBe(true);
    }
  });

  it("reads credentials: null as {} and keeps the routing keys", () => {
    const parsed = ValidateDatasourceCredentialsRequestSchema.parse(
      requests.validate_datasource_credentials_null_credentials,
    );
    expect(parsed.credentials).toEqual({});
    expect(parsed.provider).toBe("firecrawl");
    expect(parsed).toMatchObject({ type: "datasource", action: "validate_datasource_credentials" });
  });

  it("passes datasource_parameters through and reads a null map as {}", () => {
    const crawl = GetWebsiteCrawlRequestSchema.parse(requests.invoke_website_datasource_get_crawl);
    expect(crawl.datasource_parameters).toEqual({
      crawl_subpages: true,
      limit: 10,
      max_depth: 2,
      only_main_content: false,
      url: "https://docs.dify.ai",
    });
    expect(crawl.credential_type).toBeUndefined();
    const pages = GetOnlineDocumentPagesRequestSchema.parse(
      requests.invoke_online_document_datasource_get_pages,
    );
    expect(pages.datasource_parameters).toEqual({});
    expect(pages.credential_type).toBe("oauth2");
  });

  it("requires provider and datasource", () => {
    const { datasource: _d, ...noDatasource } = requests.invoke_website_datasource_get_crawl;
    expect(messages(GetWebsiteCrawlRequestSchema.safeParse(noDatasource))).toEqual([
      "datasource is required",
    ]);
    const { provider: _p, ...noProvider } = requests.validate_datasource_credentials;
    expect(messages(ValidateDatasourceCredentialsRequestSchema.safeParse(noProvider))).toEqual([
      "provider is required",
    ]);
  });

  it("reads the page of a page-content request with its three SDK-required keys", () => {
    const parsed = GetOnlineDocumentPageContentRequestSchema.parse(
      requests.invoke_online_document_datasource_get_page_content,
    );
    expect(parsed.page).toEqual({
      page_id: "1f2e3d4c-5b6a-4789-8abc-def012345678",
      type: "page",
      workspace_id: "ws-1",
    });
    const withoutType = {
      ...requests.invoke_online_document_datasource_get_page_content,
      page: { page_id: "p", workspace_id: "w" },
    };
    expect(messages(GetOnlineDocumentPageContentRequestSchema.safeParse(withoutType))).toEqual([
      "page.type is required (the page's type as listed by get_pages)",
    ]);
  });

  it("reads the nested browse and download requests (bucket null, empty prefix, max_keys)", () => {
    const browse = OnlineDriveBrowseFilesRequestSchema.parse(requests.invoke_online_drive_browse_files);
    expect(browse.request).toEqual({ bucket: null, max_keys: 20, next_page_parameters: null, prefix: "" });
    const download = OnlineDriveDownloadFileRequestSchema.parse(requests.invoke_online_drive_download_file);
    expect(download.request).toEqual({ bucket: "reports", id: "2025/q3/summary.pdf" });
    const noKeys = { ...requests.invoke_online_drive_browse_files, request: { prefix: "" } };
    expect(messages(OnlineDriveBrowseFilesRequestSchema.safeParse(noKeys))).toEqual([
      "request.max_keys is required",
    ]);
  });
});

describe("datasource replies", () => {
  it("validates credentials with { result }", () => {
    expect(ValidateDatasourceCredentialsReplySchema.parse({ result: true })).toEqual({ result: true });
    expect(messages(ValidateDatasourceCredentialsReplySchema.safeParse({}))).toEqual([
      "result is required (true when the credentials are valid)",
    ]);
    expect(ValidateDatasourceCredentialsReplySchema.safeParse({ result: true, ok: 1 }).success).toBe(false);
  });

  it("fills in a crawl progress item as the SDK's WebSiteInfo does (list [], counts 0)", () => {
    expect(WebsiteCrawlReplySchema.parse({ result: { status: "processing" } })).toEqual({
      result: { status: "processing", web_info_list: [], total: 0, completed: 0 },
    });
    const done = {
      result: {
        status: "completed",
        web_info_list: [
          { source_url: "https://docs.dify.ai", content: "# Dify", title: "Dify", description: "" },
        ],
        total: 1,
        completed: 1,
      },
    };
    expect(WebsiteCrawlReplySchema.parse(done)).toEqual(done);
    expect(WebsiteCrawlReplySchema.safeParse({ result: {} }).success).toBe(false);
    expect(WebsiteCrawlReplySchema.safeParse({ result: { status: null, total: 1.5 } }).success).toBe(false);
  });

  it("checks a get-pages reply page by page", () => {
    const reply = {
      result: [
        {
          workspace_id: "ws-1",
          workspace_name: "Acme",
          workspace_icon: "",
          total: 1,
          pages: [
            {
              page_id: "p1",
              page_name: "Roadmap",
              page_icon: { type: "emoji", emoji: "🗺️" },
              type: "page",
              last_edited_time: "2025-01-01T00:00:00.000Z",
            },
          ],
        },
      ],
    };
    const parsed = OnlineDocumentPagesReplySchema.parse(reply);
    expect(parsed.result[0]?.pages[0]?.parent_id).toBeNull();
    const missingName = structuredClone(reply) as {
      result: Array<{ pages: Array<Record<string, unknown>> }>;
    };
    delete missingName.result[0]!.pages[0]!.page_name;
    expect(messages(OnlineDocumentPagesReplySchema.safeParse(missingName))).toEqual([
      "page_name is required (a string)",
    ]);
  });

  it("accepts a folder with size 0 and is_truncated false, as the daemon does (its required tags never run)", () => {
    expect(ONLINE_DRIVE_FILE_SIZE_RULE).toEqual({
      goTag: 'validate:"required"',
      enforced: false,
      zeroAccepted: true,
    });
    const reply = {
      result: [
        {
          bucket: null,
          files: [
            { id: "reports/", name: "reports", size: 0, type: "folder" },
            { id: "a.pdf", name: "a.pdf", size: 2048, type: "file" },
          ],
          is_truncated: false,
          next_page_parameters: null,
        },
      ],
    };
    expect(OnlineDriveBrowseFilesReplySchema.parse(reply)).toEqual(reply);
    expect(OnlineDriveBrowseFilesReplySchema.parse({ result: [] })).toEqual({ result: [] });
  });

  it("refuses a null browse result (the one rule the daemon enforces) and a size Go cannot decode into an int", () => {
    expect(messages(OnlineDriveBrowseFilesReplySchema.safeParse({ result: null }))).toEqual([
      "result is required: an array of buckets ([] when empty), not null",
    ]);
    const fractional = {
      result: [{ files: [{ id: "a", name: "a", size: 1.5, type: "file" }], is_truncated: false }],
    };
    expect(OnlineDriveBrowseFilesReplySchema.safeParse(fractional).success).toBe(false);
    const parsed = OnlineDriveBrowseFilesReplySchema.parse({ result: [{ files: [], is_truncated: true }] });
    expect(parsed.result[0]).toEqual({
      bucket: null,
      files: [],
      is_truncated: true,
      next_page_parameters: null,
    });
  });

  it("checks page content and download items like DataSourceResponseChunk and parses them as §6 messages", () => {
    const blob = { type: "blob", message: { blob: Buffer.from("%PDF-1.7").toString("base64") }, meta: null };
    expect(DatasourceResponseChunkSchema.safeParse(blob).success).toBe(true);
    expect(DatasourceResponseChunkSchema.safeParse({ type: "binary_link", message: {} }).success).toBe(true);
    expect(DatasourceResponseChunkSchema.safeParse({ type: "markdown", message: {} }).success).toBe(false);
    const parsed = DatasourceMessageSchema.parse(blob);
    expect(parsed.type).toBe("blob");
    if (parsed.type === "blob") expect(Buffer.from(parsed.message.blob).toString()).toBe("%PDF-1.7");
    const content = DatasourceMessageSchema.parse({
      type: "variable",
      message: { variable_name: "content", variable_value: "# Roadmap", stream: false },
      meta: null,
    });
    expect(content).toMatchObject({ type: "variable", message: { variable_name: "content" } });
  });
});
