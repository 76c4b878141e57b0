import type { Plugin } from "@x/core";
import { createWikiPlugin } from "./plugins.js";

/** The `local_docs_wiki` plugin: what `x-plugin check` / `package` load by default. */
export const plugin: Plugin = createWikiPlugin();
