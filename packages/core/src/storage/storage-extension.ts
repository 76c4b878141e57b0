import { defineSessionExtension } from "../runtime/session-extension.js";
import { StorageClient } from "./storage-client.js";

/** `session.storage`: the plugin's persistent key-value store. Installed on every plugin by default. */
export const storageExtension = defineSessionExtension({
  name: "storage",
  exportName: "storageExtension",
  packageName: "@x/core",
  create: (session) => new StorageClient(session),
});
