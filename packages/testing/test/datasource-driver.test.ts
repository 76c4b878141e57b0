import { Plugin } from "@x/core";
import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../src/index.js";

// The driver is checked here against raw handlers, so what it sends is visible and what it refuses is exact.

let harness: TestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function withHandlers(handlers: Record<string, (data: Record<string, unknown>) => unknown>): TestHarness {
  const plugin = new Plugin();
  for (const [action, handler] of Object.entries(handlers)) {
    plugin.on("datasource", action, (_session, data) => handler(data as Record<string, unknown>));
  }
  harness = createTestHarness(plugin);
  return harness;
}

describe("harness.datasource", () => {
  it("sends the request data as the daemon flattens it (credential_type left out when not given)", async () => {
    const seen: Record<string, unknown>[] = [];
    const h = withHandlers({
      invoke_online_drive_browse_files: (data) => {
        seen.push(data);
        return { result: [] };
      },
      invoke_online_drive_download_file: (data) => {
        seen.push(data);
        return {
          type: "blob",
          message: { blob: "aGk=" },
          meta: { file_name: "hi.txt", mime_type: "text/plain" },
        };
      },
    });
    const browse = await h.datasource.browse({ provider: "p", datasource: "d" });
    expect(browse.buckets).toEqual([]);
    const download = await h.datasource.download({
      provider: "p",
      datasource: "d",
      id: "hi.txt",
      credentialType: "oauth2",
    });
    expect(new TextDecoder().decode(download.file?.bytes)).toBe("hi");
    expect(download.file).toMatchObject({ fileName: "hi.txt", mimeType: "text/plain" });
    expect(seen[0]).toMatchObject({
      provider: "p",
      datasource: "d",
      credentials: {},
      request: { bucket: null, prefix: "", max_keys: 20, next_page_parameters: null },
    });
    expect(seen[0]).not.toHaveProperty("credential_type");
    expect(seen[1]).toMatchObject({ credential_type: "oauth2", request: { bucket: null, id: "hi.txt" } });
  });

  it("refuses a reply Dify could not read, naming the field (a null browse result, a crawl page without content)", async () => {
    const h = withHandlers({
      invoke_online_drive_browse_files: () => ({ result: null }),
      invoke_website_datasource_get_crawl: () => ({
        result: { status: "completed", web_info_list: [{ source_url: "u", title: "", description: "" }] },
      }),
    });
    await expect(h.datasource.browse({ provider: "p", datasource: "d" })).rejects.toThrow(
      /invoke_online_drive_browse_files reply item refused at result: result is required/,
    );
    await expect(h.datasource.crawl({ provider: "p", datasource: "d" })).rejects.toThrow(
      /at result\.web_info_list\.0\.content: content is required/,
    );
  });

  it("collects every crawl state in order and the final pages", async () => {
    const h = withHandlers({
      invoke_website_datasource_get_crawl: function* () {
        yield { result: { status: "processing", total: 1, completed: 0 } };
        yield {
          result: {
            status: "completed",
            total: 1,
            completed: 1,
            web_info_list: [{ source_url: "u", content: "c", title: "t", description: "d" }],
          },
        };
      },
    });
    const run = await h.datasource.crawl({ provider: "p", datasource: "d", parameters: { url: "u" } });
    expect(run.states.map((state) => state.status)).toEqual(["processing", "completed"]);
    expect(run.states[0]?.web_info_list).toEqual([]);
    expect(run.pages).toEqual([{ source_url: "u", content: "c", title: "t", description: "d" }]);
  });
});
