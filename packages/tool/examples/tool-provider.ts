import { createStdioTransport, Plugin, PluginRuntime } from "@x/core";
import { defineTool, defineToolProvider, messages, ToolCredentialsError, toolExtension } from "@x/tool";

const forecast = defineTool({
  uses: [toolExtension], // this tool may call other tools: `session.tool` is typed and installed
  identity: { name: "forecast", label: "Forecast" },
  description: { human: "Weather forecast for a city", llm: "Returns the weather forecast for a city" },
  parameters: {
    city: { type: "string", required: true, description: "City name" },
    days: { type: "number", default: 3, min: 1, max: 14, form: "form" },
    unit: {
      type: "select",
      options: [
        { value: "c", label: "Celsius" },
        { value: "f", label: "Fahrenheit" },
      ],
      default: "c",
    },
    photo: { type: "file", description: "Optional picture of the sky" },
  },
  async *invoke({ city, days, unit, photo }, { credentials, session }) {
    // city: string, days: number, unit: "c" | "f", photo: DifyFile | undefined
    const step = messages.log({ label: "lookup", data: { city } });
    yield step;
    const report = { city, days, unit, sky: photo?.filename ?? "unknown", key: Boolean(credentials.api_key) };
    yield messages.finishLog(step, { data: report });
    yield messages.json(report);
    yield messages.text(`Sunny in ${city} for ${days} days`);
    yield messages.variable("summary", report);
    yield messages.blob(new TextEncoder().encode("csv,data\n"), { mime_type: "text/csv", filename: "f.csv" });
    // Other tools can be called here too: session.tool.invokeBuiltinTool(...)
    void session;
  },
});

const weather = defineToolProvider({
  identity: {
    author: "acme",
    name: "weather",
    label: "Weather",
    description: "Weather tools",
    icon: "icon.svg",
    tags: ["weather"],
  },
  credentialsSchema: { api_key: { type: "secret-input", required: true, label: "API key" } },
  tools: [forecast],
  validateCredentials(credentials) {
    if (typeof credentials.api_key !== "string" || credentials.api_key.length < 8) {
      throw new ToolCredentialsError("the API key looks wrong");
    }
  },
});

const plugin = new Plugin().register(weather); // declares tool_declaration, routes the tool actions, adds session.tool
await new PluginRuntime({ plugin, transport: createStdioTransport() }).start();
