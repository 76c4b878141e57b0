export { functionCalling } from "./function-calling.js";
export { ICON_FILE, manifest } from "./manifest.js";
export { agentProvider, createAgentPlugin, plugin } from "./plugin.js";
