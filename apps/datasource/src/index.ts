export { crawlerProvider, type PageSummary, siteCrawl, summarize } from "./crawler.js";
export { crawlerManifest, ICON_FILE, wikiManifest } from "./manifest.js";
export { createCrawlerPlugin, createWikiPlugin } from "./plugins.js";
export { callDocsApi, wikiPages, wikiProvider } from "./wiki.js";
