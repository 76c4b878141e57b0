import { defineEndpointGroup } from "@x/endpoint";
import { askEndpoint } from "./ask-endpoint.js";
import { endpointSettings } from "./settings.js";
import { triageEndpoint } from "./triage-endpoint.js";

/** The sample's endpoint group: `POST /triage` and `POST /ask`, configured with a model and an optional app. */
export const supportTriageEndpoints = defineEndpointGroup({
  settings: endpointSettings,
  endpoints: [triageEndpoint, askEndpoint],
});
