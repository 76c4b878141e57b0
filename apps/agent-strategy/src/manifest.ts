import { definePluginManifest } from "@x/core";

/** File name of the plugin icon, under `_assets/`; the manifest and the provider both name it. */
export const ICON_FILE = "icon.svg";

/**
 * The `ts_agent` manifest. An agent strategy calls the workspace's LLMs and tools on the user's behalf, so
 * `model.llm` and `tool` are enabled; nothing else. The daemon allows an agent strategy plugin no other kind.
 */
export const manifest = definePluginManifest({
  version: "0.1.0",
  author: "xsdk",
  name: "ts_agent",
  label: "TypeScript agent strategies",
  description:
    "A function-calling agent strategy written in TypeScript: the model calls tools until it can answer.",
  icon: ICON_FILE,
  // Fixed on purpose: created_at is part of the plugin's checksum.
  created_at: "2026-12-01T00:00:00Z",
  permission: {
    model: { enabled: true, llm: true },
    tool: { enabled: true },
  },
  tags: ["agent"],
});
