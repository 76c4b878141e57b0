import type { Plugin } from "@x/core";
import { createDrivePlugin } from "./plugins.js";

/** The `local_docs_drive` plugin (`"x-plugin": { "entry": "src/drive-plugin.ts" }` packages it). */
export const plugin: Plugin = createDrivePlugin();
