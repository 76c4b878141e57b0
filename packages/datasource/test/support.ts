import { Plugin } from "@x/core";
import {
  DatasourceCredentialsError,
  defineDatasourceProvider,
  defineOnlineDocument,
  defineOnlineDrive,
  defineWebsiteCrawl,
} from "@x/datasource";
import { messages } from "@x/tool";

/** A crawl over an in-memory site: one progress state per page, then the completed state. */
export const crawl = defineWebsiteCrawl({
  identity: { name: "memory_crawl", label: "Memory crawl" },
  description: "Crawls an in-memory site",
  parameters: {
    url: { type: "string", required: true, label: "Start URL" },
    limit: { type: "number", default: 10, min: 1 },
    include_subpages: { type: "boolean", default: true },
    format: { type: "select", options: [{ value: "markdown" }, { value: "text" }], default: "markdown" },
  },
  async *crawl({ url, limit, include_subpages, format }, context) {
    const pages = include_subpages ? ["/", "/a", "/b"].slice(0, limit) : ["/"];
    const done = [];
    for (const [i, path] of pages.entries()) {
      yield { status: "processing", total: pages.length, completed: i };
      done.push({
        source_url: new URL(path, url).href,
        content: `${format}:${path}:${String(context.credentials.api_key ? "auth" : "anon")}`,
        title: path,
        description: "",
      });
    }
    yield { status: "completed", web_info_list: done, total: pages.length, completed: pages.length };
  },
});

/** An online-document datasource with two pages in one workspace. */
export const docs = defineOnlineDocument({
  identity: { name: "memory_docs" },
  description: "Pages of an in-memory wiki",
  parameters: { space: { type: "string", default: "main" } },
  getPages({ space }) {
    return [
      {
        workspace_id: space,
        workspace_name: "Main",
        workspace_icon: "",
        total: 2,
        pages: [
          { page_id: "p1", page_name: "Intro", type: "page", last_edited_time: "2026-01-01" },
          {
            page_id: "p2",
            page_name: "Child",
            type: "page",
            last_edited_time: "2026-01-02",
            parent_id: "p1",
          },
        ],
      },
    ];
  },
  getContent(page) {
    if (page.page_id === "raw") return [messages.text("raw text"), messages.variable("content", "raw")];
    return { content: `# ${page.page_id}`, variables: { title: page.page_id } };
  },
});

const tree: Record<string, { name: string; size: number; type: "file" | "folder" }[]> = {
  "": [
    { name: "docs", size: 0, type: "folder" },
    { name: "a.txt", size: 5, type: "file" },
    { name: "b.txt", size: 5, type: "file" },
    { name: "c.txt", size: 5, type: "file" },
  ],
};

/** An online drive over a four-entry root, paginated by `max_keys` with an offset in `next_page_parameters`. */
export const drive = defineOnlineDrive({
  identity: { name: "memory_drive" },
  description: "An in-memory drive",
  browse({ prefix, max_keys, next_page_parameters }) {
    const entries = tree[prefix ?? ""] ?? [];
    const offset = Number(next_page_parameters?.offset ?? 0);
    const page = entries.slice(offset, offset + max_keys);
    const more = offset + max_keys < entries.length;
    return {
      files: page.map((entry) => ({ id: `${prefix}${entry.name}`, ...entry })),
      is_truncated: more,
      next_page_parameters: more ? { offset: offset + max_keys } : null,
    };
  },
  download({ id }) {
    if (id === "huge") return { bytes: new Uint8Array(4 * 1024 * 1024) };
    return { bytes: new TextEncoder().encode(`bytes of ${id}`), mimeType: "text/plain" };
  },
});

const identity = (name: string) => ({
  author: "acme",
  name,
  label: name,
  description: `${name} provider`,
  icon: "icon.svg",
});

/** A plugin per kind, each with one provider. */
export function pluginWith(kind: "crawl" | "docs" | "drive"): Plugin {
  const datasource = kind === "crawl" ? crawl : kind === "docs" ? docs : drive;
  return new Plugin().register(
    defineDatasourceProvider({
      identity: identity(kind),
      credentials: { api_key: { type: "secret-input", required: true, label: "API key" } },
      datasources: [datasource],
      validateCredentials(credentials) {
        if (credentials.api_key !== "good") throw new DatasourceCredentialsError("the API key was refused");
      },
    }),
  );
}
