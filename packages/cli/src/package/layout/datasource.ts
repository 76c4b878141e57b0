import { PluginLoadError } from "../../errors/plugin-load-error.js";
import { jsonCopy, type KindWriter, nameOf, safeFileName, yaml } from "./layout-kit.js";

/**
 * `plugins.datasources` → `provider/<provider>.yaml`, whose `datasources` list → `datasources/<datasource>.yaml`,
 * the layout of the official datasource plugins. The daemon's package decoder (`pkg/plugin_packager/decoder/
 * helper.go`, `DatasourceProviderDeclaration.UnmarshalYAML` in `pkg/entities/plugin_entities/
 * datasource_declaration.go`) reads a scalar entry of `datasources` as a file path and decodes that file as one
 * `DatasourceDeclaration`; `credentials_schema` is always written as a list and every datasource's `parameters` as
 * a list (`[]` when empty: its `required` rule refuses a missing one).
 */
export const datasourceWriter: KindWriter = {
  manifestKey: "datasources",
  write(declaration, { files, manifestFile }) {
    const provider = jsonCopy(declaration);
    const providerName = nameOf(provider, "datasource provider");
    const datasources = Array.isArray(provider.datasources)
      ? (provider.datasources as Record<string, unknown>[])
      : [];
    const datasourceFiles: string[] = [];
    for (const datasource of datasources) {
      const path = `datasources/${safeFileName(nameOf(datasource, "datasource"))}.yaml`;
      if (datasourceFiles.includes(path))
        throw new PluginLoadError(manifestFile, `two datasources are named ${path}`);
      datasourceFiles.push(path);
      files.push({ path, text: yaml({ ...datasource, parameters: datasource.parameters ?? [] }) });
    }
    provider.datasources = datasourceFiles;
    provider.credentials_schema ??= [];
    if (provider.oauth_schema === null) delete provider.oauth_schema;
    const path = `provider/${safeFileName(providerName)}.yaml`;
    files.push({ path, text: yaml(provider) });
    return [path];
  },
};
