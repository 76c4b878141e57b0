import { jsonCopy, type KindWriter, safeFileName, yaml } from "./layout-kit.js";

/** `plugins.endpoints` → `group/<plugin name>.yaml`, whose `endpoints` list → `endpoints/<n>-<method>-<path>.yaml`. */
export const endpointWriter: KindWriter = {
  manifestKey: "endpoints",
  write(declaration, { files, manifest }) {
    const group = jsonCopy(declaration);
    const endpoints = Array.isArray(group.endpoints) ? (group.endpoints as Record<string, unknown>[]) : [];
    group.endpoints = endpoints.map((endpoint, index) => {
      const slug = String(endpoint.path ?? "")
        .replace(/[^a-zA-Z0-9_-]+/g, "_")
        .replace(/^_+|_+$/g, "");
      const path = `endpoints/${index + 1}-${String(endpoint.method ?? "any").toLowerCase()}${slug ? `-${slug}` : ""}.yaml`;
      files.push({ path, text: yaml(endpoint) });
      return path;
    });
    const path = `group/${safeFileName(String(manifest.name ?? "endpoints"))}.yaml`;
    files.push({ path, text: yaml(group) });
    return [path];
  },
};
