import { Plugin } from "@x/core";
import { DatasourceCredentialsError, defineDatasourceProvider, defineOnlineDrive } from "@x/datasource";
import { createTestHarness } from "@x/testing";
import { expect, it } from "vitest";

// An online drive over an in-memory tree: folders are ids ending in "/", "" is the root.
const tree: Record<string, Array<{ name: string; bytes?: string }>> = {
  "": [{ name: "reports/" }, { name: "a.txt", bytes: "alpha" }, { name: "b.txt", bytes: "beta" }],
  "reports/": [{ name: "q3.csv", bytes: "month,total\njuly,42\n" }],
};

const drive = defineOnlineDrive({
  identity: { name: "memory_drive", label: "Memory drive" },
  description: "Files kept in memory",
  // One page of a folder: `max_keys` entries from the offset the previous page left in next_page_parameters.
  browse({ prefix, max_keys, next_page_parameters }) {
    const entries = tree[prefix ?? ""] ?? [];
    const offset = Number(next_page_parameters?.offset ?? 0);
    const end = offset + max_keys;
    return {
      files: entries.slice(offset, end).map((entry) => ({
        id: `${prefix}${entry.name}`,
        name: entry.name,
        // A folder has no size: 0 is what the official drives send, and the daemon accepts it.
        size: entry.bytes?.length ?? 0,
        type: entry.name.endsWith("/") ? "folder" : "file",
      })),
      is_truncated: end < entries.length,
      next_page_parameters: end < entries.length ? { offset: end } : null,
    };
  },
  // One file, sent as one blob message with meta { file_name, mime_type }.
  download({ id }) {
    const folder = id.includes("/") ? id.slice(0, id.lastIndexOf("/") + 1) : "";
    const entry = tree[folder]?.find((candidate) => `${folder}${candidate.name}` === id);
    if (entry?.bytes === undefined) throw new Error(`no file ${id}`);
    return { bytes: new TextEncoder().encode(entry.bytes), fileName: entry.name, mimeType: "text/plain" };
  },
});

const provider = defineDatasourceProvider({
  identity: {
    author: "acme",
    name: "memory",
    label: "Memory",
    description: "An in-memory drive",
    icon: "icon.svg",
  },
  credentials: { token: { type: "secret-input", required: true, label: "Token" } },
  datasources: [drive],
  validateCredentials(credentials) {
    if (credentials.token !== "open-sesame") throw new DatasourceCredentialsError("that token is not valid");
  },
});

const plugin = new Plugin().register(provider);

it("browses page by page and downloads a file", async () => {
  await using harness = createTestHarness(plugin);
  const target = { provider: "memory", datasource: "memory_drive", credentials: { token: "open-sesame" } };

  expect((await harness.datasource.validateCredentials(target)).valid).toBe(true);

  const root = await harness.datasource.browseAll({ ...target, maxKeys: 2 });
  expect(root.pages).toHaveLength(2); // two entries, then one
  expect(root.files.map((file) => `${file.type} ${file.id} ${file.size}`)).toEqual([
    "folder reports/ 0",
    "file a.txt 5",
    "file b.txt 4",
  ]);

  const csv = await harness.datasource.download({ ...target, id: "reports/q3.csv" });
  expect(csv.file?.fileName).toBe("q3.csv");
  expect(new TextDecoder().decode(csv.file?.bytes)).toBe("month,total\njuly,42\n");
});
