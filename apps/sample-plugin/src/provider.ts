import { defineToolProvider } from "@x/tool";
import { ICON_FILE } from "./manifest.js";
import { relayTool } from "./tools/relay.js";
import { triageTool } from "./tools/triage.js";

/** The `support_triage` tool provider: `triage` and `relay`, no credentials. */
export const supportTriageProvider = defineToolProvider({
  identity: {
    author: "xsdk",
    name: "support_triage",
    label: "Support triage",
    description: "Triage support messages with Dify's Question Classifier and Parameter Extractor.",
    icon: ICON_FILE,
    tags: ["productivity", "utilities"],
  },
  tools: [triageTool, relayTool],
});
