import { PluginLoadError } from "../../errors/plugin-load-error.js";
import { jsonCopy, type KindWriter, nameOf, safeFileName, yaml } from "./layout-kit.js";

/**
 * `plugins.agent_strategies` → `provider/<provider>.yaml`, whose `strategies` list → `strategies/<strategy>.yaml`:
 * the daemon's decoder reads the provider file, collects the scalar `strategies` entries as file paths and appends
 * each file's `AgentStrategyDeclaration` (`pkg/plugin_packager/decoder/helper.go`,
 * `AgentStrategyProviderDeclaration.UnmarshalYAML` in `pkg/entities/plugin_entities/agent_declaration.go`).
 */
export const agentStrategyWriter: KindWriter = {
  manifestKey: "agent_strategies",
  write(declaration, { files, manifestFile }) {
    const provider = jsonCopy(declaration);
    const providerName = nameOf(provider, "agent strategy provider");
    const strategies = Array.isArray(provider.strategies)
      ? (provider.strategies as Record<string, unknown>[])
      : [];
    const strategyFiles: string[] = [];
    for (const strategy of strategies) {
      const path = `strategies/${safeFileName(nameOf(strategy, "agent strategy"))}.yaml`;
      if (strategyFiles.includes(path)) {
        throw new PluginLoadError(manifestFile, `two agent strategies are named ${path}`);
      }
      strategyFiles.push(path);
      files.push({ path, text: yaml(strategy) });
    }
    provider.strategies = strategyFiles;
    const path = `provider/${safeFileName(providerName)}.yaml`;
    files.push({ path, text: yaml(provider) });
    return [path];
  },
};
