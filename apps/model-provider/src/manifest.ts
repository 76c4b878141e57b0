import { definePluginManifest } from "@x/core";

/** File name of the plugin icon, under `_assets/`; the manifest and the provider both name it. */
export const ICON_FILE = "icon.svg";

/**
 * The `openai_gateway` manifest. A model plugin makes no reverse calls (§4.2), so no permission is enabled;
 * `definePluginManifest` fills in `meta.runner.language: python`, which the daemon requires even of a TypeScript
 * plugin (§8 item 1).
 */
export const manifest = definePluginManifest({
  version: "0.1.0",
  author: "xsdk",
  name: "openai_gateway",
  label: "OpenAI-compatible gateway",
  description: "Chat, embedding, rerank, speech and moderation models of any OpenAI-compatible server.",
  icon: ICON_FILE,
  // Fixed on purpose: created_at is part of the plugin's checksum.
  created_at: "2025-06-01T00:00:00Z",
  tags: ["utilities"],
});
