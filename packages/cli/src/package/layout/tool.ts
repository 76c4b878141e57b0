import { PluginLoadError } from "../../errors/plugin-load-error.js";
import { jsonCopy, type KindWriter, nameOf, safeFileName, yaml } from "./layout-kit.js";

/** `plugins.tools` → `provider/<provider>.yaml`, whose `tools` list → `tools/<tool>.yaml`. */
export const toolWriter: KindWriter = {
  manifestKey: "tools",
  write(declaration, { files, manifestFile }) {
    const provider = jsonCopy(declaration);
    const providerName = nameOf(provider, "tool provider");
    const tools = Array.isArray(provider.tools) ? (provider.tools as Record<string, unknown>[]) : [];
    const toolFiles: string[] = [];
    for (const toolDeclaration of tools) {
      const path = `tools/${safeFileName(nameOf(toolDeclaration, "tool"))}.yaml`;
      if (toolFiles.includes(path)) throw new PluginLoadError(manifestFile, `two tools are named ${path}`);
      toolFiles.push(path);
      files.push({ path, text: yaml(toolDeclaration) });
    }
    provider.tools = toolFiles;
    if (provider.credentials_schema === undefined && provider.credentials_for_provider === undefined) {
      provider.credentials_schema = [];
    }
    const path = `provider/${safeFileName(providerName)}.yaml`;
    files.push({ path, text: yaml(provider) });
    return [path];
  },
};
