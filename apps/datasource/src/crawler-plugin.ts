import type { Plugin } from "@x/core";
import { createCrawlerPlugin } from "./plugins.js";

/** The `local_docs_crawler` plugin (`"x-plugin": { "entry": "src/crawler-plugin.ts" }` packages it). */
export const plugin: Plugin = createCrawlerPlugin();
