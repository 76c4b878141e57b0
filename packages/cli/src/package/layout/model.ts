import { PluginLoadError } from "../../errors/plugin-load-error.js";
import { isRecord, jsonCopy, type KindWriter, safeFileName, yaml } from "./layout-kit.js";

/**
 * The folder of each model type a package may carry: the daemon's package decoder reads only these six keys of the
 * provider's `models` mapping (`pkg/entities/plugin_entities/model_declaration.go` `UnmarshalYAML`,
 * `pkg/plugin_packager/decoder/helper.go`).
 */
const TYPE_FOLDERS: Readonly<Record<string, string>> = {
  llm: "llm",
  "text-embedding": "text_embedding",
  rerank: "rerank",
  tts: "tts",
  speech2text: "speech2text",
  moderation: "moderation",
};

/**
 * `plugins.models` → `provider/<provider>.yaml`, whose `models` mapping names, per model type,
 * `predefined: [models/<type>/*.yaml]` and `position: models/<type>/_position.yaml`; each predefined model →
 * `models/<type>/<model>.yaml`. The layout of the official model plugins, which the daemon's decoder globs.
 */
export const modelWriter: KindWriter = {
  manifestKey: "models",
  write(declaration, { files, manifestFile }) {
    const provider = jsonCopy(declaration);
    const name = provider.provider;
    if (typeof name !== "string" || name === "") {
      throw new PluginLoadError(manifestFile, "a model provider declaration has no provider name");
    }
    const models = Array.isArray(provider.models) ? (provider.models as unknown[]) : [];
    const position = isRecord(provider.position) ? (provider.position as Record<string, unknown>) : {};
    const byFolder = new Map<string, string[]>();
    const paths = new Set<string>();
    for (const model of models) {
      if (!isRecord(model) || typeof model.model !== "string" || model.model === "") {
        throw new PluginLoadError(manifestFile, `model provider ${name} lists a model without a name`);
      }
      const folder = TYPE_FOLDERS[String(model.model_type)];
      if (folder === undefined) {
        throw new PluginLoadError(
          manifestFile,
          `model ${model.model} has model_type ${JSON.stringify(model.model_type)}; a package carries only ${Object.keys(TYPE_FOLDERS).join(", ")} models`,
        );
      }
      const path = `models/${folder}/${safeFileName(model.model)}.yaml`;
      if (paths.has(path)) throw new PluginLoadError(manifestFile, `two models would be written to ${path}`);
      paths.add(path);
      files.push({ path, text: yaml(model) });
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), model.model]);
    }
    const mapping: Record<string, { predefined: string[]; position: string }> = {};
    for (const [folder, names] of byFolder) {
      const positionFile = `models/${folder}/_position.yaml`;
      const order = Array.isArray(position[folder]) ? (position[folder] as string[]) : names;
      files.push({ path: positionFile, text: yaml(order) });
      mapping[folder] = { predefined: [`models/${folder}/*.yaml`], position: positionFile };
    }
    delete provider.position;
    if (Object.keys(mapping).length > 0) provider.models = mapping;
    else delete provider.models;
    const path = `provider/${safeFileName(name)}.yaml`;
    files.push({ path, text: yaml(provider) });
    return [path];
  },
};
