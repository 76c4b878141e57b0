import { defineEndpoint } from "@x/endpoint";
import { workflowNodeExtension } from "@x/node";
import { StepFailedError } from "../errors/step-failed-error.js";
import { nodeModel } from "../tools/triage-config.js";
import { classifyAndExtract } from "../tools/triage-flow.js";
import { jsonError, readStringField } from "./json.js";
import { endpointSettings } from "./settings.js";

/**
 * `POST /triage` with `{"message": "..."}`: the `triage` tool's flow (Question Classifier, then the Parameter
 * Extractor for billing and bug; no lookup), answered as the tool's JSON report. A bad body answers 400 before any
 * reverse call; a failed reverse call answers 502 naming the step.
 */
export const triageEndpoint = defineEndpoint({
  settings: endpointSettings,
  uses: [workflowNodeExtension],
  path: "/triage",
  method: "POST",
  async invoke(request, { session, settings, signal }) {
    const message = await readStringField(request, "message");
    if (!message.ok) return message.response;
    try {
      const report = await classifyAndExtract(session, {
        message: message.value,
        model: nodeModel(settings.model),
        signal,
      });
      return Response.json(report);
    } catch (error) {
      if (error instanceof StepFailedError) return jsonError(502, error.message);
      throw error;
    }
  },
});
