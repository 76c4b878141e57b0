import { readFileSync } from "node:fs";
import { Plugin } from "@x/core";
import type { DatasourceProvider } from "@x/datasource";
import type { PluginManifest } from "@x/protocol";
import { crawlerProvider } from "./crawler.js";
import { createDriveProvider, type DriveOptions } from "./drive.js";
import { crawlerManifest, driveManifest, ICON_FILE, wikiManifest } from "./manifest.js";
import { wikiProvider } from "./wiki.js";

// `_assets/` sits next to both `src/` and `dist/`, so the same relative URL works from source and from a build.
const icon = new Uint8Array(readFileSync(new URL(`../_assets/${ICON_FILE}`, import.meta.url)));

function pluginOf(manifest: PluginManifest, provider: DatasourceProvider): Plugin {
  return new Plugin({ manifest, assets: { [ICON_FILE]: icon } }).register(provider);
}

/** A fresh `local_docs_wiki` plugin (online document). */
export function createWikiPlugin(): Plugin {
  return pluginOf(wikiManifest, wikiProvider);
}

/** A fresh `local_docs_crawler` plugin (website crawl). */
export function createCrawlerPlugin(): Plugin {
  return pluginOf(crawlerManifest, crawlerProvider);
}

/** A fresh `local_docs_drive` plugin (online drive) over `options.root` (default: the app's `drive/`). */
export function createDrivePlugin(options: DriveOptions = {}): Plugin {
  return pluginOf(driveManifest, createDriveProvider(options));
}
