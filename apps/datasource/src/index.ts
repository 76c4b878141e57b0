export { crawlerProvider, type PageSummary, siteCrawl, summarize } from "./crawler.js";
export {
  createDriveDatasource,
  createDriveProvider,
  DRIVE_ACCESS_TOKEN,
  DRIVE_MAX_KEYS,
  DRIVE_ROOT,
  type DriveOptions,
  DrivePathError,
  mimeTypeOf,
} from "./drive.js";
export { crawlerManifest, driveManifest, ICON_FILE, wikiManifest } from "./manifest.js";
export { createCrawlerPlugin, createDrivePlugin, createWikiPlugin } from "./plugins.js";
export { callDocsApi, wikiPages, wikiProvider } from "./wiki.js";
