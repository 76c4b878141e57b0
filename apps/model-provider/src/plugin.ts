import { Plugin } from "@x/core";
import { manifest } from "./manifest.js";
import { gatewayProvider } from "./provider.js";

/** The plugin: one model provider and nothing else (a model plugin is exclusive). */
export const plugin = new Plugin({ manifest }).register(gatewayProvider);
