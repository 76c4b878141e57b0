export { runStep, StepFailedError, type TriageStep } from "./errors/step-failed-error.js";
export { ICON_FILE, manifest } from "./manifest.js";
export { createSupportTriagePlugin, plugin } from "./plugin.js";
export { supportTriageProvider } from "./provider.js";
export { parseRelayParameters, relayTool } from "./tools/relay.js";
export { relayMessage, UnrelayableMessageError } from "./tools/relay-message.js";
export { triageTool } from "./tools/triage.js";
export {
  BILLING_PARAMETERS,
  BUG_PARAMETERS,
  type Category,
  CLASSES,
  nodeModel,
} from "./tools/triage-config.js";
export { summarize, type TriageReport } from "./tools/triage-summary.js";
