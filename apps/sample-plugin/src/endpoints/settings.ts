import { defineEndpointSettings } from "@x/endpoint";

/** The settings form of the sample's endpoints: the LLM triage runs with, and the app `/ask` forwards to. */
export const endpointSettings = defineEndpointSettings({
  model: {
    type: "model-selector",
    scope: "llm",
    required: true,
    label: "Model",
    help: "The LLM the Question Classifier and the Parameter Extractor run with (POST /triage)",
  },
  app: {
    type: "app-selector",
    label: "App",
    help: "Optional: the chat app POST /ask forwards questions to",
  },
});
