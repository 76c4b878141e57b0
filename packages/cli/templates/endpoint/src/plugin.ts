import { Plugin } from "@x/core";
import { defineEndpointGroup } from "@x/endpoint";
import { hello, settings } from "./endpoints/hello.js";
import { manifest } from "./manifest.js";

/** The endpoint group: its settings form and endpoints become the `endpoint_declaration` Dify shows. */
export const endpoints = defineEndpointGroup({ settings, endpoints: [hello] });

/** The plugin. x-plugin runs it (`dev`) or bundles it (`package`); this module must only export. */
const plugin = new Plugin({ manifest }).register(endpoints);

export { manifest };
export default plugin;
