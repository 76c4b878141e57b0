export { answerEvent, askEndpoint } from "./endpoints/ask-endpoint.js";
export { supportTriageEndpoints } from "./endpoints/group.js";
export { jsonError, readStringField } from "./endpoints/json.js";
export { endpointSettings } from "./endpoints/settings.js";
export { triageEndpoint } from "./endpoints/triage-endpoint.js";
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
  type ModelSelection,
  nodeModel,
} from "./tools/triage-config.js";
export { classifyAndExtract, type TriageFlowOptions, type TriageSession } from "./tools/triage-flow.js";
export { summarize, type TriageReport } from "./tools/triage-summary.js";
