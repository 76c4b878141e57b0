import { definePluginManifest } from "@x/core";
import type { PluginManifest } from "@x/protocol";

/** File name of the icon, under `_assets/`; the manifests and the providers name it. */
export const ICON_FILE = "icon.svg";

// A datasource plugin holds one datasource provider of one kind (the daemon keeps a single `datasource`
// declaration and refuses any other kind beside it), so the sample is three plugins sharing this folder.

function manifestOf(name: string, label: string, description: string): PluginManifest {
  return definePluginManifest({
    version: "0.1.0",
    author: "xsdk",
    name,
    label,
    description,
    icon: ICON_FILE,
    // Fixed on purpose: created_at is part of the plugin's checksum.
    created_at: "2025-06-01T00:00:00Z",
    tags: ["rag"],
    // Datasources arrived in Dify 1.9 (the knowledge pipeline).
    meta: { minimum_dify_version: "1.9.0" },
  });
}

/** The `local_docs_wiki` manifest: an online-document datasource over a docs API. */
export const wikiManifest = manifestOf(
  "local_docs_wiki",
  "Local docs wiki",
  "Reads the pages of a docs API into a Dify knowledge base.",
);

/** The `local_docs_crawler` manifest: a website-crawl datasource. */
export const crawlerManifest = manifestOf(
  "local_docs_crawler",
  "Local docs crawler",
  "Crawls a documentation site, following its links, into a Dify knowledge base.",
);

/** The `local_docs_drive` manifest: an online-drive datasource over a local folder. */
export const driveManifest = manifestOf(
  "local_docs_drive",
  "Local docs drive",
  "Reads the files of a local folder, one bucket per top-level folder, into a Dify knowledge base.",
);
