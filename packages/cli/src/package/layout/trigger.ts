import { PluginLoadError } from "../../errors/plugin-load-error.js";
import { jsonCopy, type KindWriter, nameOf, safeFileName, yaml } from "./layout-kit.js";

/**
 * `plugins.triggers` → `provider/<provider>.yaml`, whose `events` list → `events/<event>.yaml`: the daemon's
 * decoder reads each string of `events` as an event file (`EventFiles`) and each file as an `EventDeclaration`
 * (`pkg/plugin_packager/decoder/helper.go`, `TriggerProviderDeclaration.UnmarshalYAML` in
 * `pkg/entities/plugin_entities/trigger_declaration.go`). `subscription_schema` stays a list (the decoder reads
 * the list and the map form alike) and is written `[]` when empty, since the daemon requires it.
 */
export const triggerWriter: KindWriter = {
  manifestKey: "triggers",
  write(declaration, { files, manifestFile }) {
    const provider = jsonCopy(declaration);
    const providerName = nameOf(provider, "trigger provider");
    const events = Array.isArray(provider.events) ? (provider.events as Record<string, unknown>[]) : [];
    const eventFiles: string[] = [];
    for (const event of events) {
      const path = `events/${safeFileName(nameOf(event, "trigger event"))}.yaml`;
      if (eventFiles.includes(path))
        throw new PluginLoadError(manifestFile, `two trigger events are named ${path}`);
      eventFiles.push(path);
      files.push({ path, text: yaml(event) });
    }
    provider.events = eventFiles;
    provider.subscription_schema ??= [];
    if (provider.subscription_constructor === null) delete provider.subscription_constructor;
    const path = `provider/${safeFileName(providerName)}.yaml`;
    files.push({ path, text: yaml(provider) });
    return [path];
  },
};
